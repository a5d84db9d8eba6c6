"""The in-person QR transport of a presentation (see ``docs/api.md``)."""

from __future__ import annotations

import re
import zlib

from ..encoding import b64url_decode, b64url_encode
from ..errors import InputTooLarge, MalformedInput
from .model import QR_PREFIX

# The format:
#
# "SVP1:" + base45(deflate(body)), where body is the presentation with every
# base64url segment (split on "." and "~") replaced by its decoded bytes:
# a sequence of records [separator byte ('.', '~' or 0 for the first)]
# [varint length][bytes]. Base45 (RFC 9285) fits the QR alphanumeric mode.
# Decoding re-encodes each segment as unpadded base64url, so only presentations
# whose segments are canonical base64url can be packed (JWTs always are).

B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def _b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 2):
        chunk = data[i : i + 2]
        if len(chunk) == 2:
            n = chunk[0] * 256 + chunk[1]
            c, n = divmod(n, 45 * 45)
            e, d = divmod(n, 45)
            out += [B45[d], B45[e], B45[c]]
        else:
            e, d = divmod(chunk[0], 45)
            out += [B45[d], B45[e]]
    return "".join(out)


def _b45decode(text: str) -> bytes:
    try:
        values = [B45.index(ch) for ch in text]
    except ValueError:
        raise MalformedInput("The QR text is not base45.") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise MalformedInput("The QR text is not base45.")
            out += bytes([n >> 8, n & 0xFF])
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise MalformedInput("The QR text is not base45.")
            out.append(n)
        else:
            raise MalformedInput("The QR text is not base45.")
    return bytes(out)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def qr_encode(presentation: str) -> str:
    """Pack a VP-JWT or SD-JWT+KB into ``SVP1:<base45>`` for a QR code (alphanumeric mode)."""
    body = bytearray()
    for sep, segment in re.findall(r"(^|[.~])([^.~]*)", presentation):
        raw = b64url_decode(segment) if segment else b""
        if b64url_encode(raw) != segment:
            raise ValueError("a segment is not canonical base64url")
        body.append(ord(sep) if sep else 0)
        body += _varint(len(raw)) + raw
    return QR_PREFIX + _b45encode(zlib.compress(bytes(body), 9))


def qr_decode(text: str, max_bytes: int = 1024 * 1024) -> str:
    if not text.startswith(QR_PREFIX):
        raise MalformedInput(f"QR presentations start with {QR_PREFIX}.")
    packed = _b45decode(text[len(QR_PREFIX) :].strip())
    try:
        inflater = zlib.decompressobj()
        body = inflater.decompress(packed, max_bytes + 1)
    except zlib.error:
        raise MalformedInput("The QR presentation is not deflate-compressed.") from None
    if len(body) > max_bytes or inflater.unconsumed_tail:
        raise InputTooLarge("The QR presentation unpacks to too much data.")
    out, i = [], 0
    while i < len(body):
        sep = body[i]
        if sep not in (0, ord("."), ord("~")) or (sep == 0) != (i == 0):
            raise MalformedInput("The QR presentation is damaged.")
        i += 1
        n = shift = 0
        while True:
            if i >= len(body) or shift > 28:
                raise MalformedInput("The QR presentation is damaged.")
            b = body[i]
            i += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if i + n > len(body):
            raise MalformedInput("The QR presentation is damaged.")
        out.append(("" if sep == 0 else chr(sep)) + b64url_encode(body[i : i + n]))
        i += n
    return "".join(out)
