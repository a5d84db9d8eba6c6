"""Issuer-side signing helpers (Data Integrity EdDSA) and did:key derivation."""

from __future__ import annotations

import copy

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .canonical import jcs, rdfc
from .dids.did_key import did_key_from_ed25519_public
from .document_loader import DocumentLoader
from .encoding import ED25519_PRIV, multibase_decode, multibase_encode_b58
from .suites.data_integrity import hash_data

__all__ = [
    "did_key_for",
    "did_key_from_ed25519_public",
    "ed25519_private_from_multibase",
    "sign_eddsa_jcs_2022",
    "sign_eddsa_rdfc_2022",
]


def ed25519_private_from_multibase(text: str) -> Ed25519PrivateKey:
    raw = multibase_decode(text)
    if not raw.startswith(ED25519_PRIV) or len(raw) != 34:
        raise ValueError("not an Ed25519 private key multikey")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def did_key_for(private_key: Ed25519PrivateKey) -> tuple[str, str]:
    """(did, verification method id) of the did:key for this private key."""
    did = did_key_from_ed25519_public(private_key.public_key().public_bytes_raw())
    return did, f"{did}#{did[len('did:key:') :]}"


def _sign(credential, private_key, verification_method, created, cryptosuite, canonicalize) -> dict:
    document = copy.deepcopy({k: v for k, v in credential.items() if k != "proof"})
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": cryptosuite,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(hash_data(document, proof, canonicalize))
    proof["proofValue"] = multibase_encode_b58(signature)
    signed = copy.deepcopy(credential)
    existing = signed.get("proof")
    signed["proof"] = (
        proof
        if existing is None
        else ([*existing] if isinstance(existing, list) else [existing]) + [proof]
    )
    return signed


def sign_eddsa_rdfc_2022(
    credential: dict,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    *,
    loader: DocumentLoader | None = None,
) -> dict:
    """Return a copy of ``credential`` with a DataIntegrityProof (eddsa-rdfc-2022) added.

    Every @context the credential uses must be bundled (or given in ``loader``).
    """
    return _sign(
        credential,
        private_key,
        verification_method,
        created,
        "eddsa-rdfc-2022",
        lambda doc: rdfc(doc, loader).encode("utf-8"),
    )


def sign_eddsa_jcs_2022(
    credential: dict, private_key: Ed25519PrivateKey, verification_method: str, created: str
) -> dict:
    return _sign(credential, private_key, verification_method, created, "eddsa-jcs-2022", jcs)
