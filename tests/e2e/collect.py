"""Helpers for the collect tests: awards from the real issuer console (an OpenID4VCI
offer per award), QR codes as PNG and as a Y4M video for Chromium's fake camera."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import segno

from tests.conftest import REPO


def admin_token(server) -> str:
    """A fresh one-time admin token for the server's console (`satchel admin-token`):
    the token printed at first start may already be spent by another test module
    sharing the session's server."""
    database = ["--database", server.database] if getattr(server, "database", None) else []
    out = subprocess.run(
        [sys.executable, "-m", "server.cli", "admin-token", "--data-dir", str(server.data_dir), *database],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=60,
    )
    return out.stdout.strip().rsplit(" ", 1)[-1]


@dataclass
class Offer:
    uri: str  # openid-credential-offer://?credential_offer=…
    tx_code: str | None
    page: str | None = None  # the https offer page of the console's QR code

    @property
    def query(self) -> str:
        return self.uri.split("?", 1)[1]

    def app_link(self, base: str) -> str:
        """The https app link for the offer: the wallet's hash route."""
        return f"{base}/#/offer?{self.query}"


class Console:
    """The issuer console, signed in once with the printed admin token."""

    def __init__(self, server):
        self.client = httpx.Client(base_url=server.url, follow_redirects=True, timeout=20)
        page = self.client.post("/console/login", data={"token": admin_token(server)})
        assert page.status_code == 200 and "Issuer console" in page.text, page.text[:300]
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)

    def award(self, did: str, slug: str = "green-finance", lang: str = "en", tx_code: bool = False) -> Offer:
        data = {"csrf": self.csrf, "achievement": slug, "subject": did, "lang": lang}
        if tx_code:
            data["tx_code"] = "on"
        page = self.client.post("/console/awards", data=data)
        assert [r.status_code for r in page.history] == [303] and page.status_code == 200, page.text[:500]
        uri = html.unescape(re.search(r'id="offer-link" href="([^"]+)"', page.text).group(1))
        code = re.search(r'id="tx-code">(\d+)<', page.text)
        offer_page = re.search(r'id="offer-page" href="([^"]+)"', page.text)
        return Offer(
            uri=uri, tx_code=code.group(1) if code else None, page=html.unescape(offer_page.group(1)) if offer_page else None
        )

    def close(self) -> None:
        self.client.close()


def qr_png(text: str, path: Path, scale: int = 6) -> Path:
    segno.make(text, error="m").save(str(path), kind="png", scale=scale, border=4)
    return path


def qr_y4m(text: str | list[str], path: Path, width: int = 640, height: int = 480, frames: int = 5) -> Path:
    """A short Y4M (YUV 4:2:0) video showing the QR code, dark on light, centred; for a list of
    texts (the parts of a multi-part code) each in turn, `frames` frames each (10 a second).
    Chromium's --use-file-for-fake-video-capture plays it in a loop."""
    texts = [text] if isinstance(text, str) else text
    chroma = bytes([128]) * ((width // 2) * (height // 2) * 2)
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for one in texts:
            y_plane = _qr_luma(one, width, height)
            for _ in range(frames):
                f.write(b"FRAME\n")
                f.write(y_plane)
                f.write(chroma)
    return path


def _qr_luma(text: str, width: int, height: int) -> bytes:
    qr = segno.make(text, error="m")
    rows = [list(r) for r in qr.matrix_iter(scale=1, border=4)]
    n = len(rows)
    module = max(1, min(width, height) * 9 // 10 // n)
    side = n * module
    x0, y0 = (width - side) // 2, (height - side) // 2
    light, dark = 235, 16
    y_plane = bytearray([light]) * (width * height)
    for r, row in enumerate(rows):
        for c, bit in enumerate(row):
            if not bit:
                continue
            for dy in range(module):
                start = (y0 + r * module + dy) * width + x0 + c * module
                y_plane[start : start + module] = bytes([dark]) * module
    return bytes(y_plane)


def offer_uri_for(credential_issuer: str, code: str) -> str:
    """A syntactically valid offer the issuer never made (for malformed/unknown-code paths)."""
    import json

    offer = {
        "credential_issuer": credential_issuer,
        "credential_configuration_ids": ["OpenBadgeCredential_ldp_vc"],
        "grants": {"urn:ietf:params:oauth:grant-type:pre-authorized_code": {"pre-authorized_code": code}},
    }
    return "openid-credential-offer://?credential_offer=" + quote(json.dumps(offer), safe="")
