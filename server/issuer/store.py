"""Every SQL statement of the issuer, in one place (its tables: ``migrations.py``).

Rows in, rows out: the issuer's modules decide what they mean. Functions that
change more than one row take the caller's transaction when called inside
``db.atomic()`` (nested blocks are savepoints); those that must be atomic on
their own open one. Secrets arrive already hashed (server/security/tokens.py).
"""

from __future__ import annotations

import sqlite_utils

# -- signing keys (issuer_signing_keys: Ed25519; issuer_p256_keys: P-256) -------------

KEY_TABLES = ("issuer_signing_keys", "issuer_p256_keys")


def _key_table(table: str) -> str:
    if table not in KEY_TABLES:
        raise ValueError(f"not a key table: {table}")
    return table


def next_key_seq(db: sqlite_utils.Database, table: str) -> int:
    return db.execute(f"select coalesce(max(seq), 0) from {_key_table(table)}").fetchone()[0] + 1


def insert_key(db: sqlite_utils.Database, table: str, row: dict) -> None:
    db[_key_table(table)].insert(row)


def newest_key(db: sqlite_utils.Database, table: str) -> dict | None:
    rows = list(db[_key_table(table)].rows_where(order_by="seq desc", limit=1))
    return rows[0] if rows else None


def published_keys(db: sqlite_utils.Database, table: str) -> list[dict]:
    """Every key's public part, oldest first (no private key column)."""
    return list(db[_key_table(table)].rows_where(order_by="seq", select="id, seq, public_multibase, created"))


# -- achievements and pathways ------------------------------------------------------


def achievement(db: sqlite_utils.Database, slug: str, version: int | None = None) -> dict | None:
    """The achievements row of ``slug`` at ``version`` (default: the latest)."""
    where, args = ("slug = ?", [slug]) if version is None else ("slug = ? and version = ?", [slug, version])
    rows = list(db["achievements"].rows_where(where, args, order_by="version desc", limit=1))
    return rows[0] if rows else None


def latest_achievements(db: sqlite_utils.Database) -> list[dict]:
    """The latest version's row of every achievement, by slug."""
    return list(
        db.query(
            "select a.* from achievements a join (select slug, max(version) v from achievements group by slug) m"
            " on a.slug = m.slug and a.version = m.v order by a.slug"
        )
    )


def achievement_exists(db: sqlite_utils.Database, slug: str) -> bool:
    return bool(db["achievements"].count_where("slug = ?", [slug]))


def insert_achievement(db: sqlite_utils.Database, row: dict) -> None:
    db["achievements"].insert(row)


def pathways(db: sqlite_utils.Database) -> list[dict]:
    return list(db["pathways"].rows_where(order_by="slug"))


def pathway_exists(db: sqlite_utils.Database, slug: str) -> bool:
    return bool(db["pathways"].count_where("slug = ?", [slug]))


def insert_pathway(db: sqlite_utils.Database, row: dict) -> None:
    db["pathways"].insert(row)


# -- awards, their status bits and claim links ----------------------------------------


def insert_award(db: sqlite_utils.Database, row: dict) -> None:
    """Raises server.storage.IntegrityError when the status index is taken meanwhile."""
    with db.atomic():
        db["awards"].insert(row)


def award(db: sqlite_utils.Database, award_id: str) -> dict | None:
    rows = list(db["awards"].rows_where("id = ?", [award_id]))
    return rows[0] if rows else None


def recent_awards(db: sqlite_utils.Database, limit: int) -> list[dict]:
    return list(
        db.query(
            "select w.id, w.subject, w.lang, w.revoked, w.suspended, w.created, a.slug, a.version,"
            " a.definition from awards w join achievements a on a.id = w.achievement_id"
            " order by w.created desc limit ?",
            [limit],
        )
    )


def status_indexes(db: sqlite_utils.Database) -> set[int]:
    return {r[0] for r in db.execute("select status_index from awards")}


STATUS_COLUMNS = ("revoked", "suspended")


def flagged_indexes(db: sqlite_utils.Database, column: str) -> list[int]:
    """Status indexes of the awards whose ``column`` (revoked / suspended) is set."""
    if column not in STATUS_COLUMNS:
        raise ValueError(column)
    return [r[0] for r in db.execute(f"select status_index from awards where {column} = 1")]


def flagged_awards(db: sqlite_utils.Database) -> list[tuple[int, int, int]]:
    """(status_index, revoked, suspended) of every revoked or suspended award."""
    return db.execute(
        "select status_index, revoked, suspended from awards where revoked = 1 or suspended = 1"
    ).fetchall()


def set_award_flag(db: sqlite_utils.Database, award_id: str, column: str, value: bool, when: str) -> bool:
    """Set or clear revoked / suspended; False if there is no such award."""
    if column not in STATUS_COLUMNS:
        raise ValueError(column)
    with db.atomic():
        cur = db.execute(
            f"update awards set {column} = ?, status_changed = ? where id = ?", [1 if value else 0, when, award_id]
        )
    return cur.rowcount == 1


def set_claim(db: sqlite_utils.Database, award_id: str, claim_hash: str, expires: float) -> None:
    with db.atomic():
        db.execute("update awards set claim_hash = ?, claim_expires = ? where id = ?", [claim_hash, expires, award_id])


def award_by_claim(db: sqlite_utils.Database, claim_hash: str) -> dict | None:
    """{id, claim_expires} of the award with this claim link, or None."""
    rows = list(db["awards"].rows_where("claim_hash = ?", [claim_hash], select="id, claim_expires"))
    return rows[0] if rows else None


# -- OID4VCI: offers, access tokens, nonces ----------------------------------------------


def insert_offer(db: sqlite_utils.Database, row: dict) -> None:
    """Raises server.storage.IntegrityError for an offer (code) made already."""
    with db.atomic():
        db["offers"].insert(row)


def offer_by_ref(db: sqlite_utils.Database, ref_hash: str) -> dict | None:
    rows = list(db["offers"].rows_where("ref_hash = ?", [ref_hash]))
    return rows[0] if rows else None


def offer_by_code(db: sqlite_utils.Database, code_hash: str) -> dict | None:
    rows = list(db["offers"].rows_where("code_hash = ?", [code_hash]))
    return rows[0] if rows else None


def offers_of_award(db: sqlite_utils.Database, award_id: str) -> list[dict]:
    """{ref_hash, used, expires} of every offer made for an award."""
    return list(db["offers"].rows_where("award_id = ?", [award_id], select="ref_hash, used, expires"))


def spend_offer(db: sqlite_utils.Database, code_hash: str) -> bool:
    """Mark an unused offer used; False if it was used already (or meanwhile)."""
    return db.execute("update offers set used = 1 where code_hash = ? and used = 0", [code_hash]).rowcount == 1


def count_tx_code_attempt(db: sqlite_utils.Database, code_hash: str, limit: int) -> bool:
    """Spend one of an unused offer's ``limit`` tx_code attempts (one conditional
    UPDATE, so parallel guesses cannot overrun it); False when none is left."""
    cur = db.execute(
        "update offers set tx_attempts = tx_attempts + 1 where code_hash = ? and used = 0 and tx_attempts < ?",
        [code_hash, limit],
    )
    return cur.rowcount == 1


def insert_access_token(db: sqlite_utils.Database, row: dict) -> None:
    db["access_tokens"].insert(row)


def access_token(db: sqlite_utils.Database, token_hash: str) -> dict | None:
    rows = list(db["access_tokens"].rows_where("token_hash = ?", [token_hash]))
    return rows[0] if rows else None


def spend_access_token_for(db: sqlite_utils.Database, token_hash: str, configuration: str) -> bool:
    """Record that the token fetched ``configuration``; False if it had already."""
    with db.atomic():
        cur = db.execute(
            "update access_tokens set configs_used = configs_used || ? where token_hash = ?"
            " and replace(configs_used || ',', ?, '') = configs_used || ','",
            [f",{configuration}", token_hash, f",{configuration},"],
        )
    return cur.rowcount == 1


def insert_nonce(db: sqlite_utils.Database, nonce: str, expires: float, forget_before: float) -> None:
    """Store a new nonce, deleting those that expired before ``forget_before``."""
    with db.atomic():
        db.execute("delete from nonces where expires < ?", [forget_before])
        db["nonces"].insert({"nonce": nonce, "expires": expires, "used": 0})


def consume_nonce(db: sqlite_utils.Database, nonce: str, now: float) -> bool:
    """Spend an unused, unexpired nonce; False if there is none to spend."""
    with db.atomic():
        cur = db.execute("update nonces set used = 1 where nonce = ? and used = 0 and expires >= ?", [nonce, now])
    return cur.rowcount == 1


# -- the console: one-time admin tokens, what an award page shows once ------------------


def replace_admin_token(db: sqlite_utils.Database, token_hash: str, created: str) -> None:
    """Store a new admin token; every unused older one stops working."""
    with db.atomic():
        db.execute("update admin_tokens set used = 1 where used = 0")
        db["admin_tokens"].insert({"token_hash": token_hash, "created": created, "used": 0})


def admin_tokens_ever(db: sqlite_utils.Database) -> int:
    return db["admin_tokens"].count


def spend_admin_token(db: sqlite_utils.Database, token_hash: str) -> bool:
    return db.execute("update admin_tokens set used = 1 where token_hash = ? and used = 0", [token_hash]).rowcount == 1


def put_once(db: sqlite_utils.Database, row: dict, now: float) -> None:
    with db.atomic():
        db.execute("delete from console_once where expires < ?", [now])
        db["console_once"].insert(row)


def take_once(db: sqlite_utils.Database, once: str, session_hash: str, award_id: str, now: float) -> dict | None:
    """The unexpired row ``once`` of this session and award, deleted as it is read
    (deleted in any case)."""
    rows = list(db.query("delete from console_once where id = ? returning *", [once]))  # one reader gets it
    if not rows:
        return None
    row = rows[0]
    if row["session_hash"] != session_hash or row["award_id"] != award_id or row["expires"] < now:
        return None
    return row
