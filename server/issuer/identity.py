"""The issuer's own identity: a did:web for the server's public URL, with
Ed25519 keys kept in SQLite, their private halves encrypted under the
key-encryption key (server/security/kek.py).

Key rotation adds a key; the newest signs new awards, and every older key stays
in the DID document's ``verificationMethod`` and ``assertionMethod`` so that
credentials signed before the rotation keep verifying.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.issuer import ecdsa_key, store
from server.security import kek
from server.storage import now_iso
from wallet_core.encoding import ED25519_PUB, multibase_encode_b58

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


def public_origin(public_url: str) -> str:
    """Normalise the public URL to scheme://host[:port]; refuse paths, queries, other schemes."""
    parts = urlsplit(public_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"public URL {public_url!r} must be http(s)://host[:port]")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"public URL {public_url!r} must have no path, query or credentials")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def did_web_for(public_url: str) -> str:
    """did:web of the server: host, with the port percent-encoded (did:web:127.0.0.1%3A8000)."""
    netloc = urlsplit(public_origin(public_url)).netloc
    return "did:web:" + quote(netloc, safe="")


@dataclass(frozen=True)
class SigningKey:
    id: str  # the fragment, e.g. "key-1"
    private_key: Ed25519PrivateKey
    public_multibase: str

    def method_id(self, did: str) -> str:
        return f"{did}#{self.id}"


TABLE = "issuer_signing_keys"


def _row_to_key(db: sqlite_utils.Database, row: dict) -> SigningKey:
    private = Ed25519PrivateKey.from_private_bytes(kek.unwrap(db, TABLE, row["id"], row["private_key"]))
    return SigningKey(id=row["id"], private_key=private, public_multibase=row["public_multibase"])


def add_key(db: sqlite_utils.Database) -> SigningKey:
    """Generate a new Ed25519 key; it becomes the signing key (rotation)."""
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = multibase_encode_b58(ED25519_PUB + private.public_key().public_bytes_raw())
    with db.atomic():
        seq = store.next_key_seq(db, TABLE)
        key_id = f"key-{seq}"
        row = {
            "id": key_id,
            "seq": seq,
            "private_key": kek.wrap(db, TABLE, key_id, raw_private),
            "public_multibase": public,
            "created": now_iso(),
        }
        store.insert_key(db, TABLE, row)
    return SigningKey(id=key_id, private_key=private, public_multibase=public)


def ensure_key(db: sqlite_utils.Database) -> SigningKey:
    row = store.newest_key(db, TABLE)
    return _row_to_key(db, row) if row else add_key(db)


def current_key(db: sqlite_utils.Database) -> SigningKey:
    return ensure_key(db)


def all_keys(db: sqlite_utils.Database) -> list[dict]:
    return store.published_keys(db, TABLE)


def did_document(db: sqlite_utils.Database, public_url: str) -> dict:
    did = did_web_for(public_url)
    methods = [
        {
            "id": f"{did}#{row['id']}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": row["public_multibase"],
        }
        for row in all_keys(db)
    ] + ecdsa_key.verification_methods(db, did)
    ids = [m["id"] for m in methods]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }
