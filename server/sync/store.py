"""Sync items in SQLite.

Each item has a version (1, 2, …) that only the server increases, and each
accepted write takes the account's next sequence number, which is what a
cursor counts. A write names the version it was based on; if that is not the
server's current version, the write is refused and the current item is
returned (a conflict), so nothing is ever overwritten silently. A deletion is
a write too: it leaves a tombstone (deleted, no ciphertext) that other
devices receive like any change. Tombstones are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from server.storage import lock_row, now_iso


@dataclass(frozen=True)
class Change:
    id: str
    base_version: int
    ciphertext: bytes | None  # None for a deletion


def _item(row: tuple) -> dict:
    item_id, version, deleted, ciphertext, seq, modified = row
    return {
        "id": item_id,
        "version": version,
        "deleted": bool(deleted),
        "ciphertext": ciphertext,
        "seq": seq,
        "modified": modified,
    }


COLUMNS = "item_id, version, deleted, ciphertext, seq, modified"


def changes_since(db: sqlite_utils.Database, account_id: str, since: int, limit: int) -> tuple[list[dict], bool]:
    rows = db.execute(
        f"select {COLUMNS} from sync_items where account_id = ? and seq > ? order by seq limit ?",
        [account_id, since, limit + 1],
    ).fetchall()
    return [_item(r) for r in rows[:limit]], len(rows) > limit


def apply(db: sqlite_utils.Database, account_id: str, changes: list[Change]) -> list[dict]:
    """Apply a batch in one transaction; one result per change, in order."""
    results: list[dict] = []
    modified = now_iso()
    with db.atomic():
        lock_row(db, "accounts", "id", account_id)  # a concurrent batch waits before its reads
        for change in changes:
            row = db.execute(
                f"select {COLUMNS} from sync_items where account_id = ? and item_id = ?",
                [account_id, change.id],
            ).fetchone()
            current = _item(row) if row else None
            current_version = current["version"] if current else 0
            if current_version != change.base_version:
                results.append({"id": change.id, "status": "conflict", "current": current})
                continue
            seq = db.execute(
                "update accounts set sync_seq = sync_seq + 1 where id = ? returning sync_seq", [account_id]
            ).fetchone()[0]
            version = current_version + 1
            db.execute(
                "insert into sync_items (account_id, item_id, version, deleted, ciphertext, seq, modified)"
                " values (?, ?, ?, ?, ?, ?, ?)"
                " on conflict (account_id, item_id) do update set version = excluded.version,"
                " deleted = excluded.deleted, ciphertext = excluded.ciphertext, seq = excluded.seq,"
                " modified = excluded.modified",
                [account_id, change.id, version, int(change.ciphertext is None), change.ciphertext, seq, modified],
            )
            results.append({"id": change.id, "status": "accepted", "version": version})
    return results
