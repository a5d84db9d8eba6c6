"""SQLite for the OpenID4VP verifier: requests and their results.

The read secret is stored only as its SHA-256 hash. A request takes one answer:
``take_answer`` marks it answered with a conditional UPDATE inside one
transaction, so a second answer (or a replayed nonce) is refused. Rows are deleted at
``delete_after`` (``purge``)."""

from __future__ import annotations

import hashlib
import json
import secrets

import sqlite_utils

from server.security import kek
from server.verifier import jwe

TABLE = "vp_requests"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create(
    db: sqlite_utils.Database,
    label: str,
    dcql: dict,
    now: float,
    lifetime: int,
    unread_retention: int,
    encrypted: bool = False,
) -> tuple[dict, str]:
    """A new request row and its read secret (returned once, never stored).
    ``encrypted``: the answer comes as ``direct_post.jwt`` to a fresh P-256 key."""
    secret = secrets.token_urlsafe(32)
    request_id = secrets.token_urlsafe(16)
    enc_jwk = enc_key = None
    if encrypted:
        private, public = jwe.new_key()
        enc_jwk = json.dumps({**public, "kid": request_id}, separators=(",", ":"))
        enc_key = kek.wrap(db, TABLE, request_id, private)
    row = {
        "id": request_id,
        "secret_hash": hash_secret(secret),
        "nonce": secrets.token_urlsafe(24),
        "state": secrets.token_urlsafe(24),
        "label": label,
        "dcql": json.dumps(dcql, separators=(",", ":")),
        "created": now,
        "expires": now + lifetime,
        "answered": None,
        "result": None,
        "first_read": None,
        "delete_after": now + lifetime + unread_retention,
        "response_mode": "direct_post.jwt" if encrypted else "direct_post",
        "enc_jwk": enc_jwk,
        "enc_key": enc_key,
    }
    with db.atomic():
        db[TABLE].insert(row)
    return row, secret


def _one(db: sqlite_utils.Database, where: str, args: list) -> dict | None:
    rows = list(db[TABLE].rows_where(where, args, limit=1))
    return rows[0] if rows else None


def by_id(db: sqlite_utils.Database, request_id: str, now: float) -> dict | None:
    return _one(db, "id = ? and delete_after > ?", [request_id, now])


def by_secret(db: sqlite_utils.Database, secret: str, now: float) -> dict | None:
    return _one(db, "secret_hash = ? and delete_after > ?", [hash_secret(secret), now])


def take_answer(db: sqlite_utils.Database, state: str, now: float, unread_retention: int) -> tuple[dict | None, str | None]:
    """(row, None) when the request with ``state`` may take this answer (now marked
    answered), else (row or None, why not)."""
    with db.atomic():
        row = _one(db, "state = ? and delete_after > ?", [state, now])
        if row is None:
            return None, "unknown or deleted request (state)"
        if row["answered"] is not None:
            return row, "this request was already answered"
        if row["expires"] <= now:
            return row, "this request has expired"
        taken = db.execute(
            f"update {TABLE} set answered = ?, delete_after = ? where id = ? and answered is null",
            [now, now + unread_retention, row["id"]],
        ).rowcount
        if taken != 1:  # answered meanwhile (PostgreSQL: another transaction committed first)
            return row, "this request was already answered"
    return row, None


def save_result(db: sqlite_utils.Database, request_id: str, result: dict) -> None:
    with db.atomic():
        db.execute(f"update {TABLE} set result = ? where id = ?", [json.dumps(result, separators=(",", ":")), request_id])


def mark_read(db: sqlite_utils.Database, row: dict, now: float, read_retention: int) -> None:
    """The first read of a result starts its (shorter) retention."""
    if row["first_read"] is not None or row["result"] is None:
        return
    with db.atomic():
        db.execute(
            f"update {TABLE} set first_read = ?,"
            " delete_after = case when delete_after < ? then delete_after else ? end"
            " where id = ? and first_read is null",
            [now, now + read_retention, now + read_retention, row["id"]],
        )


def purge(db: sqlite_utils.Database, now: float) -> int:
    with db.atomic():
        return db.execute(f"delete from {TABLE} where delete_after <= ?", [now]).rowcount


def decryption_key(db: sqlite_utils.Database, row: dict) -> bytes:
    return kek.unwrap(db, TABLE, row["id"], row["enc_key"])
