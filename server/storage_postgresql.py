"""The PostgreSQL engine (``satchel serve --database postgresql://…``, decision D31).

It speaks the part of the sqlite-utils ``Database`` API that Satchel's
migrations and stores use, so that both are written once:

- schema: ``db["t"].create(columns, pk=, not_null=, defaults=, foreign_keys=)``,
  ``create_index(columns, unique=)``, ``add_column(name, type, not_null_default=)``,
  ``drop(ignore=)`` — emitted as PostgreSQL DDL (str → text in the "C" collation,
  so text sorts bytewise as in SQLite; int → bigint; float → double precision;
  bytes → bytea). Every table also gets ``rowid``, an identity column, so that
  ``order by rowid`` means insertion order on both engines (it is left out of
  the rows this module returns);
- rows: ``db["t"].insert(row)``, ``rows_where(where, args, order_by=, select=,
  limit=)``, ``rows``, ``count_where``, ``count``, ``exists()``; ``db.execute(sql, args)``
  (a cursor-like result: ``fetchone``, ``fetchall``, ``rowcount``,
  ``description``, iteration), ``db.executemany``, ``db.query`` (dicts);
- ``db.atomic()``: one transaction on one pooled connection for the thread;
  nested blocks are savepoints.

SQL is written with SQLite's ``?`` placeholders and translated here once.
Statements outside ``atomic()`` run in autocommit mode on a connection
borrowed from the pool for that statement only. The pool checks a connection
before lending it: a connection broken by a PostgreSQL restart is replaced
(with every idle one) before any statement of a request runs on it, and a
request waits for PostgreSQL to come back rather than failing at once. A
statement cut off mid-flight is not retried: it may have committed.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql as pgsql
from psycopg_pool import ConnectionPool

SCHEMES = ("postgresql://", "postgres://")
ROWID = "rowid"
COLUMN_TYPES = {str: 'text collate "C"', int: "bigint", float: "double precision", bytes: "bytea"}
# How long a request waits for a connection (PostgreSQL restarting, pool exhausted).
CONNECT_TIMEOUT_SECONDS = 30.0


def is_postgresql_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(SCHEMES)


def redacted(url: str) -> str:
    """The URL without its password (for logs and the KEK registry)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def translate(statement: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return statement.replace("%", "%%").replace("?", "%s")


class DatabaseUnavailable(RuntimeError):
    """PostgreSQL cannot be reached at start; the message is one line, without the password."""


class UnstorableText(ValueError):
    """Text with the NUL character, which PostgreSQL's text type cannot hold (bad input: 400)."""


@contextlib.contextmanager
def _refusing_nul() -> Iterator[None]:
    try:
        yield
    except psycopg.DataError as exc:
        if "NUL" not in str(exc):
            raise
        raise UnstorableText("text containing the NUL character (U+0000) cannot be stored") from None


class Result:
    """A statement's rows, read in full before its connection went back to the pool."""

    def __init__(self, cursor: psycopg.Cursor) -> None:
        self.rowcount = cursor.rowcount
        self.description = [(column.name,) for column in cursor.description] if cursor.description else None
        self._rows = cursor.fetchall() if cursor.description else []
        self._next = 0

    def fetchone(self) -> tuple | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[tuple]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())

    def dicts(self) -> Iterator[dict]:
        names = [d[0] for d in self.description or []]
        for row in self.fetchall():
            yield {name: value for name, value in zip(names, row, strict=True) if name != ROWID}


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database, with the API above."""

    engine = "postgresql"

    def __init__(self, url: str, *, max_size: int = 10, read_only: bool = False, synchronous: bool = True) -> None:
        self.url = url
        self.name = redacted(url)
        try:  # fail at once, with PostgreSQL's reason, rather than after the pool's wait
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())
            raise DatabaseUnavailable(f"cannot connect to the database {self.name}: {reason}") from None
        self._local = threading.local()
        settings = [
            *(["-c default_transaction_read_only=on"] if read_only else []),
            *([] if synchronous else ["-c synchronous_commit=off"]),
        ]
        options = " ".join(settings) or None
        self._unsynced: PostgresDatabase | None = None
        self._guard = threading.Lock()
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            kwargs={"autocommit": True, **({"options": options} if options else {})},
            check=self._check,
            timeout=CONNECT_TIMEOUT_SECONDS,
            name="satchel",
            open=False,
        )
        self.pool.open(wait=True, timeout=CONNECT_TIMEOUT_SECONDS)

    def _check(self, conn: psycopg.Connection) -> None:
        """The pool's test of a connection before it is lent (one round trip)."""
        try:
            ConnectionPool.check_connection(conn)
        except psycopg.Error:
            # PostgreSQL restarted: the idle connections are broken too. Replace them
            # all now, so that the next try gets a fresh one instead of the next
            # broken one after a back-off pause.
            self.pool.check()
            raise

    def __getitem__(self, table: str) -> PostgresTable:
        return PostgresTable(self, table)

    @contextlib.contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.pool.connection() as conn:
            yield conn

    @contextlib.contextmanager
    def atomic(self) -> Iterator[PostgresDatabase]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            with conn.transaction():  # a savepoint
                yield self
            return
        with self.pool.connection() as conn:
            self._local.conn = conn
            try:
                with conn.transaction():
                    yield self
            finally:
                self._local.conn = None

    @contextlib.contextmanager
    def advisory_lock(self, key: int) -> Iterator[None]:
        """Hold PostgreSQL's session advisory lock ``key`` (on a connection of its
        own) for the block: one process at a time, across every worker and host."""
        with self.pool.connection() as conn:
            conn.execute("select pg_advisory_lock(%s)", [key])
            try:
                yield
            finally:
                conn.execute("select pg_advisory_unlock(%s)", [key])

    def execute(self, statement: str, args: Sequence | None = None) -> Result:
        return self.execute_sql(translate(statement), args)

    def execute_sql(self, statement: str | pgsql.Composable, args: Sequence | None = None) -> Result:
        with self._connection() as conn, conn.cursor() as cursor, _refusing_nul():
            cursor.execute(statement, args)
            return Result(cursor)

    def executemany(self, statement: str, rows: Iterable[Sequence]) -> None:
        with self._connection() as conn, conn.cursor() as cursor, _refusing_nul():
            cursor.executemany(translate(statement), list(rows))

    def query(self, statement: str, args: Sequence | None = None) -> Iterator[dict]:
        return self.execute(statement, args).dicts()

    def table_names(self) -> list[str]:
        rows = self.execute("select tablename from pg_tables where schemaname = current_schema() order by tablename")
        return [r[0] for r in rows]

    def vacuum_full(self, tables: Iterable[str]) -> None:
        """Rewrite ``tables`` so that no old row version stays in their files (no transaction)."""
        for table in tables:
            self.execute_sql(pgsql.SQL("vacuum full {}").format(pgsql.Identifier(table)))

    def unsynced(self) -> PostgresDatabase:
        """The same database on a small pool of its own whose commits do not wait for
        the WAL flush (``synchronous_commit=off``): a commit survives the server
        process being killed, not PostgreSQL crashing; for rate-limit buckets and
        share views (D32). One round trip per statement, as on the main pool."""
        with self._guard:
            if self._unsynced is None:
                self._unsynced = PostgresDatabase(self.url, max_size=4, synchronous=False)
            return self._unsynced

    def close(self) -> None:
        with self._guard:
            if self._unsynced is not None:
                self._unsynced.close()
        self.pool.close()


class PostgresTable:
    def __init__(self, db: PostgresDatabase, name: str) -> None:
        self.db = db
        self.name = name
        self._ident = pgsql.Identifier(name)

    # -- schema ------------------------------------------------------------------

    def create(
        self,
        columns: dict[str, type],
        pk: str | tuple[str, ...] | None = None,
        not_null: Iterable[str] = (),
        defaults: dict[str, object] | None = None,
        foreign_keys: Iterable[tuple[str, str, str]] = (),
    ) -> PostgresTable:
        keys = (pk,) if isinstance(pk, str) else tuple(pk or ())
        not_null, defaults = set(not_null), defaults or {}
        references = {column: (table, other) for column, table, other in foreign_keys}
        parts = [pgsql.SQL("{} bigint generated always as identity").format(pgsql.Identifier(ROWID))]
        for column, kind in columns.items():
            part = [pgsql.Identifier(column), pgsql.SQL(COLUMN_TYPES[kind])]
            if len(keys) == 1 and column in keys and kind is int:
                part.append(pgsql.SQL("generated by default as identity"))  # SQLite's INTEGER PRIMARY KEY
            if column in not_null:
                part.append(pgsql.SQL("not null"))
            if column in defaults:
                part.append(pgsql.SQL("default {}").format(pgsql.Literal(defaults[column])))
            if column in references:
                table, other = references[column]
                part.append(pgsql.SQL("references {} ({})").format(pgsql.Identifier(table), pgsql.Identifier(other)))
            parts.append(pgsql.SQL(" ").join(part))
        if keys:
            parts.append(pgsql.SQL("primary key ({})").format(pgsql.SQL(", ").join(map(pgsql.Identifier, keys))))
        self.db.execute_sql(pgsql.SQL("create table {} ({})").format(self._ident, pgsql.SQL(", ").join(parts)))
        return self

    def create_index(self, columns: Sequence[str], unique: bool = False) -> PostgresTable:
        name = f"idx_{self.name}_{'_'.join(columns)}"  # sqlite-utils' naming
        self.db.execute_sql(
            pgsql.SQL("create {}index {} on {} ({})").format(
                pgsql.SQL("unique " if unique else ""),
                pgsql.Identifier(name),
                self._ident,
                pgsql.SQL(", ").join(map(pgsql.Identifier, columns)),
            )
        )
        return self

    def add_column(self, name: str, kind: type, not_null_default: object = None) -> PostgresTable:
        statement = pgsql.SQL("alter table {} add column {} {}").format(
            self._ident, pgsql.Identifier(name), pgsql.SQL(COLUMN_TYPES[kind])
        )
        if not_null_default is not None:
            statement += pgsql.SQL(" not null default {}").format(pgsql.Literal(not_null_default))
        self.db.execute_sql(statement)
        return self

    def drop(self, ignore: bool = False) -> None:
        self.db.execute_sql(pgsql.SQL("drop table {}{}").format(pgsql.SQL("if exists " if ignore else ""), self._ident))

    def exists(self) -> bool:
        return self.db.execute("select to_regclass(?) is not null", [self.name]).fetchone()[0]

    @property
    def pks(self) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
                " and a.attnum = any(i.indkey) where i.indrelid = to_regclass(?) and i.indisprimary",
                [self.name],
            )
        ]

    # -- rows --------------------------------------------------------------------

    def insert(self, row: dict) -> PostgresTable:
        self.db.execute_sql(
            pgsql.SQL("insert into {} ({}) values ({})").format(
                self._ident,
                pgsql.SQL(", ").join(map(pgsql.Identifier, row)),
                pgsql.SQL(", ").join(pgsql.Placeholder() * len(row)),
            ),
            list(row.values()),
        )
        return self

    def rows_where(
        self,
        where: str | None = None,
        where_args: Sequence | None = None,
        order_by: str | None = None,
        select: str = "*",
        limit: int | None = None,
    ) -> Iterator[dict]:
        statement = f"select {select} from {self.name}"
        if where is not None:
            statement += f" where {where}"
        if order_by is not None:
            statement += f" order by {order_by}"
        if limit is not None:
            statement += f" limit {int(limit)}"
        return self.db.query(statement, where_args)

    @property
    def rows(self) -> Iterator[dict]:
        return self.rows_where()

    def count_where(self, where: str, where_args: Sequence | None = None) -> int:
        return self.db.execute(f"select count(*) from {self.name} where {where}", where_args).fetchone()[0]

    @property
    def count(self) -> int:
        return self.db.execute(f"select count(*) from {self.name}").fetchone()[0]
