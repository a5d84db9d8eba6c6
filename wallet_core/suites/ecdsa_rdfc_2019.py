"""DataIntegrityProof with cryptosuite ecdsa-rdfc-2019 (W3C vc-di-ecdsa).

The proof options (the proof without ``proofValue``, with the document's
``@context``) and the document are each canonicalised with RDFC-1.0 and hashed
with the curve's hash (SHA-256 for P-256, SHA-384 for P-384); the two hashes,
options first, are signed with ECDSA under the same hash. The ``proofValue`` is
the raw ``r || s`` signature in base58btc multibase.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes

from .. import reasons
from ..canonical import CanonicalizationError, rdfc
from ..encoding import multibase_decode
from .data_integrity import canonicalization_failure, proof_options
from .ecdsa import check_purpose, curve_of, mismatch, resolve_ec_key, valid, verify_p1363
from .result import ProofResult, coded

LABEL = "DataIntegrityProof ecdsa-rdfc-2019"


def hash_data(document: dict, proof: dict, hash_cls, loader) -> bytes:
    """H(canonical proof options) || H(canonical document)."""

    def digest(doc: dict) -> bytes:
        h = hashes.Hash(hash_cls())
        h.update(rdfc(doc, loader).encode("utf-8"))
        return h.finalize()

    return digest(proof_options(document, proof)) + digest(document)


def signature_of(proof: dict, size: int) -> bytes:
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise reasons.error(ValueError, "sig.missing")  # callers expect ValueError
    if not value.startswith("z"):
        raise reasons.error(ValueError, "sig.not_base58btc")
    sig = multibase_decode(value)
    if len(sig) != 2 * size:
        raise reasons.error(ValueError, "sig.length", size=2 * size, got=len(sig))
    return sig


def verify(document: dict, proof: dict, env) -> ProofResult:
    bad_purpose = check_purpose(proof, LABEL)
    if bad_purpose is not None:
        return bad_purpose
    key = resolve_ec_key(proof, env, LABEL)
    if isinstance(key, ProofResult):
        return key
    _, hash_cls, size = curve_of(key.public_key)
    try:
        sig = signature_of(proof, size)
    except ValueError as exc:
        return coded("failed", "proof.signature_malformed", key, exc, suite=LABEL)
    try:
        data = hash_data(document, proof, hash_cls, env.loader)
    except CanonicalizationError as exc:
        return canonicalization_failure(exc, LABEL, key)
    if not verify_p1363(key.public_key, sig, data):
        return mismatch(LABEL, key)
    return valid(LABEL, key)
