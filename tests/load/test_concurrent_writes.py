"""The stores' conditional writes under real concurrency, on both engines: many
threads released at once against one database (SQLite serialises them with
BEGIN IMMEDIATE; PostgreSQL runs them at once under READ COMMITTED, decision
D31). Whatever the interleaving, a single-use secret is spent once, a counter
stops at its limit, a version is taken once and the last passkey stays."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from server.accounts import store as accounts
from server.backups import store as backups
from server.issuer import store as issuer
from server.storage import open_database
from server.sync import store as sync

THREADS = 12


@pytest.fixture
def db(tmp_path, database):
    opened = open_database(database or tmp_path / "satchel.db")
    yield opened
    opened.close()


def at_once(work, count: int = THREADS) -> list:
    """Run ``work(i)`` in ``count`` threads released together; their results (or exceptions)."""
    barrier = threading.Barrier(count)

    def run(i: int):
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_a_nonce_is_spent_once(db):
    now = time.time()
    issuer.insert_nonce(db, "n-1", now + 60, now - 3600)
    assert sorted(at_once(lambda _i: issuer.consume_nonce(db, "n-1", now))) == [False] * (THREADS - 1) + [True]


def test_an_offer_is_spent_once_and_its_tx_code_attempts_stop_at_the_limit(db):
    issuer.insert_offer(db, {"code_hash": "c-1", "award_id": "a", "tx_code_hash": "t", "expires": time.time() + 60})
    assert sum(at_once(lambda _i: issuer.count_tx_code_attempt(db, "c-1", 5))) == 5
    assert db.execute("select tx_attempts from offers where code_hash = 'c-1'").fetchone()[0] == 5
    assert sum(at_once(lambda _i: issuer.spend_offer(db, "c-1"))) == 1


def test_an_access_token_fetches_each_configuration_once(db):
    issuer.insert_access_token(db, {"token_hash": "t-1", "award_id": "a", "expires": time.time() + 60, "used": 0})
    configs = ["ob3_ldp_vc", "ob3_sd_jwt"]
    results = at_once(lambda i: issuer.spend_access_token_for(db, "t-1", configs[i % 2]))
    assert sum(results) == 2
    (used,) = db.execute("select configs_used from access_tokens where token_hash = 't-1'").fetchone()
    assert sorted(used.strip(",").split(",")) == configs


def _account(db, passkeys: int) -> str:
    passkey = {"credential_id": "cred-0", "public_key": b"k", "sign_count": 0}
    account = accounts.create_account(db, accounts.new_user_handle(), "Amina", passkey)
    for n in range(1, passkeys):
        accounts.add_passkey(db, account, {**passkey, "credential_id": f"cred-{n}"})
    return account


def test_removing_passkeys_at_once_never_removes_the_last(db):
    account = _account(db, 2)
    results = at_once(lambda i: accounts.remove_passkey(db, account, f"cred-{i % 2}"))
    assert sum(r is None for r in results) == 1  # exactly one removal went through
    assert all(isinstance(r, accounts.LastPasskey | accounts.UnknownPasskey) for r in results if r is not None)
    assert len(accounts.list_passkeys(db, account)) == 1


def test_a_passkey_registered_twice_at_once_is_a_duplicate_not_an_error(db):
    account = _account(db, 1)
    results = at_once(lambda _i: accounts.add_passkey(db, account, {"credential_id": "twin", "public_key": b"k", "sign_count": 0}))
    assert sum(isinstance(r, dict) for r in results) == 1
    assert all(isinstance(r, accounts.DuplicatePasskey) for r in results if not isinstance(r, dict))


def test_a_backup_version_is_taken_once(db):
    account = _account(db, 1)
    results = at_once(lambda i: backups.put(db, account, 0, bytes([i]), "{}"))
    assert sum(isinstance(r, dict) for r in results) == 1
    assert all(isinstance(r, backups.VersionConflict) and r.current == 1 for r in results if not isinstance(r, dict))
    assert backups.current_version(db, account) == 1


def test_a_sync_item_version_is_taken_once_and_sequence_numbers_stay_unique(db):
    account = _account(db, 1)
    results = at_once(lambda i: sync.apply(db, account, [sync.Change("item", 0, bytes([i])), sync.Change(f"own-{i}", 0, b"x")]))
    statuses = [r[0]["status"] for r in results]
    assert statuses.count("accepted") == 1 and statuses.count("conflict") == THREADS - 1
    assert all(r[1]["status"] == "accepted" for r in results)
    changes, more = sync.changes_since(db, account, 0, 1000)
    assert not more and len(changes) == THREADS + 1
    assert sorted(c["seq"] for c in changes) == list(range(1, THREADS + 2))
