"""Public keys: from multikey (multibase + multicodec) and JWK, and what we know of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from . import reasons
from .encoding import ED25519_PUB, P256_PUB, P384_PUB, b64url_decode, multibase_decode

PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


class KeyUnavailable(Exception):
    """The key could not be obtained (offline, not fetched): could_not_check. ``code`` and
    ``params`` when a document could not be fetched (wallet_core/fetch_reasons.py)."""

    def __init__(self, message: str, code: str | None = None, params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = params or {}


class KeyInvalid(Exception):
    """The verification method is wrong or unsupported: the proof fails."""


@dataclass(frozen=True)
class VerificationKey:
    public_key: PublicKey
    method_id: str  # the verification method URL as written in the proof
    controller: str  # the DID or URL that controls the key
    # True when the controller is proven to control the key (a DID resolved);
    # False when the key was only read out of the verification method URL.
    controller_proven: bool
    how: str  # plain-language provenance, shown in check reasons
    # ``how`` as a reason phrase: {"how_code": <code>, <its params>} (wallet_core/reasons.py)
    how_params: dict[str, str] = field(default_factory=dict)


def from_multikey(value: str) -> PublicKey:
    try:
        raw = multibase_decode(value)
    except ValueError:
        raise reasons.error(KeyInvalid, "key.multibase", key=value[:24]) from None
    if raw.startswith(ED25519_PUB) and len(raw) == 34:
        return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])
    if raw.startswith(P256_PUB) and len(raw) == 35:
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw[2:])
        except ValueError:
            raise reasons.error(KeyInvalid, "key.point", curve="P-256") from None
    if raw.startswith(P384_PUB) and len(raw) == 51:
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP384R1(), raw[2:])
        except ValueError:
            raise reasons.error(KeyInvalid, "key.point", curve="P-384") from None
    raise reasons.error(KeyInvalid, "key.multikey_type", key=value[:24])


def _b64int(value: str) -> int:
    return int.from_bytes(b64url_decode(value), "big")


_JWK_CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1}


def from_jwk(jwk: dict) -> PublicKey:
    if not isinstance(jwk, dict):
        raise reasons.error(KeyInvalid, "key.jwk_not_object")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    try:
        if kty == "OKP" and crv == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
        if kty == "EC" and crv in _JWK_CURVES:
            return ec.EllipticCurvePublicNumbers(
                _b64int(jwk["x"]), _b64int(jwk["y"]), _JWK_CURVES[crv]()
            ).public_key()
        if kty == "RSA":
            key = rsa.RSAPublicNumbers(_b64int(jwk["e"]), _b64int(jwk["n"])).public_key()
            if key.key_size < 2048:
                raise reasons.error(KeyInvalid, "key.rsa_small", bits=key.key_size)
            return key
    except (KeyError, ValueError, TypeError):
        raise reasons.error(KeyInvalid, "key.jwk_invalid") from None
    raise reasons.error(KeyInvalid, "key.jwk_type", kty=f"{kty!r} {crv or ''}".strip())
