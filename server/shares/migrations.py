"""The share links' tables (server/shares)."""

from __future__ import annotations

import sqlite_utils

from server.storage import migration


@migration("010_shares")
def _shares(db: sqlite_utils.Database) -> None:
    # Share links (server/shares): single-use presentation nonces, shares (the link
    # token and the device's manage secret are stored only as SHA-256 hashes), views.
    db["share_nonces"].create({"nonce": str, "expires": float, "used": int}, pk="nonce", defaults={"used": 0})
    db["shares"].create(
        {
            "id": str,
            "token_hash": str,
            "manage_hash": str,
            "label": str,
            "presentation": str,
            "holder": str,
            "credential_count": int,
            "created": float,
            "expires": float,
            "revoked": float,
        },
        pk="id",
        not_null={"token_hash", "manage_hash", "presentation", "created", "expires"},
    )
    db["shares"].create_index(["token_hash"], unique=True)
    db["shares"].create_index(["manage_hash"])
    db["share_views"].create(
        {"id": int, "share_id": str, "at": float, "verifier_name": str},
        pk="id",
        foreign_keys=[("share_id", "shares", "id")],
    )
    db["share_views"].create_index(["share_id", "at"])
