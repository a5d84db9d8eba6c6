"""Upgrading a DATA_DIR an earlier Satchel made (tests/issuer/upgrade/): the
migrations it applied keep their ids, the new ones apply once, its awards still
verify and can still be revoked, and the issuer goes on signing."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from litestar.testing import TestClient

from server.app import create_app
from server.issuer.status import set_status
from server.settings import Settings
from server.storage import register_feature_migrations
from tests.issued import award_credential

UPGRADE = Path(__file__).parent / "upgrade"
BASE = "http://testserver.local"  # the public URL the old server ran with
LEARNER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def old_data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir(parents=True)
    conn = sqlite3.connect(data / "satchel.db")
    conn.executescript((UPGRADE / "main-2b5a902.sql").read_text())
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    fd = os.open(data / "issuer-kek", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, (UPGRADE / "issuer-kek").read_bytes())
    os.close(fd)
    return data


def verdict(client, credential: dict) -> dict:
    r = client.post("/api/v1/verify", content=json.dumps(credential).encode())
    assert r.status_code == 200, r.text
    return r.json()["verdict"]


def test_a_database_from_before_the_one_issuer_upgrades(tmp_path):
    data = old_data_dir(tmp_path)
    before = [row[0] for row in sqlite3.connect(data / "satchel.db").execute("select name from _sqlite_migrations order by id")]
    assert "002_demo_issuer" in before and "043_drop_demo_issuer_keys" not in before

    settings = Settings(data_dir=data, offline=True, public_url=BASE)
    for _start in range(2):  # the second start applies nothing
        app = create_app(settings)
        with TestClient(app=app, base_url=BASE) as client:
            db = app.state.db
            # step 1: every old migration id is kept, in its order; every registered one is applied once
            applied = client.get("/api/v1/health").json()["migrations"]
            assert applied[: len(before)] == before
            assert sorted(applied) == sorted(m.name for m in register_feature_migrations()._migrations)
            # step 2: the demo's second issuer is gone; its achievements are the issuer's
            assert not db["issuer_keys"].exists()
            assert db["achievements"].count == 7
            # step 3: what the old server signed still verifies
            demo = json.loads((UPGRADE / "demo-credential.json").read_text())
            old_award = json.loads((UPGRADE / "console-award.json").read_text())
            assert verdict(client, demo)["result"] == "valid"
            assert verdict(client, old_award)["result"] == "valid"
            # step 4: the issuer signs new awards with the old keys, on the next status index
            new = award_credential(client, LEARNER, "green-finance", form="record")
            assert new["credential"]["proof"]["verificationMethod"] == old_award["proof"]["verificationMethod"]
            assert verdict(client, new["credential"])["result"] == "valid"

    # step 5: the old award is still the issuer's to revoke
    app = create_app(settings)
    with TestClient(app=app, base_url=BASE) as client:
        (old_id,) = [r["id"] for r in app.state.db["awards"].rows_where("subject = ? and lang = 'zh-Hant'", [LEARNER])]
        assert set_status(app.state.db, old_id, "revocation", True)
        assert verdict(client, old_award)["result"] == "invalid"


def schema(path: Path) -> dict:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
    out = {t: conn.execute(f"PRAGMA table_info([{t}])").fetchall() for t in tables}
    out["indexes"] = conn.execute("select name, tbl_name from sqlite_master where type = 'index' order by name").fetchall()
    conn.close()
    return out


def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path):
    """Each feature registers its own migrations; whatever order a database met
    them in, it ends with the same tables, columns and indexes."""
    data = old_data_dir(tmp_path / "old")
    with TestClient(app=create_app(Settings(data_dir=data, offline=True, public_url=BASE)), base_url=BASE):
        pass
    fresh = tmp_path / "new" / "data"
    with TestClient(app=create_app(Settings(data_dir=fresh, offline=True, public_url=BASE)), base_url=BASE):
        pass
    assert schema(data / "satchel.db") == schema(fresh / "satchel.db")
