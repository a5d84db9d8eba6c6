"""ECDSA pieces shared by ecdsa-rdfc-2019 and ecdsa-sd-2023 (W3C vc-di-ecdsa).

A signature is the raw IEEE P1363 form ``r || s`` (64 bytes on P-256, 96 on
P-384); the curve fixes the hash (P-256 with SHA-256, P-384 with SHA-384).
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from .. import verification_method
from ..keys import KeyInvalid, KeyUnavailable, VerificationKey
from .result import ProofResult

# curve name -> (name in the spec, hash, bytes of one signature half)
CURVES = {
    "secp256r1": ("P-256", hashes.SHA256, 32),
    "secp384r1": ("P-384", hashes.SHA384, 48),
}


def curve_of(public_key) -> tuple[str, type[hashes.HashAlgorithm], int] | None:
    if not isinstance(public_key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey):
        return None
    return CURVES.get(public_key.curve.name)


def resolve_ec_key(proof: dict, env, label: str) -> VerificationKey | ProofResult:
    """The proof's P-256 / P-384 key, or the result to report when there is none."""
    try:
        key = verification_method.resolve(proof.get("verificationMethod"), env.fetcher)
    except KeyUnavailable as exc:
        return ProofResult("could_not_check", str(exc), code=exc.code, params=exc.params)
    except KeyInvalid as exc:
        return ProofResult("failed", str(exc))
    if curve_of(key.public_key) is None:
        return ProofResult("failed", f"{label}: {key.method_id} is not a P-256 or P-384 key")
    return key


def verify_p1363(public_key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` (r || s) signs ``data`` under ``public_key``."""
    curve = curve_of(public_key)
    if curve is None:
        return False
    _, hash_cls, size = curve
    if len(signature) != 2 * size:
        return False
    r = int.from_bytes(signature[:size], "big")
    s = int.from_bytes(signature[size:], "big")
    if r == 0 or s == 0:
        return False
    try:
        public_key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hash_cls()))
    except InvalidSignature:
        return False
    return True


def sign_p1363(private_key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    curve = curve_of(private_key)
    if curve is None:
        raise ValueError("only P-256 and P-384 keys sign ECDSA Data Integrity proofs")
    _, hash_cls, size = curve
    r, s = decode_dss_signature(private_key.sign(data, ec.ECDSA(hash_cls())))
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def check_purpose(proof: dict, label: str) -> ProofResult | None:
    if proof.get("proofPurpose") != "assertionMethod":
        return ProofResult(
            "failed",
            f"{label}: proof purpose is {proof.get('proofPurpose')!r}, not assertionMethod",
        )
    return None


def mismatch(label: str, key: VerificationKey, detail: str = "") -> ProofResult:
    reason = f"{label} signature does not match the credential"
    if detail:  # the coded reason has no place for a detail: plain English then
        return ProofResult("failed", f"{reason} ({detail})", key)
    return ProofResult("failed", reason, key, "proof.mismatch", {"suite": label})


def valid(label: str, key: VerificationKey) -> ProofResult:
    params = {"suite": label, "how": key.how, **key.how_params}
    return ProofResult(
        "passed", f"{label} signature is valid ({key.how})", key, "proof.valid", params
    )
