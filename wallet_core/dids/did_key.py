"""did:key — the DID is the public key (Ed25519 ``z6Mk…``, P-256 ``zDn…``)."""

from __future__ import annotations

from ..encoding import ED25519_PUB, multibase_encode_b58
from ..keys import KeyInvalid, from_multikey


def resolve(did: str, fetcher=None) -> dict:
    value = did[len("did:key:") :]
    if not value.startswith("z"):
        raise KeyInvalid(f"{did} is not a base58btc did:key")
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
