"""`make bench`: print Satchel's size and speed figures.

- PWA transfer: bytes over the wire (gzip, as served by the real server) for a
  first visit in headless Chromium, and the gzip size of everything precached.
- wallet_core verification throughput on the OB 3.0 fixtures, one core.
Budgets from the brief: first visit <= 100 KB, precache <= 250 KB.
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, OB30, REPO, LiveServer

FIRST_VISIT_BUDGET = 100 * 1024
PRECACHE_BUDGET = 250 * 1024


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def precache_urls(dist: Path) -> list[str]:
    sw = (dist / "sw.js").read_text()
    return sorted(set(re.findall(r'"url":"([^"]+)"', sw))) + ["sw.js"]


def precache_gzip_bytes(dist: Path) -> tuple[int, int]:
    total = 0
    urls = precache_urls(dist)
    for url in urls:
        path = dist / url.lstrip("/").split("?")[0]
        total += len(gzip.compress(path.read_bytes(), 9))
    return total, len(urls)


def first_visit_transfer(url: str) -> tuple[int, int]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes: dict[str, int] = {}
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(url, wait_until="networkidle")
        browser.close()
    return sum(sizes.values()), len(sizes)


def verification_throughput(seconds: float = 2.0) -> list[tuple[str, str, float, str]]:
    from wallet_core import VerifyOptions, verify

    options = VerifyOptions(fetcher=None)
    rows = []
    for name in ["simple-did-key-method.json", "simple.json", "simple-eddsa-2022.json", "simple-json.png",
                 "simple.jwt", "simple-jwt.png"]:
        data = (OB30 / name).read_bytes()
        verdict = verify(data, options)  # warms the document loader
        n = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            verify(data, options)
            n += 1
        rate = n / (time.perf_counter() - start)
        rows.append((name, verdict.format, rate, verdict.result))
    return rows


def main() -> int:
    dist = REPO / "pwa" / "dist"
    ok = True
    print("== PWA transfer (gzip) ==")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        server = LiveServer(data)
        try:
            first, requests = first_visit_transfer(server.url + "/")
        finally:
            server.stop()
    precache, files = precache_gzip_bytes(dist)
    print(f"first visit     {kb(first):>10}  ({requests} requests, budget {kb(FIRST_VISIT_BUDGET)}, "
          f"{first / FIRST_VISIT_BUDGET:.0%} of budget)")
    print(f"precache total  {kb(precache):>10}  ({files} files, budget {kb(PRECACHE_BUDGET)}, "
          f"{precache / PRECACHE_BUDGET:.0%} of budget)")
    ok = ok and first <= FIRST_VISIT_BUDGET and precache <= PRECACHE_BUDGET

    print("\n== wallet_core verification throughput (one core, document loader warm) ==")
    for name, fmt, rate, result in verification_throughput():
        print(f"{name:<30} {fmt:<12} {rate:8.1f} verifications/s   (verdict: {result})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
