"""The in-person QR transport of a presentation (see ``docs/api.md``)."""

from __future__ import annotations

import hashlib
import re
import zlib

from ..encoding import b64url_decode, b64url_encode
from ..errors import InputTooLarge, MalformedInput
from .model import QR_PREFIX, QR_PREFIX_V1

# SVP2 (written since 0.x; docs/api.md, "In-person QR codes"):
#
# "SVP2:" + base45(deflate-raw(pack(presentation))). pack() replaces every long run
# of canonical base64url in the text by its decoded bytes, recursively when those
# bytes are a JSON object (a JWT header or payload, a disclosure, a JWT nested in a
# JSON string): a sequence of records [tag][varint length][bytes] with tag 0 literal
# text, 1 base64url of the bytes, 2 base64url of the packed bytes unpacked. Nested
# base64 (an SD-JWT inside a VP-JWT payload) is what made SVP1 large.
# Too large for one code, it is cut into parts "SVP2/<i>/<n>/<id>:<piece>" (i from
# 1), the pieces of the base45 text in order; <id> is the first 3 bytes of SHA-256
# of the whole base45 text in hex, so parts of different codes are never joined.
#
# SVP1 (still read):
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

def _read_varint(body: bytes, i: int) -> tuple[int, int]:
    """The unsigned LEB128 number at ``body[i]`` (at most 5 bytes) and the index after it."""
    n = shift = 0
    while True:
        if i >= len(body) or shift > 28:
            raise MalformedInput("The QR presentation is damaged.")
        b = body[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, i



def qr_encode_v1(presentation: str) -> str:
    """Pack a VP-JWT or SD-JWT+KB into ``SVP1:<base45>`` (the first QR form, still read)."""
    body = bytearray()
    for sep, segment in re.findall(r"(^|[.~])([^.~]*)", presentation):
        raw = b64url_decode(segment) if segment else b""
        if b64url_encode(raw) != segment:
            raise ValueError("a segment is not canonical base64url")
        body.append(ord(sep) if sep else 0)
        body += _varint(len(raw)) + raw
    return QR_PREFIX_V1 + _b45encode(zlib.compress(bytes(body), 9))


def _decode_v1(text: str, max_bytes: int) -> str:
    packed = _b45decode(text[len(QR_PREFIX_V1) :].strip())
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
        n, i = _read_varint(body, i)
        if i + n > len(body):
            raise MalformedInput("The QR presentation is damaged.")
        out.append(("" if sep == 0 else chr(sep)) + b64url_encode(body[i : i + n]))
        i += n
    return "".join(out)


# ---- SVP2 ---------------------------------------------------------------------------

PART_SIZE = 1000  # base45 characters per part: a version-21 (level M) QR code at most
_RUN = re.compile(rb"[A-Za-z0-9_-]{16,}")
_MAX_DEPTH = 4
_PART = re.compile(r"SVP2/(\d{1,2})/(\d{1,2})/([0-9A-F]{6}):([0-9A-Z $%*+\-./:]*)")


def _pack(data: bytes, depth: int = 0, binary: bool = True) -> bytes:
    out = bytearray()

    def record(tag: int, raw: bytes) -> None:
        out.append(tag)
        out.extend(_varint(len(raw)) + raw)

    at = 0
    for m in _RUN.finditer(data):
        run = m.group().decode("ascii")
        if len(run) % 4 == 1:
            continue
        raw = b64url_decode(run)
        if b64url_encode(raw) != run:
            continue
        if depth < _MAX_DEPTH - 1 and raw[:1] in (b"{", b"["):
            tag, raw = 2, _pack(raw, depth + 1, binary)
        elif binary and len(run) >= 40:
            tag = 1
        else:
            continue
        if m.start() > at:
            record(0, data[at : m.start()])
        record(tag, raw)
        at = m.end()
    if at < len(data):
        record(0, data[at:])
    return bytes(out)


def _unpack(body: bytes, budget: list[int], depth: int = 0) -> bytes:
    if depth >= _MAX_DEPTH:
        raise MalformedInput("The QR presentation is damaged.")
    out, i = bytearray(), 0
    while i < len(body):
        tag = body[i]
        i += 1
        n, i = _read_varint(body, i)
        if i + n > len(body) or tag > 2:
            raise MalformedInput("The QR presentation is damaged.")
        raw = body[i : i + n]
        i += n
        if tag == 2:
            raw = _unpack(raw, budget, depth + 1)
        piece = raw if tag == 0 else b64url_encode(raw).encode("ascii")
        budget[0] -= len(piece)
        if budget[0] < 0:
            raise InputTooLarge("The QR presentation unpacks to too much data.")
        out += piece
    return bytes(out)


def _deflate(data: bytes) -> bytes:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    return deflater.compress(data) + deflater.flush()


def _part_id(body: str) -> str:
    return hashlib.sha256(body.encode("ascii")).hexdigest()[:6].upper()


def qr_encode_parts(presentation: str, part_size: int = PART_SIZE) -> list[str]:
    """The SVP2 QR text of a presentation: one text, or parts when it is longer than ``part_size``."""
    data = presentation.encode("ascii")
    # long base64url runs that are not JSON (signatures, but also base58 keys that happen
    # to be canonical base64url) pack better as bytes or as text: keep the smaller
    body = min((_b45encode(_deflate(_pack(data, binary=b))) for b in (True, False)), key=len)
    if len(QR_PREFIX) + len(body) <= part_size:
        return [QR_PREFIX + body]
    n = -(-len(body) // part_size)
    size = -(-len(body) // n)
    if n > 99:
        raise InputTooLarge("The presentation is too large for in-person QR codes.")
    pid = _part_id(body)
    return [f"SVP2/{i + 1}/{n}/{pid}:{body[i * size : (i + 1) * size]}" for i in range(n)]


def qr_encode(presentation: str) -> str:
    """Pack a VP-JWT or SD-JWT+KB into ``SVP2:<base45>`` for one QR code (alphanumeric mode)."""
    return qr_encode_parts(presentation, part_size=1 << 30)[0]


def qr_join(parts: list[str]) -> str:
    """The ``SVP2:`` text of a complete set of parts (any order); MalformedInput when incomplete."""
    seen: dict[int, str] = {}
    total = pid = None
    for part in parts:
        m = _PART.fullmatch(part.strip("\r\n"))
        if not m:
            raise MalformedInput("This is not part of an in-person QR code.")
        i, n, this = int(m[1]), int(m[2]), m[3]
        if not 1 <= i <= n or (total is not None and (n, this) != (total, pid)):
            raise MalformedInput("These QR parts belong to different codes.")
        total, pid = n, this
        seen[i] = m[4]
    if total is None or len(seen) != total:
        raise MalformedInput(f"Only {len(seen)} of {total or '?'} parts of the QR code were given.")
    body = "".join(seen[i] for i in range(1, total + 1))
    if _part_id(body) != pid:
        raise MalformedInput("The QR parts do not fit together.")
    return QR_PREFIX + body


def qr_decode(text: str, max_bytes: int = 1024 * 1024) -> str:
    """The presentation of an in-person QR text: ``SVP2:``, ``SVP1:``, or all the parts of an
    ``SVP2/i/n/id:`` code (any order, one a line)."""
    text = text.strip()
    if text.startswith("SVP2/"):
        text = qr_join([line for line in text.splitlines() if line.strip()])
    if text.startswith(QR_PREFIX_V1):
        return _decode_v1(text, max_bytes)
    if not text.startswith(QR_PREFIX):
        raise MalformedInput(f"QR presentations start with {QR_PREFIX} (or {QR_PREFIX_V1}).")
    packed = _b45decode(text[len(QR_PREFIX) :].strip())
    try:
        inflater = zlib.decompressobj(-15)
        body = inflater.decompress(packed, max_bytes + 1)
    except zlib.error:
        raise MalformedInput("The QR presentation is not deflate-compressed.") from None
    if len(body) > max_bytes or inflater.unconsumed_tail:
        raise InputTooLarge("The QR presentation unpacks to too much data.")
    if not inflater.eof:
        raise MalformedInput("The QR presentation is cut short.")
    out = _unpack(body, [max_bytes])
    try:
        return out.decode("ascii")
    except UnicodeDecodeError:
        raise MalformedInput("The QR presentation is damaged.") from None
