"""The encrypted sync records' table (server/sync)."""

from __future__ import annotations

import sqlite_utils

from server.storage import migration


@migration("022_sync")
def _sync(db: sqlite_utils.Database) -> None:
    # Per-item encrypted sync records; deletions stay as tombstones (deleted=1, no ciphertext).
    db["sync_items"].create(
        {
            "account_id": str,
            "item_id": str,
            "version": int,
            "deleted": int,
            "ciphertext": bytes,
            "seq": int,
            "modified": str,
        },
        pk=("account_id", "item_id"),
        not_null={"version", "deleted", "seq", "modified"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["sync_items"].create_index(["account_id", "seq"], unique=True)
