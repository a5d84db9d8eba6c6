"""Ed25519Signature2020 (W3C CCG): RDF canonicalisation, multibase proofValue."""

from __future__ import annotations

from .data_integrity import multibase_signature, verify_ed25519
from .eddsa_rdfc_2022 import canonicalize


def verify(document: dict, proof: dict, env):
    return verify_ed25519(
        document,
        proof,
        env,
        label="Ed25519Signature2020",
        canonicalize=canonicalize(env),
        signature=multibase_signature,
    )
