"""JWS signature verification for compact JWTs (EdDSA, ES256, RS256 only)."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from . import reasons
from .encoding import b64url_decode

ALGORITHMS = {
    "EdDSA": ed25519.Ed25519PublicKey,
    "ES256": ec.EllipticCurvePublicKey,
    "RS256": rsa.RSAPublicKey,
}


class JoseError(Exception):
    pass


def verify_compact(token: str, alg: str, public_key) -> bool:
    """True if the signature is valid; raises JoseError if it cannot be checked."""
    expected = ALGORITHMS.get(alg) if isinstance(alg, str) else None
    if expected is None:
        raise reasons.error(JoseError, "jose.alg", alg=repr(alg))
    if not isinstance(public_key, expected):
        raise reasons.error(JoseError, "jose.key_alg", alg=alg)
    head, payload, sig_b64 = token.split("~")[0].split(".")
    signing_input = f"{head}.{payload}".encode("ascii")
    try:
        sig = b64url_decode(sig_b64)
    except ValueError:
        raise reasons.error(JoseError, "jose.signature_encoding") from None
    try:
        if alg == "EdDSA":
            public_key.verify(sig, signing_input)
        elif alg == "ES256":
            if not isinstance(public_key.curve, ec.SECP256R1) or len(sig) != 64:
                return False
            der = encode_dss_signature(
                int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
            )
            public_key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        else:
            public_key.verify(sig, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True
