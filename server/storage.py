"""The one module that knows how Satchel stores data: by default one SQLite file
via sqlite-utils (below), or a PostgreSQL database when ``--database`` names one
(``server/storage_postgresql.py``, decision D31: the same migrations and stores
run on both).

The SQLite file is opened in WAL mode with synchronous=FULL so that an acknowledged
write survives a crash. Schema changes are sqlite-utils migrations, each applied
in one transaction; each feature keeps its own in its ``migrations`` module
(``FEATURE_MIGRATIONS``), registered in one set under ids that never change
(PostgreSQL records the same ids in its ``satchel_migrations`` table).

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

import abc
import contextlib
import importlib
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import sqlite_utils
from sqlite_utils.migrations import Migrations

from server.storage_postgresql import PostgresDatabase, is_postgresql_url

migrations = Migrations("satchel")


def migration(name: str):
    """Register a feature's migration (in its ``migrations`` module) under ``name``:
    the id an existing database recorded when it applied it, so it never changes."""
    return migrations(name=name)


# Each feature's migrations, in the order a new database applies them; a
# database that has applied some applies the rest in this order.
FEATURE_MIGRATIONS = (
    "server.issuer.migrations",
    "server.accounts.migrations",
    "server.backups.migrations",
    "server.sync.migrations",
    "server.shares.migrations",
    "server.verifier.migrations",
    "server.security.migrations",
)


@migrations(name="001_meta")
def _meta(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")


def register_feature_migrations() -> Migrations:
    """Import every feature's migrations module (registering its migrations once)."""
    for module in FEATURE_MIGRATIONS:
        importlib.import_module(module)
    return migrations


def lock_row(db, table: str, column: str, value: object) -> None:
    """Inside ``atomic()``: take the write lock of the row whose ``column`` is
    ``value`` before reading what a change depends on (a no-op UPDATE: SQLite's
    BEGIN IMMEDIATE holds the whole file already; PostgreSQL makes a concurrent
    transaction on the same row wait here, before its reads)."""
    db.execute(f"update {table} set {column} = {column} where {column} = ?", [value])


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


BUSY_TIMEOUT_SECONDS = 30.0


class SatchelDatabase(sqlite_utils.Database):
    """The sqlite-utils ``Database`` API (``db["table"]``, ``db.execute``,
    ``db.atomic()`` …) where ``conn`` is the calling thread's own connection,
    opened on first use. ``atomic()`` takes the write lock before the first
    statement (BEGIN IMMEDIATE); nested blocks are savepoints."""

    engine = "sqlite"

    def __init__(self, path: Path, synchronous: str = "FULL") -> None:
        # not super().__init__: that opens one shared connection
        self.path = path
        self.synchronous = synchronous
        self._unsynced: SatchelDatabase | None = None
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
                conn = _connect(self.path, self.synchronous)
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

    def unsynced(self) -> SatchelDatabase:
        """The same file on connections whose commits do not wait for an fsync
        (``synchronous=NORMAL`` in WAL mode): a commit survives the process being
        killed, but not the machine losing power. For counts whose last moments
        may be lost in a power cut: rate-limit buckets and share views (D32)."""
        with self._guard:
            if self._closed:
                raise sqlite3.ProgrammingError("the database is closed")
            if self._unsynced is None:
                self._unsynced = SatchelDatabase(self.path, "NORMAL")
            return self._unsynced

    def close(self) -> None:
        """Close every thread's connection (at shutdown); later use raises."""
        if self._unsynced is not None:
            self._unsynced.close()
        with self._guard:
            self._closed = True
            for conn in list(self._open):
                # another live thread's connection closes when that thread ends
                with contextlib.suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._open.clear()


class _Connection(sqlite3.Connection):
    """sqlite3.Connection that can be held in a WeakSet."""


def _connect(path: Path, synchronous: str) -> _Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, factory=_Connection)
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA recursive_triggers=ON")
    return conn


class Database(abc.ABC):
    """Either engine's database (``SatchelDatabase`` or ``PostgresDatabase``): the
    type route handlers name for their ``db`` dependency."""


Database.register(sqlite_utils.Database)
Database.register(PostgresDatabase)

# A unique or foreign key refused a write, on either engine.
IntegrityError = (sqlite3.IntegrityError, psycopg.IntegrityError)

# PostgreSQL advisory lock keys: one process at a time applies the migrations,
# and one at a time makes what a first start makes (keys, demo data, a token).
MIGRATION_LOCK = 0x5A7C4E1
STARTUP_LOCK = 0x5A7C4E2


def is_postgresql(db: object) -> bool:
    return getattr(db, "engine", "sqlite") == "postgresql"


@contextlib.contextmanager
def one_process_at_a_time(db: SatchelDatabase | PostgresDatabase) -> Iterator[None]:
    """For a read-then-create on start (the issuer's first keys, the demo data):
    on PostgreSQL, processes starting together take turns; a SQLite file is one
    process's (the transactions inside serialise its threads)."""
    if is_postgresql(db):
        with db.advisory_lock(STARTUP_LOCK):
            yield
    else:
        yield


def open_database(target: Path | str) -> SatchelDatabase | PostgresDatabase:
    """Open the database — a SQLite file path (created if needed) or a
    ``postgresql://`` URL — and bring its schema up to date."""
    if is_postgresql_url(target):
        return _open_postgresql(str(target))
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    setup = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        setup.execute("PRAGMA journal_mode=WAL")
    finally:
        setup.close()
    db = SatchelDatabase(path)
    register_feature_migrations().apply(db)
    return db


def _postgresql_migrations() -> Migrations:
    """The same migrations, recorded in PostgreSQL's own bookkeeping table."""
    register_feature_migrations()
    pg = Migrations(migrations.name)
    pg.migrations_table = "satchel_migrations"
    pg._migrations = migrations._migrations
    return pg


def _open_postgresql(url: str) -> PostgresDatabase:
    db = PostgresDatabase(url)
    try:
        with db.advisory_lock(MIGRATION_LOCK):  # workers starting together apply them once
            _postgresql_migrations().apply(db)
    except BaseException:
        db.close()
        raise
    return db


def applied_migrations(db: sqlite_utils.Database | PostgresDatabase) -> list[str]:
    applied = _postgresql_migrations().applied(db) if is_postgresql(db) else migrations.applied(db)
    return [m.name for m in applied]
