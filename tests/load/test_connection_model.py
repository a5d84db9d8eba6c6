"""server/storage.py's connection model on a real SQLite file: each thread has
its own connection, atomic() blocks from many threads never interleave, a
failed block leaves nothing behind, and every committed row is visible to a
connection that opens the file afresh."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from server.storage import open_database


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "satchel.db")
    with database.atomic():
        database["meta"].insert({"key": "counter", "value": "0"})
    yield database
    database.close()


def _increment(db) -> None:
    with db.atomic():
        value = int(db.execute("select value from meta where key = 'counter'").fetchone()[0])
        db.execute("update meta set value = ? where key = 'counter'", [str(value + 1)])


def test_each_thread_gets_its_own_connection(db):
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(db.conn)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 3
    assert db.conn is db.conn  # and keeps it


def test_read_modify_write_from_many_threads_loses_no_update(db, tmp_path):
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(100):
                _increment(db)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    fresh = sqlite3.connect(tmp_path / "satchel.db")
    assert fresh.execute("select value from meta where key = 'counter'").fetchone()[0] == "800"
    fresh.close()


def test_a_failed_block_writes_nothing_and_the_connection_stays_usable(db, tmp_path):
    with pytest.raises(RuntimeError), db.atomic():
        db["meta"].insert({"key": "half", "value": "written"})
        raise RuntimeError("boom")
    assert not db.conn.in_transaction
    with db.atomic():
        with pytest.raises(sqlite3.IntegrityError), db.atomic():  # a nested block is a savepoint
            db["meta"].insert({"key": "counter", "value": "duplicate"})
        db["meta"].insert({"key": "after", "value": "kept"})
    fresh = sqlite3.connect(tmp_path / "satchel.db")
    assert [r[0] for r in fresh.execute("select key from meta order by key")] == ["after", "counter"]
    fresh.close()


def test_statements_outside_a_block_commit_at_once(db, tmp_path):
    db.execute("insert into meta (key, value) values ('bare', 'yes')")
    assert not db.conn.in_transaction
    fresh = sqlite3.connect(tmp_path / "satchel.db")
    assert fresh.execute("select value from meta where key = 'bare'").fetchone() == ("yes",)
    fresh.close()


def test_a_closed_database_refuses_use(db):
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("select 1")
