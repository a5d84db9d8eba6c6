"""Shared steps of the Data Integrity style proofs (hash proof options + document).

verify data = SHA-256(canonical proof options) || SHA-256(canonical document),
signed with Ed25519 (W3C vc-di-eddsa; Ed25519Signature2020 does the same).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from .. import reasons, verification_method
from ..canonical import CanonicalizationError, CanonicalizationLimit, ContextUnavailable
from ..encoding import multibase_decode
from ..keys import KeyInvalid, KeyUnavailable, VerificationKey
from .result import ProofResult

# The one member of a proof that holds its signature, by proof type: only that
# member is left out of the signed proof options. Any other member (a "jws"
# added to a DataIntegrityProof, say) is signed, so adding it breaks the proof.
SIGNATURE_FIELD = {"Ed25519Signature2018": "jws"}  # every other suite: proofValue


def proof_options(document: dict, proof: dict) -> dict:
    kind = proof.get("type")
    signature_field = SIGNATURE_FIELD.get(kind, "proofValue") if isinstance(kind, str) else "proofValue"
    options = {k: v for k, v in proof.items() if k != signature_field}
    if "@context" in document and "@context" not in options:
        options["@context"] = document["@context"]
    return options


def hash_data(document: dict, proof: dict, canonicalize: Callable[[dict], bytes]) -> bytes:
    options_hash = hashlib.sha256(canonicalize(proof_options(document, proof))).digest()
    document_hash = hashlib.sha256(canonicalize(document)).digest()
    return options_hash + document_hash


def resolve_key(proof: dict, env) -> VerificationKey | ProofResult:
    try:
        key = verification_method.resolve(proof.get("verificationMethod"), env.fetcher)
    except KeyUnavailable as exc:
        return ProofResult("could_not_check", str(exc), code=exc.code, params=exc.params)
    except KeyInvalid as exc:
        return ProofResult("failed", str(exc))
    if not isinstance(key.public_key, ed25519.Ed25519PublicKey):
        return ProofResult("failed", f"{key.method_id} is not an Ed25519 key")
    return key


def verify_ed25519(
    document: dict,
    proof: dict,
    env,
    *,
    label: str,
    canonicalize: Callable[[dict], bytes],
    signature: Callable[[dict], bytes],
    signing_input: Callable[[dict, bytes], bytes] = lambda proof, data: data,
) -> ProofResult:
    if proof.get("proofPurpose") != "assertionMethod":
        return ProofResult(
            "failed",
            f"{label}: proof purpose is {proof.get('proofPurpose')!r}, not assertionMethod",
        )
    key = resolve_key(proof, env)
    if isinstance(key, ProofResult):
        return key
    try:
        sig = signature(proof)
    except ValueError as exc:
        return ProofResult("failed", f"{label}: the signature value is malformed: {exc}", key)
    try:
        data = hash_data(document, proof, canonicalize)
    except CanonicalizationError as exc:
        return canonicalization_failure(exc, label, key)
    try:
        key.public_key.verify(sig, signing_input(proof, data))
    except InvalidSignature:
        return ProofResult(
            "failed",
            f"{label} signature does not match the credential",
            key,
            "proof.mismatch",
            {"suite": label},
        )
    params = {"suite": label, "how": key.how, **key.how_params}
    return ProofResult("passed", f"{label} signature is valid ({key.how})", key, "proof.valid", params)


def multibase_signature(proof: dict) -> bytes:
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise ValueError("proofValue missing")  # noqa: TRY004 - callers expect ValueError
    if not value.startswith("z"):
        raise ValueError("proofValue is not base58btc multibase")
    sig = multibase_decode(value)
    if len(sig) != 64:
        raise ValueError(f"an Ed25519 signature is 64 bytes, got {len(sig)}")
    return sig


def canonicalization_failure(
    exc: CanonicalizationError, label: str, key: VerificationKey | None
) -> ProofResult:
    """The proof result when the document or proof options could not be canonicalised."""
    if isinstance(exc, ContextUnavailable):
        return ProofResult("could_not_check", f"{label}: {exc}", key)
    if isinstance(exc, CanonicalizationLimit):
        # Too much work to check, which says nothing about the signature: not checked.
        params = {"suite": label, "limit_code": f"limit.{exc.limit}", "max": f"{exc.maximum:,}"}
        reason = reasons.render("proof.too_complex", params) or str(exc)
        return ProofResult("could_not_check", reason, key, "proof.too_complex", params)
    return ProofResult("failed", f"{label}: {exc}", key)
