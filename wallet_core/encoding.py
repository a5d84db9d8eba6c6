"""Small, dependency-free encoders: base58btc, multibase, base64url, multicodec keys."""

from __future__ import annotations

import base64

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}

# multicodec prefixes (unsigned varint) for public keys we understand
ED25519_PUB = b"\xed\x01"
P256_PUB = b"\x80\x24"
P384_PUB = b"\x81\x24"
ED25519_PRIV = b"\x80\x26"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, rem = divmod(n, 58)
        out.append(_B58_ALPHABET[rem])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        try:
            n = n * 58 + _B58_INDEX[ch]
        except KeyError:
            raise ValueError(f"not base58btc: unexpected character {ch!r}") from None
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body


def b64url_decode(text: str) -> bytes:
    if any(c in text for c in "+/="):
        text = text.rstrip("=")
        if "+" in text or "/" in text:
            raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not base64url: {exc}") from None


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def multibase_decode(text: str) -> bytes:
    """Decode multibase text: 'z' base58btc, 'u' base64url (no padding)."""
    if not isinstance(text, str) or not text:
        raise ValueError("empty multibase value")
    prefix, body = text[0], text[1:]
    if prefix == "z":
        return b58decode(body)
    if prefix == "u":
        return b64url_decode(body)
    raise ValueError(f"unsupported multibase prefix {prefix!r}")


def multibase_encode_b58(data: bytes) -> str:
    return "z" + b58encode(data)
