"""Encrypted answers (``direct_post.jwt``, OpenID4VP 1.0 section 8.3): an
ephemeral P-256 key per request, and decryption of the wallet's compact JWE
with ``alg: ECDH-ES`` (direct key agreement, RFC 7518 section 4.6) and
``enc: A128GCM`` or ``A256GCM``. Nothing else is accepted."""

from __future__ import annotations

import hashlib
import json
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_der_private_key,
)

from wallet_core.encoding import b64url_decode, b64url_encode

ENCS = {"A128GCM": 16, "A256GCM": 32}


class JweError(ValueError):
    pass


def new_key() -> tuple[bytes, dict]:
    """(private key as PKCS#8 DER, public JWK without kid)."""
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url_encode(numbers.x.to_bytes(32, "big")),
        "y": b64url_encode(numbers.y.to_bytes(32, "big")),
        "use": "enc",
        "alg": "ECDH-ES",
    }
    return key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()), jwk


def header(compact: str) -> dict:
    parts = compact.split(".")
    if len(parts) != 5:
        raise JweError("the response is not a compact JWE (five parts)")
    try:
        value = json.loads(b64url_decode(parts[0]))
    except (ValueError, UnicodeDecodeError):
        raise JweError("the JWE header is not base64url JSON") from None
    if not isinstance(value, dict):
        raise JweError("the JWE header is not a JSON object")
    return value


def _len_prefixed(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _concat_kdf(z: bytes, enc: str, apu: bytes, apv: bytes, size: int) -> bytes:
    other = _len_prefixed(enc.encode("ascii")) + _len_prefixed(apu) + _len_prefixed(apv) + struct.pack(">I", size * 8)
    return hashlib.sha256(b"\x00\x00\x00\x01" + z + other).digest()[:size]  # size <= 32: one round


def _b64(value, what: str) -> bytes:
    if not isinstance(value, str):
        raise JweError(f"{what} is missing")
    try:
        return b64url_decode(value)
    except ValueError:
        raise JweError(f"{what} is not base64url") from None


def decrypt(compact: str, private_der: bytes) -> bytes:
    head = header(compact)
    protected, encrypted_key, iv, ciphertext, tag = compact.split(".")
    if head.get("alg") != "ECDH-ES":
        raise JweError("the JWE alg must be ECDH-ES")
    size = ENCS.get(head.get("enc"))
    if size is None:
        raise JweError(f"the JWE enc must be one of {', '.join(ENCS)}")
    if encrypted_key:
        raise JweError("ECDH-ES (direct) carries no encrypted key")
    epk = head.get("epk")
    if not isinstance(epk, dict) or epk.get("kty") != "EC" or epk.get("crv") != "P-256":
        raise JweError("the JWE epk must be a P-256 EC key")
    try:
        their = ec.EllipticCurvePublicNumbers(
            int.from_bytes(_b64(epk.get("x"), "epk.x"), "big"), int.from_bytes(_b64(epk.get("y"), "epk.y"), "big"), ec.SECP256R1()
        ).public_key()
    except ValueError:
        raise JweError("the JWE epk is not a point on P-256") from None
    ours = load_der_private_key(private_der, None)
    z = ours.exchange(ec.ECDH(), their)
    apu = _b64(head["apu"], "apu") if "apu" in head else b""
    apv = _b64(head["apv"], "apv") if "apv" in head else b""
    cek = _concat_kdf(z, head["enc"], apu, apv, size)
    nonce, body = _b64(iv, "iv"), _b64(ciphertext, "ciphertext") + _b64(tag, "tag")
    try:
        return AESGCM(cek).decrypt(nonce, body, protected.encode("ascii"))
    except (InvalidTag, ValueError):
        raise JweError("the JWE does not decrypt with this request's key (altered, or for another key)") from None
