"""Backup versions in SQLite.

A write is one compare-and-swap transaction: the new version row is inserted
only if the account's current version is the one the client named, and the
older row is deleted in the same transaction after the insert. With WAL and
synchronous=FULL (server/storage.py) the commit is durable before the client
hears "200", and a crash at any moment leaves either the old or the new
version, never neither and never a torn one.
"""

from __future__ import annotations

import sqlite_utils

from server.storage import IntegrityError, now_iso


class VersionConflict(Exception):
    def __init__(self, current: int) -> None:
        super().__init__(current)
        self.current = current


def current_version(db: sqlite_utils.Database, account_id: str) -> int:
    row = db.execute("select max(version) from backups where account_id = ?", [account_id]).fetchone()
    return row[0] or 0


def latest(db: sqlite_utils.Database, account_id: str) -> dict | None:
    rows = list(
        db["backups"].rows_where("account_id = ?", [account_id], order_by="version desc", limit=1)
    )
    return rows[0] if rows else None


def put(db: sqlite_utils.Database, account_id: str, expected: int, ciphertext: bytes, keys: str) -> dict:
    """Store a new version if the current one is ``expected`` (0: no backup yet)."""
    created = now_iso()
    try:
        with db.atomic():
            cur = db.execute(
                "insert into backups (account_id, version, ciphertext, keys, size, created)"
                " select ?, ? + 1, ?, ?, ?, ?"
                " where coalesce((select max(version) from backups where account_id = ?), 0) = ?",
                [account_id, expected, ciphertext, keys, len(ciphertext), created, account_id, expected],
            )
            if cur.rowcount != 1:
                raise VersionConflict(current_version(db, account_id))
            db.execute("delete from backups where account_id = ? and version < ?", [account_id, expected + 1])
    except IntegrityError:  # PostgreSQL: a concurrent put of the same version committed first
        raise VersionConflict(current_version(db, account_id)) from None
    return {"version": expected + 1, "size": len(ciphertext), "created": created}
