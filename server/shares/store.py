"""SQLite storage of share links. Link tokens and manage secrets are kept only as
SHA-256 hashes: the database alone cannot open or manage a share."""

from __future__ import annotations

import secrets
import threading
import time

import sqlite_utils

from server.security.tokens import hash_secret

# Returned in API lists; the full log is counted, the newest are listed.
MAX_VIEWS_LISTED = 100


def new_token() -> str:
    """A share link token: 256 random bits, base64url (43 characters)."""
    return secrets.token_urlsafe(32)


def new_nonce(db: sqlite_utils.Database, lifetime: int, now: float | None = None) -> tuple[str, float]:
    now = time.time() if now is None else now
    nonce = secrets.token_urlsafe(24)
    with db.atomic():
        db.execute("delete from share_nonces where expires < ?", [now - 3600])
        db["share_nonces"].insert({"nonce": nonce, "expires": now + lifetime, "used": 0})
    return nonce, now + lifetime


def nonce_problem(db: sqlite_utils.Database, nonce: str | None, now: float) -> str | None:
    """None if the nonce can be used, else why not."""
    if not nonce:
        return "the presentation carries no nonce: ask POST /api/v1/shares/nonce for one"
    row = db.execute("select expires, used from share_nonces where nonce = ?", [nonce]).fetchone()
    if row is None:
        return "the presentation's nonce was not issued by this server"
    if row[1]:
        return "the presentation's nonce was already used: this is a replay"
    if row[0] < now:
        return "the presentation's nonce has expired: sign a new presentation with a fresh nonce"
    return None


def insert_share(db: sqlite_utils.Database, record: dict, nonce: str, now: float) -> bool:
    """Consume the nonce and store the share in one transaction; False if the nonce
    was used (or expired) meanwhile — then nothing is stored."""
    with db.atomic():
        cur = db.execute(
            "update share_nonces set used = 1 where nonce = ? and used = 0 and expires >= ?", [nonce, now]
        )
        if cur.rowcount != 1:
            return False
        db["shares"].insert(record)
    return True


SHARE_COLUMNS = "id, label, holder, credential_count, created, expires, revoked"


def _row(cursor, row) -> dict | None:
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row))


def share_by_token(db: sqlite_utils.Database, token: str) -> dict | None:
    cur = db.execute(f"select {SHARE_COLUMNS}, presentation from shares where token_hash = ?", [hash_secret(token)])
    return _row(cur, cur.fetchone())


def share_for_manager(db: sqlite_utils.Database, share_id: str, manage_hash: str) -> dict | None:
    cur = db.execute(
        f"select {SHARE_COLUMNS}, manage_hash from shares where id = ?", [share_id]
    )
    row = _row(cur, cur.fetchone())
    if row is None or not secrets.compare_digest(row.pop("manage_hash"), manage_hash):
        return None
    return row


def shares_for_manager(db: sqlite_utils.Database, manage_hash: str) -> list[dict]:
    cur = db.execute(
        f"select {SHARE_COLUMNS} from shares where manage_hash = ? order by created desc", [manage_hash]
    )
    return [_row(cur, r) for r in cur.fetchall()]


def revoke(db: sqlite_utils.Database, share_id: str, now: float) -> None:
    with db.atomic():
        db.execute("update shares set revoked = ? where id = ? and revoked is null", [now, share_id])


def views_of(db: sqlite_utils.Database, share_ids: list[str]) -> dict[str, tuple[int, list[dict]]]:
    out: dict[str, tuple[int, list[dict]]] = {}
    for share_id in share_ids:
        count = db.execute("select count(*) from share_views where share_id = ?", [share_id]).fetchone()[0]
        rows = db.execute(
            "select at, verifier_name from share_views where share_id = ? order by at desc, id desc limit ?",
            [share_id, MAX_VIEWS_LISTED],
        ).fetchall()
        out[share_id] = (count, [{"at": at, "verifier_name": name} for at, name in rows])
    return out


class ViewLog:
    """Views are buffered in memory and written in one transaction at most
    ``flush_seconds`` after they happen (and before any read of the log), on a
    connection of their own, from a worker thread: a busy share page never waits
    for an fsync, and the reads of the page (WAL) are not blocked by the writes.
    A named view (the verifier typed a name) is written before the page answers."""

    def __init__(self, connect, flush_seconds: float = 1.0):
        self.flush_seconds = flush_seconds
        self._connect = connect  # () -> sqlite_utils.Database, opened on first write
        self._db: sqlite_utils.Database | None = None
        self._pending: list[tuple[str, float, str | None]] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()

    def record(self, share_id: str, at: float, name: str | None = None) -> None:
        with self._lock:
            self._pending.append((share_id, at, name))

    def flush(self) -> None:
        with self._write_lock:
            with self._lock:
                pending, self._pending = self._pending, []
            if not pending:
                return
            if self._db is None:
                self._db = self._connect()
            try:
                with self._db.atomic():
                    self._db.executemany(
                        "insert into share_views (share_id, at, verifier_name) values (?, ?, ?)", pending
                    )
            except Exception:
                with self._lock:  # keep them for the next round
                    self._pending[:0] = pending
                raise

    def close(self) -> None:
        self.flush()
        with self._write_lock:
            if self._db is not None:
                self._db.close()
                self._db = None
