"""DataIntegrityProof with cryptosuite eddsa-rdfc-2022 (W3C vc-di-eddsa)."""

from __future__ import annotations

from ..canonical import rdfc
from .data_integrity import multibase_signature, verify_ed25519


def canonicalize(env):
    return lambda doc: rdfc(doc, env.loader).encode("utf-8")


def verify(document: dict, proof: dict, env):
    return verify_ed25519(
        document,
        proof,
        env,
        label=f"DataIntegrityProof {proof.get('cryptosuite')}",
        canonicalize=canonicalize(env),
        signature=multibase_signature,
    )
