"""server/storage_postgresql.py on a real PostgreSQL (the throwaway cluster of
tests/pg.py): the schema vocabulary the migrations use becomes PostgreSQL DDL,
transactions and savepoints behave as on SQLite, a read-then-write behind
``lock_row`` loses no update under concurrent threads (on both engines), and
servers starting together on one new database make its contents once."""

from __future__ import annotations

import threading

import httpx
import psycopg
import pytest

from server.demo.achievements import DEMO_ACHIEVEMENTS
from server.security.kek import new_kek_text
from server.storage import IntegrityError, applied_migrations, lock_row, open_database
from server.storage_postgresql import PostgresDatabase, translate
from tests.conftest import LiveServer


@pytest.fixture
def pg(postgresql_cluster):
    url = postgresql_cluster.create_database(migrated=False)
    db = PostgresDatabase(url)
    yield db
    db.close()
    postgresql_cluster.drop_database(url)


def column_types(db, table: str) -> dict[str, tuple[str, str]]:
    rows = db.execute(
        "select column_name, data_type, is_nullable from information_schema.columns where table_name = ?", [table]
    )
    return {name: (kind, nullable) for name, kind, nullable in rows}


def test_the_schema_vocabulary_becomes_postgresql_ddl(pg):
    pg["parent"].create({"id": str}, pk="id")
    pg["t"].create(
        {"id": int, "name": str, "score": float, "blob": bytes, "parent": str, "used": int},
        pk="id",
        not_null={"name"},
        defaults={"used": 0},
        foreign_keys=[("parent", "parent", "id")],
    )
    pg["t"].create_index(["name"], unique=True)
    pg["t"].add_column("extra", str, not_null_default="")
    types = column_types(pg, "t")
    assert types["id"][0] == "bigint" and types["name"] == ("text", "NO")
    assert types["score"][0] == "double precision" and types["blob"][0] == "bytea"
    assert types["extra"] == ("text", "NO") and "rowid" in types
    assert pg["t"].pks == ["id"]
    # an integer primary key numbers itself, as SQLite's rowid alias does
    pg["t"].insert({"name": "a", "blob": b"\x00\x01"})
    pg["t"].insert({"name": "b"})
    assert [(r["id"], r["used"], r["extra"]) for r in pg["t"].rows_where(order_by="rowid")] == [(1, 0, ""), (2, 0, "")]
    assert next(pg["t"].rows_where("name = ?", ["a"]))["blob"] == b"\x00\x01"
    assert "rowid" not in next(pg["t"].rows_where())
    with pytest.raises(IntegrityError):
        pg["t"].insert({"name": "a"})  # the unique index
    with pytest.raises(IntegrityError):
        pg["t"].insert({"name": "c", "parent": "nobody"})  # the foreign key
    pg["t"].drop()
    assert not pg["t"].exists() and pg["parent"].exists()


def test_placeholders_are_translated_once_and_a_percent_sign_stays_literal():
    assert translate("select ? || '%' where a like ?") == "select %s || '%%' where a like %s"


def test_a_failed_block_writes_nothing_a_failed_savepoint_only_its_part(pg):
    pg["meta"].create({"key": str, "value": str}, pk="key")
    with pytest.raises(RuntimeError), pg.atomic():
        pg["meta"].insert({"key": "a", "value": "1"})
        raise RuntimeError("stop")
    assert pg["meta"].count == 0
    with pg.atomic():
        pg["meta"].insert({"key": "b", "value": "1"})
        with pytest.raises(IntegrityError), pg.atomic():
            pg["meta"].insert({"key": "b", "value": "2"})
        pg["meta"].insert({"key": "c", "value": "1"})
    assert [r["key"] for r in pg["meta"].rows_where(order_by="key")] == ["b", "c"]


def test_statements_outside_a_block_commit_at_once(pg):
    pg["meta"].create({"key": str, "value": str}, pk="key")
    pg.execute("insert into meta (key, value) values (?, ?)", ["k", "v"])
    with psycopg.connect(pg.url) as fresh:
        assert fresh.execute("select value from meta where key = 'k'").fetchone() == ("v",)


@pytest.fixture
def counter_db(tmp_path, database):
    db = open_database(database or tmp_path / "satchel.db")
    db.execute("insert into meta (key, value) values ('counter', '0')")
    yield db
    db.close()


def test_read_then_write_behind_lock_row_loses_no_update(counter_db):
    db = counter_db

    def increment() -> None:
        for _ in range(20):
            with db.atomic():
                lock_row(db, "meta", "key", "counter")
                value = int(db.execute("select value from meta where key = 'counter'").fetchone()[0])
                db.execute("update meta set value = ? where key = 'counter'", [str(value + 1)])

    threads = [threading.Thread(target=increment) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert db.execute("select value from meta where key = 'counter'").fetchone()[0] == "120"


def test_servers_starting_together_on_a_new_database_make_everything_once(tmp_path, postgresql_cluster, monkeypatch):
    """Several processes (workers, hosts) on one fresh PostgreSQL database, started at
    once with the same key-encryption key: the migrations, the issuer's keys, the demo
    catalogue and the first admin token are made once (advisory locks), and all serve."""
    url = postgresql_cluster.create_database(migrated=False)
    monkeypatch.setenv("SATCHEL_KEK", new_kek_text())
    servers: list[LiveServer] = []
    errors: list[Exception] = []

    def start(n: int) -> None:
        data = tmp_path / f"host-{n}" / "data"
        data.mkdir(parents=True)
        try:
            servers.append(LiveServer(data, ["--public-url", "http://issuer.test"], database=url))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == [] and len(servers) == 3
        db = open_database(url)
        try:
            assert db["issuer_signing_keys"].count == 1 and db["issuer_p256_keys"].count == 1
            assert db["achievements"].count == len(DEMO_ACHIEVEMENTS) and db["pathways"].count == 1
            assert db["admin_tokens"].count == 1
            assert db.execute("select count(*) from satchel_migrations").fetchone()[0] == len(applied_migrations(db))
        finally:
            db.close()
        for server in servers:
            server.log.flush()
        logs = [(s.data_dir.parent / f"server-{s.port}.log").read_text() for s in servers]
        assert sum("One-time admin token" in log for log in logs) == 1
        dids = {httpx.get(s.url + "/.well-known/did.json").json()["verificationMethod"][0]["id"] for s in servers}
        assert len(dids) == 1  # one issuer, one key, whichever process answers
    finally:
        for server in servers:
            server.stop()
        postgresql_cluster.drop_database(url)
