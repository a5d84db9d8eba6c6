"""Accounts, passkeys and single-use challenges in SQLite (their sessions:
server/security/sessions.py).

Bearer secrets (session ids, challenges) are stored as SHA-256 hashes only.
Every multi-row change is one transaction.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import time

import sqlite_utils

from server.security.tokens import b64url, hash_secret
from server.storage import IntegrityError, lock_row, now_iso


class LastPasskey(Exception):
    """The account's only passkey cannot be removed (the learner would be locked out)."""


class UnknownPasskey(Exception):
    pass


class DuplicatePasskey(Exception):
    pass


def _challenge_key(challenge: bytes) -> str:
    return hash_secret(b64url(challenge))


# -- challenges ---------------------------------------------------------------


def create_challenge(
    db: sqlite_utils.Database,
    purpose: str,
    lifetime: int,
    *,
    account_id: str | None = None,
    user_handle: bytes | None = None,
    display_name: str | None = None,
) -> bytes:
    challenge = secrets.token_bytes(32)
    now = time.time()
    with db.atomic():
        db.execute("delete from webauthn_challenges where expires < ? or used = 1", [now])
        db["webauthn_challenges"].insert(
            {
                "challenge_hash": _challenge_key(challenge),
                "purpose": purpose,
                "account_id": account_id,
                "user_handle": user_handle,
                "display_name": display_name,
                "expires": now + lifetime,
                "used": 0,
            }
        )
    return challenge


def consume_challenge(
    db: sqlite_utils.Database, challenge: bytes, purpose: str, account_id: str | None = None
) -> dict | None:
    """Spend a challenge once. None if it is unknown, expired, already used, or
    was issued for another purpose or account."""
    with db.atomic():
        cur = db.execute(
            "update webauthn_challenges set used = 1 where challenge_hash = ? and used = 0"
            " and purpose = ? and expires >= ? and account_id is not distinct from ?"
            " returning user_handle, display_name",
            [_challenge_key(challenge), purpose, time.time(), account_id],
        )
        row = cur.fetchone()
    if row is None:
        return None
    return {"user_handle": row[0], "display_name": row[1]}


# -- accounts and passkeys ----------------------------------------------------


def new_user_handle() -> bytes:
    return secrets.token_bytes(32)


def _passkey_row(account_id: str, passkey: dict) -> dict:
    return {
        "credential_id": passkey["credential_id"],
        "account_id": account_id,
        "public_key": passkey["public_key"],
        "sign_count": passkey["sign_count"],
        "transports": json.dumps(passkey.get("transports") or []),
        "name": passkey.get("name") or "Passkey",
        "aaguid": passkey.get("aaguid"),
        "device_type": passkey.get("device_type"),
        "backed_up": int(bool(passkey.get("backed_up"))),
        "created": now_iso(),
        "last_used": None,
    }


def create_account(db: sqlite_utils.Database, user_handle: bytes, display_name: str, passkey: dict) -> str:
    account_id = b64url(user_handle)
    with _refusing_a_known_passkey(), db.atomic():
        if db.execute("select 1 from passkeys where credential_id = ?", [passkey["credential_id"]]).fetchone():
            raise DuplicatePasskey()
        db["accounts"].insert(
            {
                "id": account_id,
                "user_handle": user_handle,
                "display_name": display_name,
                "created": now_iso(),
                "sync_seq": 0,
            }
        )
        db["passkeys"].insert(_passkey_row(account_id, passkey))
    return account_id


@contextlib.contextmanager
def _refusing_a_known_passkey():
    """A passkey registered meanwhile by a concurrent request (PostgreSQL: the
    primary key refuses the second insert) is a duplicate, as when seen first."""
    try:
        yield
    except IntegrityError:
        raise DuplicatePasskey() from None


def get_account(db: sqlite_utils.Database, account_id: str) -> dict | None:
    rows = list(db["accounts"].rows_where("id = ?", [account_id]))
    return rows[0] if rows else None


def add_passkey(db: sqlite_utils.Database, account_id: str, passkey: dict) -> dict:
    row = _passkey_row(account_id, passkey)
    with _refusing_a_known_passkey(), db.atomic():
        if db.execute("select 1 from passkeys where credential_id = ?", [row["credential_id"]]).fetchone():
            raise DuplicatePasskey()
        db["passkeys"].insert(row)
    return row


def passkey_by_id(db: sqlite_utils.Database, credential_id: str) -> dict | None:
    rows = list(db["passkeys"].rows_where("credential_id = ?", [credential_id]))
    return rows[0] if rows else None


def list_passkeys(db: sqlite_utils.Database, account_id: str) -> list[dict]:
    return list(db["passkeys"].rows_where("account_id = ?", [account_id], order_by="created, rowid"))


def remove_passkey(db: sqlite_utils.Database, account_id: str, credential_id: str) -> None:
    """Remove a passkey and end every session that was signed in with it."""
    with db.atomic():
        lock_row(db, "accounts", "id", account_id)  # two removals of the last two passkeys take turns
        count = db.execute("select count(*) from passkeys where account_id = ?", [account_id]).fetchone()[0]
        exists = db.execute(
            "select 1 from passkeys where account_id = ? and credential_id = ?", [account_id, credential_id]
        ).fetchone()
        if not exists:
            raise UnknownPasskey()
        if count <= 1:
            raise LastPasskey()
        db.execute("delete from passkeys where credential_id = ?", [credential_id])
        db.execute("delete from account_sessions where credential_id = ?", [credential_id])


def record_use(db: sqlite_utils.Database, credential_id: str, sign_count: int, backed_up: bool) -> None:
    with db.atomic():
        db.execute(
            "update passkeys set sign_count = ?, backed_up = ?, last_used = ? where credential_id = ?",
            [sign_count, int(backed_up), now_iso(), credential_id],
        )


def delete_account(db: sqlite_utils.Database, account_id: str) -> None:
    """Delete the account and everything stored for it, in one transaction."""
    with db.atomic():
        for table in ("sync_items", "backups", "account_sessions", "passkeys", "webauthn_challenges"):
            db.execute(f"delete from {table} where account_id = ?", [account_id])
        db.execute("delete from accounts where id = ?", [account_id])
