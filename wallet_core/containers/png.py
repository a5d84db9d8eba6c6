"""Baked PNG badges: the credential sits in an iTXt (or tEXt) chunk.

Open Badges 2.0 uses the keyword ``openbadges``; Open Badges 3.0 uses
``openbadgecredential``. Only the chunk table is read; pixels are never decoded.
"""

from __future__ import annotations

import struct
import zlib

from ..errors import MalformedInput, NotACredential

SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORDS = (b"openbadgecredential", b"openbadges")
MAX_TEXT = 4 * 1024 * 1024


def sniff(data: bytes) -> bool:
    return data.startswith(SIGNATURE)


def _chunks(data: bytes):
    pos = len(SIGNATURE)
    end_seen = False
    while pos < len(data):
        if pos + 8 > len(data):
            raise MalformedInput("This PNG image is broken: it ends in the middle of a chunk.")
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        body_end = pos + 8 + length
        if body_end + 4 > len(data):
            raise MalformedInput("This PNG image is broken: a chunk runs past the end of the file.")
        body = data[pos + 8 : body_end]
        (crc,) = struct.unpack(">I", data[body_end : body_end + 4])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise MalformedInput(
                f"This PNG image is broken: the {ctype.decode('latin-1')} chunk is corrupted."
            )
        yield ctype, body
        pos = body_end + 4
        if ctype == b"IEND":
            end_seen = True
            break
    if not end_seen:
        raise MalformedInput("This PNG image is broken: it has no end marker (IEND).")


def _inflate(raw: bytes) -> bytes:
    d = zlib.decompressobj()
    try:
        out = d.decompress(raw, MAX_TEXT + 1)
    except zlib.error as exc:
        raise MalformedInput(f"The badge text inside this PNG image is corrupted ({exc}).") from None
    if len(out) > MAX_TEXT:
        raise MalformedInput("The badge text inside this PNG image is too large.")
    return out


def _text_of(ctype: bytes, body: bytes) -> tuple[bytes, bytes] | None:
    keyword, sep, rest = body.partition(b"\0")
    if not sep:
        raise MalformedInput("This PNG image is broken: a text chunk has no keyword.")
    if ctype == b"tEXt":
        return keyword, rest
    if ctype == b"zTXt":
        return keyword, _inflate(rest[1:])
    # iTXt: compression flag, compression method, language\0, translated keyword\0, text
    if len(rest) < 2:
        raise MalformedInput("This PNG image is broken: an iTXt chunk is truncated.")
    compressed = rest[0] == 1
    _lang, _, rest2 = rest[2:].partition(b"\0")
    _translated, _, text = rest2.partition(b"\0")
    return keyword, _inflate(text) if compressed else text


def unbake(data: bytes) -> str:
    found: dict[bytes, bytes] = {}
    for ctype, body in _chunks(data):
        if ctype in (b"iTXt", b"tEXt", b"zTXt"):
            keyword = body.partition(b"\0")[0]
            if keyword in KEYWORDS and keyword not in found:
                kw, text = _text_of(ctype, body)
                found[kw] = text
    for keyword in KEYWORDS:
        if keyword in found:
            try:
                return found[keyword].decode("utf-8").strip()
            except UnicodeDecodeError as exc:
                raise MalformedInput(
                    "The badge text inside this PNG image is not valid UTF-8."
                ) from exc
    raise NotACredential("This image does not contain a badge.")
