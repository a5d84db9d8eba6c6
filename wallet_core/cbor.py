"""A small, strict CBOR (RFC 8949) reader and writer for proof values.

Only what the ecdsa-sd-2023 proof values use: unsigned and negative integers,
byte strings, text strings, arrays and maps, all of definite length, and tag 64
(a byte string some implementations tag as a ``Uint8Array``). Anything else —
floats, simple values, indefinite lengths, other tags, trailing bytes,
duplicate map keys — is refused with ``CborError``, so a proof value has
exactly one reading. (Lengths need not be in their shortest form: the
signatures cover what the values mean, not their encoding.)
"""

from __future__ import annotations

MAX_DEPTH = 8
MAX_ITEMS = 100_000


class CborError(ValueError):
    """The bytes are not CBOR of the accepted subset."""


def decode(data: bytes):
    """The one value ``data`` encodes (no bytes may follow it)."""
    reader = _Reader(bytes(data))
    value = reader.item(0)
    if reader.pos != len(reader.data):
        raise CborError(f"{len(reader.data) - reader.pos} bytes follow the CBOR value")
    return value


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0
        self.items = 0

    def take(self, n: int) -> bytes:
        if n > len(self.data) - self.pos:
            raise CborError("CBOR value is truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def head(self) -> tuple[int, int]:
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if info < 24:
            return major, info
        if info > 27:
            raise CborError("indefinite lengths and reserved values are not accepted")
        size = 1 << (info - 24)
        return major, int.from_bytes(self.take(size), "big")

    def item(self, depth: int):
        if depth > MAX_DEPTH:
            raise CborError("CBOR value is nested too deeply")
        self.items += 1
        if self.items > MAX_ITEMS:
            raise CborError("CBOR value has too many items")
        major, arg = self.head()
        if major == 0:
            return arg
        if major == 1:
            return -1 - arg
        if major == 2:
            return self.take(arg)
        if major == 3:
            try:
                return self.take(arg).decode("utf-8")
            except UnicodeDecodeError:
                raise CborError("a CBOR text string is not UTF-8") from None
        if major == 4:
            if arg > len(self.data) - self.pos:
                raise CborError("CBOR array is longer than the data")
            return [self.item(depth + 1) for _ in range(arg)]
        if major == 5:
            if 2 * arg > len(self.data) - self.pos:
                raise CborError("CBOR map is longer than the data")
            out: dict = {}
            for _ in range(arg):
                key = self.item(depth + 1)
                if not isinstance(key, int | str):
                    raise CborError("CBOR map keys must be integers or text")
                if key in out:
                    raise CborError(f"CBOR map key {key!r} is repeated")
                out[key] = self.item(depth + 1)
            return out
        if major == 6 and arg == 64:
            value = self.item(depth + 1)
            if not isinstance(value, bytes):
                raise CborError("CBOR tag 64 must hold a byte string")
            return value
        if major == 6:
            raise CborError(f"CBOR tag {arg} is not accepted")
        raise CborError("CBOR floats and simple values are not accepted")


def encode(value) -> bytes:
    """The CBOR of ``value`` (int, bytes, str, list, dict), shortest form."""
    if isinstance(value, bool) or value is None:
        raise CborError(f"cannot encode {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes | bytearray):
        return _head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list | tuple):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise CborError(f"cannot encode {type(value).__name__}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise CborError("integer too large for CBOR")
