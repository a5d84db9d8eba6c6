"""First-run demo data: a demo issuer key (did:key) and its achievements."""

from __future__ import annotations

import json

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from server.demo.achievements import DEMO_ACHIEVEMENTS, DEMO_PATHWAYS
from server.security import kek
from server.storage import now_iso
from wallet_core.sign import did_key_from_ed25519_public

DEMO_KEY_ID = "demo-issuer"


def _wrapped_private(db: sqlite_utils.Database, key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return kek.wrap(db, "issuer_keys", DEMO_KEY_ID, raw)


def ensure_demo_data(db: sqlite_utils.Database) -> None:
    """Create the demo issuer and achievements once; later runs change nothing."""
    with db.atomic():
        if not db["issuer_keys"].count_where("id = ?", [DEMO_KEY_ID]):
            key = Ed25519PrivateKey.generate()
            public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            db["issuer_keys"].insert(
                {
                    "id": DEMO_KEY_ID,
                    "did": did_key_from_ed25519_public(public),
                    "private_key": _wrapped_private(db, key),
                    "created": now_iso(),
                }
            )
        from server.issuer.catalog import ensure_pathway

        for pathway in DEMO_PATHWAYS:
            ensure_pathway(db, pathway)
        for definition in DEMO_ACHIEVEMENTS:
            slug = definition["slug"]
            if db["achievements"].count_where("slug = ?", [slug]):
                continue
            db["achievements"].insert(
                {
                    "id": f"{slug}-v1",
                    "slug": slug,
                    "version": 1,
                    "definition": json.dumps(definition, ensure_ascii=False),
                    "created": now_iso(),
                }
            )


def demo_issuer(db: sqlite_utils.Database) -> tuple[str, Ed25519PrivateKey]:
    row = db["issuer_keys"].get(DEMO_KEY_ID)
    key = Ed25519PrivateKey.from_private_bytes(kek.unwrap(db, "issuer_keys", DEMO_KEY_ID, row["private_key"]))
    return row["did"], key
