"""Proof suites, registered by (proof type, cryptosuite) in ``SUITES``.

Each suite module exposes ``verify(document, proof, env) -> ProofResult`` where
``document`` is the credential without its ``proof``.
"""

from __future__ import annotations

from . import (
    ecdsa_rdfc_2019,
    ecdsa_sd_2023,
    ed25519_signature_2018,
    ed25519_signature_2020,
    eddsa_jcs_2022,
    eddsa_rdfc_2022,
)
from .result import ProofResult, coded

SUITES = {
    ("DataIntegrityProof", "eddsa-rdfc-2022"): eddsa_rdfc_2022,
    ("DataIntegrityProof", "eddsa-jcs-2022"): eddsa_jcs_2022,
    # "eddsa-2022" is the draft name of eddsa-rdfc-2022 (same algorithm), still
    # found in credentials issued in 2023.
    ("DataIntegrityProof", "eddsa-2022"): eddsa_rdfc_2022,
    ("DataIntegrityProof", "ecdsa-rdfc-2019"): ecdsa_rdfc_2019,
    ("DataIntegrityProof", "ecdsa-sd-2023"): ecdsa_sd_2023,
    ("Ed25519Signature2020", None): ed25519_signature_2020,
    ("Ed25519Signature2018", None): ed25519_signature_2018,
}


def suite_for(proof: dict):
    if not isinstance(proof.get("type"), str) or not isinstance(proof.get("cryptosuite"), (str, type(None))):
        return None  # a proof type (or cryptosuite) that is a list, object or number names no suite
    key = (
        proof.get("type"),
        proof.get("cryptosuite") if proof.get("type") == "DataIntegrityProof" else None,
    )
    return SUITES.get(key)


def describe(proof: dict) -> str:
    if proof.get("type") == "DataIntegrityProof":
        return f"DataIntegrityProof {proof.get('cryptosuite')}"
    return str(proof.get("type"))


# Where a proof of any suite keeps its signature value.
SIGNATURE_MEMBERS = ("proofValue", "jws", "signatureValue")


def unsupported(proof: dict) -> ProofResult:
    """The result for a proof no suite in ``SUITES`` handles.

    A well-formed proof of a type or cryptosuite Satchel does not implement is
    could_not_check (the signature may be good; Satchel cannot tell), never
    passed and not invalid. A proof with no type, a DataIntegrityProof with no
    cryptosuite, or a proof with no signature value at all is malformed: it
    could not be valid whatever its suite, so it fails.
    """
    kind = proof.get("type")
    if not isinstance(kind, str) or not kind:
        return coded("failed", "proof.no_type")
    if not any(isinstance(proof.get(f), str) and proof.get(f) for f in SIGNATURE_MEMBERS):
        return coded("failed", "proof.no_signature_value", type=kind)
    if kind == "DataIntegrityProof":
        suite = proof.get("cryptosuite")
        if not isinstance(suite, str) or not suite:
            return coded("failed", "proof.no_cryptosuite")
        return coded("could_not_check", "proof.cryptosuite_unsupported", suite=repr(suite))
    return coded("could_not_check", "proof.type_unsupported", type=repr(kind))


__all__ = ["SUITES", "ProofResult", "describe", "suite_for", "unsupported"]
