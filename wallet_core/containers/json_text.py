"""Plain JSON input (also ``.1ob`` files, which are JSON)."""

from __future__ import annotations

from .text import decode_utf8, strip_leading


def sniff(data: bytes) -> bool:
    return strip_leading(data)[:1] in (b"{", b"[")


def unbake(data: bytes) -> str:
    return decode_utf8(data, "file").strip()
