"""The app factory, storage and PWA serving, against the real app and SQLite file."""

from __future__ import annotations

import sqlite3

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.demo.achievements import DEMO_ACHIEVEMENTS
from server.settings import Settings
from server.storage import applied_migrations, open_database


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_first_run_creates_the_sqlite_file_in_wal_mode(client, settings):
    assert settings.database_path.is_file()
    conn = sqlite3.connect(settings.database_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {row[0] for row in conn.execute("select name from _sqlite_migrations")}
    assert {"001_meta", "002_demo_issuer"} <= names


def test_health_reports_applied_migrations(client):
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert "002_demo_issuer" in r.json()["migrations"]


def test_demo_data_is_created_once_in_the_issuers_catalogue(settings):
    for _ in range(2):
        with TestClient(app=create_app(settings)):
            pass
    db = open_database(settings.database)
    try:
        assert db["achievements"].count == len(DEMO_ACHIEVEMENTS) == 7
        assert db["pathways"].count == 1
        # one issuer: its did:web keys, no second (demo) issuer key table
        assert not db["issuer_keys"].exists() and db["issuer_signing_keys"].exists()
    finally:
        db.close()


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_postgresql_records_the_same_migration_ids_and_no_sqlite_bookkeeping(client, settings):
    db = open_database(settings.database)
    try:
        names = [r[0] for r in db.execute("select name from satchel_migrations order by rowid")]
        assert names == applied_migrations(db) == client.get("/api/v1/health").json()["migrations"]
        assert {"001_meta", "002_demo_issuer", "043_drop_demo_issuer_keys"} <= set(names)
        assert not db["_sqlite_migrations"].exists()
    finally:
        db.close()
    assert not settings.database_path.exists()  # nothing written to the data folder's SQLite file


def test_unknown_api_path_is_json_404(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"


@pytest.fixture
def pwa_client(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Satchel</title>")
    (dist / "sw.js").write_text("self.addEventListener('install', () => {});")
    (dist / "assets" / "app-ABCD1234.js").write_text("console.log(1)")
    (dist / "icons").mkdir()
    (dist / "icons" / "icon-maskable-512.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("do not serve")
    settings = Settings(data_dir=tmp_path / "data", pwa_dir=dist, offline=True)
    with TestClient(app=create_app(settings)) as client:
        yield client


def test_pwa_index_and_service_worker_are_revalidated(pwa_client):
    index = pwa_client.get("/")
    assert index.status_code == 200 and "Satchel" in index.text
    assert index.headers["cache-control"] == "no-cache"
    sw = pwa_client.get("/sw.js")
    assert sw.status_code == 200 and sw.headers["cache-control"] == "no-cache"
    assert "javascript" in sw.headers["content-type"]


def test_hashed_assets_are_immutable(pwa_client):
    r = pwa_client.get("/assets/app-ABCD1234.js")
    assert r.status_code == 200
    assert "immutable" in r.headers["cache-control"]


def test_unhashed_files_are_revalidated_and_pages_carry_a_csp(pwa_client):
    icon = pwa_client.get("/icons/icon-maskable-512.png")
    assert icon.headers["cache-control"] == "no-cache"
    assert icon.headers["content-type"] == "image/png"
    index = pwa_client.get("/")
    assert "default-src 'self'" in index.headers["content-security-policy"]


def test_client_side_routes_get_index_html(pwa_client):
    r = pwa_client.get("/credentials/123")
    assert r.status_code == 200 and "Satchel" in r.text


def test_path_traversal_is_refused(pwa_client):
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"):
        r = pwa_client.get(path)
        assert "do not serve" not in r.text
    assert pwa_client.get("/missing.js").status_code == 404
