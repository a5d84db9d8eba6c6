"""Downloads: the credential baked into an SVG (``<openbadges:credential>``) or a
PNG (iTXt chunk ``openbadgecredential``), and offer QR codes (segno)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from html import escape

import segno

OB3_SVG_NS = "https://purl.imsglobal.org/ob/v3p0"


def qr_svg(text: str) -> str:
    """An inline SVG QR code (error correction M) with a title for screen readers."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True,
        title="Credential offer QR code", unit=None,
    )
    return buffer.getvalue().decode()


def baked_svg(credential: dict, title: str) -> bytes:
    text = json.dumps(credential, ensure_ascii=False)
    cdata = text.replace("]]>", "]]]]><![CDATA[>")  # a CDATA section cannot contain ]]>
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB3_SVG_NS}" '
        'width="240" height="240" viewBox="0 0 240 240">'
        f"<title>{escape(title)}</title>"
        f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>"
        '<circle cx="120" cy="120" r="112" fill="#1d4ed8"/>'
        f'<text x="120" y="128" font-size="16" text-anchor="middle" fill="#fff">{escape(title[:24])}</text>'
        "</svg>"
    )
    return svg.encode("utf-8")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def baked_png(credential: dict, picture_of: str) -> bytes:
    """A PNG (the QR code of ``picture_of``, e.g. the credential id) carrying the credential."""
    buffer = io.BytesIO()
    segno.make(picture_of, error="m").save(buffer, kind="png", scale=4, border=4)
    png = buffer.getvalue()
    text = json.dumps(credential, ensure_ascii=False).encode("utf-8")
    # iTXt: keyword\0, compression flag 0, method 0, language\0, translated keyword\0, text
    itxt = _chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0" + text)
    end = png.rindex(b"IEND") - 4  # insert before the IEND chunk
    return png[:end] + itxt + png[end:]
