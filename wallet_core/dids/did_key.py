"""did:key — the DID is the public key (Ed25519 ``z6Mk…``, P-256 ``zDn…``, P-384 ``z82…``)."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .. import reasons
from ..encoding import ED25519_PUB, P256_PUB, P384_PUB, multibase_encode_b58
from ..keys import KeyInvalid, from_multikey


def resolve(did: str, fetcher=None) -> dict:
    value = did[len("did:key:") :]
    if not value.startswith("z"):
        raise reasons.error(KeyInvalid, "did.key_base58", did=did)
    from_multikey(value)  # raises KeyInvalid for anything we cannot use
    vm_id = f"{did}#{value}"
    return {
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": value}
        ],
        "assertionMethod": [vm_id],
        "authentication": [vm_id],
    }


def did_key_from_ed25519_public(raw: bytes) -> str:
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return "did:key:" + multibase_encode_b58(ED25519_PUB + raw)


def did_key_from_ec_public(public_key: ec.EllipticCurvePublicKey) -> str:
    """did:key of a P-256 or P-384 public key (multicodec + compressed point)."""
    header = {"secp256r1": P256_PUB, "secp384r1": P384_PUB}.get(public_key.curve.name)
    if header is None:
        raise ValueError(f"no did:key for curve {public_key.curve.name}")
    point = public_key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    return "did:key:" + multibase_encode_b58(header + point)
