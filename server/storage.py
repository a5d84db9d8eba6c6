"""The one module that knows how Satchel stores data: SQLite via sqlite-utils.

The file is opened in WAL mode with synchronous=FULL so that an acknowledged
write survives a crash. Schema changes are sqlite-utils migrations, each applied
in one transaction. Keeping storage behind this module is what lets a
multi-node deployment move to PostgreSQL later.

Connection model (decision D12 in docs/architecture.md): a ``SatchelDatabase``
hands every thread its own connection, so a connection never crosses threads
(sqlite3's ``check_same_thread`` stays on and says so loudly if one tries).
Connections run in autocommit mode: a single statement commits on its own, and
``atomic()`` opens ``BEGIN IMMEDIATE`` — the write lock is taken up front, so a
transaction never has to upgrade a read lock and fail with "database is
locked". Writers in this process queue on one lock before that; writers in
other processes wait on SQLite's busy timeout.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("satchel")


@migrations(name="001_meta")
def _meta(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")


@migrations(name="002_demo_issuer")
def _demo_issuer(db: sqlite_utils.Database) -> None:
    db["issuer_keys"].create({"id": str, "did": str, "private_key": str, "created": str}, pk="id")
    db["achievements"].create(
        {"id": str, "slug": str, "version": int, "definition": str, "created": str}, pk="id"
    )
    db["achievements"].create_index(["slug", "version"], unique=True)


@migrations(name="003_issuer")
def _issuer(db: sqlite_utils.Database) -> None:
    # The issuer's own did:web keys; the newest unretired key signs, all stay published.
    db["issuer_signing_keys"].create(
        {"id": str, "seq": int, "private_key": str, "public_multibase": str, "created": str},
        pk="id",
    )
    db["issuer_signing_keys"].create_index(["seq"], unique=True)
    db["pathways"].create({"slug": str, "definition": str, "created": str}, pk="slug")
    db["awards"].create(
        {
            "id": str,
            "achievement_id": str,
            "subject": str,
            "lang": str,
            "credential": str,
            "status_index": int,
            "revoked": int,
            "suspended": int,
            "created": str,
            "status_changed": str,
        },
        pk="id",
        not_null={"achievement_id", "subject", "credential", "status_index"},
        defaults={"revoked": 0, "suspended": 0},
    )
    db["awards"].create_index(["status_index"], unique=True)
    # OID4VCI: pre-authorised codes, access tokens and proof nonces (secrets stored hashed).
    db["offers"].create(
        {"code_hash": str, "award_id": str, "tx_code_hash": str, "expires": float, "used": int},
        pk="code_hash",
        defaults={"used": 0},
    )
    db["access_tokens"].create(
        {"token_hash": str, "award_id": str, "expires": float, "used": int},
        pk="token_hash",
        defaults={"used": 0},
    )
    db["nonces"].create({"nonce": str, "expires": float, "used": int}, pk="nonce", defaults={"used": 0})
    # Issuer console: one-time admin tokens and sessions (hashed).
    db["admin_tokens"].create({"token_hash": str, "created": str, "used": int}, pk="token_hash", defaults={"used": 0})
    db["admin_sessions"].create({"session_hash": str, "csrf": str, "expires": float}, pk="session_hash")


@migrations(name="004_issuer_claims")
def _issuer_claims(db: sqlite_utils.Database) -> None:
    # A learner's claim link (/claim/<token>): the token is stored hashed, with an expiry.
    db["awards"].add_column("claim_hash", str)
    db["awards"].add_column("claim_expires", float)
    db["awards"].create_index(["claim_hash"], unique=True)
    # OID4VCI: one access token may fetch each offered credential configuration once.
    db["access_tokens"].add_column("configs_used", str, not_null_default="")


@migrations(name="005_issuer_p256_keys")
def _issuer_p256_keys(db: sqlite_utils.Database) -> None:
    # The issuer's P-256 keys (ecdsa-rdfc-2019 on request), published beside the Ed25519 ones.
    db["issuer_p256_keys"].create(
        {"id": str, "seq": int, "private_key": str, "public_multibase": str, "created": str},
        pk="id",
    )
    db["issuer_p256_keys"].create_index(["seq"], unique=True)


@migrations(name="020_accounts")
def _accounts(db: sqlite_utils.Database) -> None:
    # Optional learner accounts: passkeys only, no passwords, no e-mail.
    db["accounts"].create(
        {"id": str, "user_handle": bytes, "display_name": str, "created": str, "sync_seq": int},
        pk="id",
        not_null={"user_handle", "created"},
        defaults={"sync_seq": 0},
    )
    db["accounts"].create_index(["user_handle"], unique=True)
    db["passkeys"].create(
        {
            "credential_id": str,  # base64url
            "account_id": str,
            "public_key": bytes,  # COSE key
            "sign_count": int,
            "transports": str,  # JSON list
            "name": str,
            "aaguid": str,
            "device_type": str,
            "backed_up": int,
            "created": str,
            "last_used": str,
        },
        pk="credential_id",
        not_null={"account_id", "public_key", "sign_count", "created"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["passkeys"].create_index(["account_id"])
    # Single-use WebAuthn challenges (stored hashed) with their purpose and expiry.
    db["webauthn_challenges"].create(
        {
            "challenge_hash": str,
            "purpose": str,
            "account_id": str,
            "user_handle": bytes,
            "display_name": str,
            "expires": float,
            "used": int,
        },
        pk="challenge_hash",
        defaults={"used": 0},
    )
    db["account_sessions"].create(
        {"session_hash": str, "account_id": str, "credential_id": str, "csrf": str, "created": str, "expires": float},
        pk="session_hash",
        not_null={"account_id", "csrf", "expires"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["account_sessions"].create_index(["account_id"])


@migrations(name="021_backups")
def _backups(db: sqlite_utils.Database) -> None:
    # Encrypted wallet backups: opaque ciphertext and opaque key-slot JSON, versioned.
    db["backups"].create(
        {"account_id": str, "version": int, "ciphertext": bytes, "keys": str, "size": int, "created": str},
        pk=("account_id", "version"),
        not_null={"ciphertext", "keys", "size", "created"},
        foreign_keys=[("account_id", "accounts", "id")],
    )


@migrations(name="022_sync")
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


@migrations(name="010_shares")
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


@migrations(name="030_offer_attempts")
def _offer_attempts(db: sqlite_utils.Database) -> None:
    # OID4VCI: wrong tx_codes tried against an offer; at the limit the offer is dead.
    db["offers"].add_column("tx_attempts", int, not_null_default=0)


@migrations(name="040_verifier_requests")
def _verifier_requests(db: sqlite_utils.Database) -> None:
    # OpenID4VP verifier (server/verifier): an employer's request, its single-use
    # nonce and state, the read secret (SHA-256 hash only), the checked answer.
    db["vp_requests"].create(
        {
            "id": str,
            "secret_hash": str,
            "nonce": str,
            "state": str,
            "label": str,
            "dcql": str,
            "created": float,
            "expires": float,
            "answered": float,
            "result": str,
            "first_read": float,
            "delete_after": float,
            # direct_post.jwt: the ephemeral P-256 key (private half under the KEK)
            "response_mode": str,
            "enc_jwk": str,
            "enc_key": str,
        },
        pk="id",
        not_null={"secret_hash", "nonce", "state", "dcql", "created", "expires", "delete_after", "response_mode"},
    )
    db["vp_requests"].create_index(["secret_hash"], unique=True)
    db["vp_requests"].create_index(["nonce"], unique=True)
    db["vp_requests"].create_index(["state"], unique=True)
    db["vp_requests"].create_index(["delete_after"])


@migrations(name="041_oid4vci_offer_ref")
def _offer_reference(db: sqlite_utils.Database) -> None:
    # OID4VCI: the hash of the offer's reference (credential_offer_uri).
    db["offers"].add_column("ref_hash", str)
    db["offers"].create_index(["ref_hash"])


@migrations(name="042_console_once")
def _console_once(db: sqlite_utils.Database) -> None:
    # Issuer console POST-redirect-GET: what the award page shows once (claim
    # token, offer), for the session that made it, deleted when shown or expired.
    db["console_once"].create(
        {"id": str, "session_hash": str, "award_id": str, "payload": str, "expires": float}, pk="id"
    )


@migrations(name="043_drop_demo_issuer_keys")
def _drop_demo_issuer_keys(db: sqlite_utils.Database) -> None:
    # The demo's own did:key issuer is gone: every credential comes from the one
    # issuer (its did:web keys). Its achievements stay in `achievements`.
    db["issuer_keys"].drop(ignore=True)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


BUSY_TIMEOUT_SECONDS = 30.0


class SatchelDatabase(sqlite_utils.Database):
    """The sqlite-utils ``Database`` API (``db["table"]``, ``db.execute``,
    ``db.atomic()`` …) where ``conn`` is the calling thread's own connection,
    opened on first use. ``atomic()`` takes the write lock before the first
    statement (BEGIN IMMEDIATE); nested blocks are savepoints."""

    def __init__(self, path: Path) -> None:  # not super().__init__: that opens one shared connection
        self.path = path
        self.memory = False
        self.memory_name = None
        self.use_old_upsert = False
        self.use_counts_table = False
        self.strict = False
        self._tracer = None
        self._registered_functions: set = set()
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self._open: weakref.WeakSet[_Connection] = weakref.WeakSet()
        self._guard = threading.Lock()
        self._closed = False

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or self._closed:
            with self._guard:
                if self._closed:
                    raise sqlite3.ProgrammingError("the database is closed")
                conn = _connect(self.path)
                self._open.add(conn)
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def atomic(self) -> Iterator[SatchelDatabase]:
        conn = self.conn
        if conn.in_transaction:
            with super().atomic():
                yield self
            return
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise

    def close(self) -> None:
        """Close every thread's connection (at shutdown); later use raises."""
        with self._guard:
            self._closed = True
            for conn in list(self._open):
                # another live thread's connection closes when that thread ends
                with contextlib.suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._open.clear()


class _Connection(sqlite3.Connection):
    """sqlite3.Connection that can be held in a WeakSet."""


def _connect(path: Path) -> _Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, factory=_Connection)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA recursive_triggers=ON")
    return conn


def open_database(path: Path) -> SatchelDatabase:
    """Open (creating if needed) the database file and bring its schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    setup = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        setup.execute("PRAGMA journal_mode=WAL")
    finally:
        setup.close()
    db = SatchelDatabase(path)
    migrations.apply(db)
    return db


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]
