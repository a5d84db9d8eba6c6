"""Decoding text found inside containers."""

from __future__ import annotations

from ..errors import MalformedInput


def decode_utf8(data: bytes, what: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedInput(f"This {what} is not valid UTF-8 text: {exc.reason}.") from exc


def strip_leading(data: bytes) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.lstrip(b" \t\r\n")
