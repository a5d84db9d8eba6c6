"""DataIntegrityProof with cryptosuite eddsa-jcs-2022 (JSON canonicalisation, RFC 8785)."""

from __future__ import annotations

from ..canonical import jcs
from .data_integrity import multibase_signature, verify_ed25519
from .result import coded


def verify(document: dict, proof: dict, env):
    proof_context = proof.get("@context")
    if proof_context is not None:
        doc_context = document.get("@context")
        doc_list = doc_context if isinstance(doc_context, list) else [doc_context]
        proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
        if doc_list[: len(proof_list)] != proof_list:
            return coded("failed", "proof.context_mismatch", suite="eddsa-jcs-2022")
    return verify_ed25519(
        document,
        proof,
        env,
        label="DataIntegrityProof eddsa-jcs-2022",
        canonicalize=jcs,
        signature=multibase_signature,
    )
