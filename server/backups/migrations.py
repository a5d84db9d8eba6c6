"""The encrypted wallet backups' table (server/backups)."""

from __future__ import annotations

import sqlite_utils

from server.storage import migration


@migration("021_backups")
def _backups(db: sqlite_utils.Database) -> None:
    # Encrypted wallet backups: opaque ciphertext and opaque key-slot JSON, versioned.
    db["backups"].create(
        {"account_id": str, "version": int, "ciphertext": bytes, "keys": str, "size": int, "created": str},
        pk=("account_id", "version"),
        not_null={"ciphertext", "keys", "size", "created"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
