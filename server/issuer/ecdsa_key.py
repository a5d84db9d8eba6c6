"""The issuer's P-256 key, for awards signed ``ecdsa-rdfc-2019`` on request.

Some verifiers accept only P-256 (the one curve every platform authenticator
and HSM has). The issuer keeps one P-256 key beside its Ed25519 keys
(``identity.py``), created when the server starts, and publishes it in
its did:web document as a Multikey verification method (``#p256-key-1``)
under ``assertionMethod``. Every P-256 key ever made stays published. The
private key (PKCS#8 DER) is stored encrypted under the key-encryption key,
like the Ed25519 keys (server/security/kek.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_der_private_key,
)

from server.issuer import store
from server.security import kek
from server.storage import IntegrityError, now_iso
from wallet_core.encoding import P256_PUB, multibase_encode_b58

TABLE = "issuer_p256_keys"


@dataclass(frozen=True)
class P256Key:
    id: str  # the fragment, e.g. "p256-key-1"
    private_key: ec.EllipticCurvePrivateKey
    public_multibase: str

    def method_id(self, did: str) -> str:
        return f"{did}#{self.id}"


def _row_to_key(db: sqlite_utils.Database, row: dict) -> P256Key:
    der = kek.unwrap(db, TABLE, row["id"], row["private_key"])
    private = load_der_private_key(der, password=None)
    if not isinstance(private, ec.EllipticCurvePrivateKey) or private.curve.name != "secp256r1":
        raise ValueError(f"issuer key {row['id']} is not a P-256 key")
    return P256Key(id=row["id"], private_key=private, public_multibase=row["public_multibase"])


def public_multibase(private: ec.EllipticCurvePrivateKey) -> str:
    point = private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    return multibase_encode_b58(P256_PUB + point)


def add_key(db: sqlite_utils.Database) -> P256Key:
    private = ec.generate_private_key(ec.SECP256R1())
    der = private.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    with db.atomic():
        seq = store.next_key_seq(db, TABLE)
        key_id = f"p256-key-{seq}"
        row = {
            "id": key_id,
            "seq": seq,
            "private_key": kek.wrap(db, TABLE, key_id, der),
            "public_multibase": public_multibase(private),
            "created": now_iso(),
        }
        store.insert_key(db, TABLE, row)
    return P256Key(id=key_id, private_key=private, public_multibase=row["public_multibase"])


def current_key(db: sqlite_utils.Database) -> P256Key:
    """The newest P-256 key, made now if there is none (two racing makers: one wins)."""
    row = store.newest_key(db, TABLE)
    if row:
        return _row_to_key(db, row)
    try:
        return add_key(db)
    except IntegrityError:
        return _row_to_key(db, store.newest_key(db, TABLE))


def verification_methods(db: sqlite_utils.Database, did: str) -> list[dict]:
    """The published P-256 keys as Multikey verification methods of ``did``.

    Read only (verification workers open the database read-only). The server
    makes the key when it starts (server/app.py), so that a DID document a
    verifier caches already holds the key later ecdsa-rdfc-2019 awards use."""
    return [
        {
            "id": f"{did}#{row['id']}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": row["public_multibase"],
        }
        for row in store.published_keys(db, TABLE)
    ]
