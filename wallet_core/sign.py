"""Issuer-side signing helpers (Data Integrity EdDSA and ECDSA) and did:key derivation."""

from __future__ import annotations

import copy

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .canonical import jcs, rdfc
from .dids.did_key import did_key_from_ed25519_public
from .document_loader import DocumentLoader
from .encoding import ED25519_PRIV, multibase_decode, multibase_encode_b58
from .suites import ecdsa_rdfc_2019
from .suites.data_integrity import hash_data
from .suites.ecdsa import curve_of, sign_p1363

__all__ = [
    "did_key_for",
    "did_key_from_ed25519_public",
    "ed25519_private_from_multibase",
    "sign_ecdsa_rdfc_2019",
    "sign_ed25519_signature_2020",
    "sign_eddsa_jcs_2022",
    "sign_eddsa_rdfc_2022",
]

ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"


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
    return _add_proof(
        credential,
        verification_method,
        created,
        cryptosuite,
        lambda document, proof: private_key.sign(hash_data(document, proof, canonicalize)),
    )


def _add_proof(credential, verification_method, created, cryptosuite, make_signature) -> dict:
    document = copy.deepcopy({k: v for k, v in credential.items() if k != "proof"})
    if cryptosuite is None:  # Ed25519Signature2020: the suite is the proof type
        proof = {"type": "Ed25519Signature2020"}
    else:
        proof = {"type": "DataIntegrityProof", "cryptosuite": cryptosuite}
    proof.update(
        {
            "created": created,
            "verificationMethod": verification_method,
            "proofPurpose": "assertionMethod",
        }
    )
    signature = make_signature(document, proof)
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


def sign_ed25519_signature_2020(
    credential: dict,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    *,
    loader: DocumentLoader | None = None,
) -> dict:
    """Return a copy of ``credential`` with an Ed25519Signature2020 proof added.

    The suite (W3C CCG) hashes like eddsa-rdfc-2022 — SHA-256 of the RDFC
    canonical proof options (with the document's @context) followed by that of
    the document — and signs with Ed25519; the proofValue is multibase base58btc.
    The credential's @context must include the suite's context
    (``https://w3id.org/security/suites/ed25519-2020/v1``), which defines the
    proof's terms.
    """
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or ED25519_2020_CONTEXT not in contexts:
        raise ValueError(f"an Ed25519Signature2020 credential needs the {ED25519_2020_CONTEXT} context")
    return _sign(
        credential,
        private_key,
        verification_method,
        created,
        None,
        lambda doc: rdfc(doc, loader).encode("utf-8"),
    )


def sign_ecdsa_rdfc_2019(
    credential: dict,
    private_key: ec.EllipticCurvePrivateKey,
    verification_method: str,
    created: str,
    *,
    loader: DocumentLoader | None = None,
) -> dict:
    """Return a copy of ``credential`` with a DataIntegrityProof (ecdsa-rdfc-2019) added.

    W3C vc-di-ecdsa: RDFC-1.0 canonical proof options (with the credential's
    @context) and credential, each hashed (SHA-256 on P-256, SHA-384 on P-384),
    signed with ECDSA; the proofValue is the raw r || s in base58btc multibase.
    Every @context the credential uses must be bundled (or given in ``loader``)
    and must define the DataIntegrityProof terms (VC 2.0 does; under VC 1.1 add
    ``https://w3id.org/security/data-integrity/v2``).
    """
    curve = curve_of(private_key)
    if curve is None:
        raise ValueError("ecdsa-rdfc-2019 signs with a P-256 or P-384 key")
    _, hash_cls, _ = curve
    return _add_proof(
        credential,
        verification_method,
        created,
        "ecdsa-rdfc-2019",
        lambda document, proof: sign_p1363(
            private_key, ecdsa_rdfc_2019.hash_data(document, proof, hash_cls, loader)
        ),
    )
