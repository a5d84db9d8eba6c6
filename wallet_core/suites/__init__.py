"""Proof suites, registered by (proof type, cryptosuite) in ``SUITES``.

Each suite module exposes ``verify(document, proof, env) -> ProofResult`` where
``document`` is the credential without its ``proof``.
"""

from __future__ import annotations

from . import ed25519_signature_2018, ed25519_signature_2020, eddsa_jcs_2022, eddsa_rdfc_2022
from .result import ProofResult

SUITES = {
    ("DataIntegrityProof", "eddsa-rdfc-2022"): eddsa_rdfc_2022,
    ("DataIntegrityProof", "eddsa-jcs-2022"): eddsa_jcs_2022,
    # "eddsa-2022" is the draft name of eddsa-rdfc-2022 (same algorithm), still
    # found in credentials issued in 2023.
    ("DataIntegrityProof", "eddsa-2022"): eddsa_rdfc_2022,
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


__all__ = ["SUITES", "ProofResult", "describe", "suite_for"]
