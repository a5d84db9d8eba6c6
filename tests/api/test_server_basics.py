"""The app factory, storage and PWA serving, against the real app and SQLite file."""

from __future__ import annotations

import sqlite3

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.demo.achievements import DEMO_ACHIEVEMENTS
from server.settings import Settings


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
    conn = sqlite3.connect(settings.database_path)
    assert conn.execute("select count(*) from achievements").fetchone()[0] == len(DEMO_ACHIEVEMENTS) == 7
    assert conn.execute("select count(*) from pathways").fetchone()[0] == 1
    # one issuer: its did:web keys, no second (demo) issuer key table
    tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    assert "issuer_keys" not in tables and "issuer_signing_keys" in tables


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
