"""favicon.ico, robots.txt and HEAD on pages, against the real app (issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings

ICON = Path(__file__).resolve().parents[2] / "pwa" / "icons" / "icon-192.png"


@pytest.fixture
def site(tmp_path):
    dist = tmp_path / "dist"
    (dist / "icons").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Satchel</title>")
    shutil.copy(ICON, dist / "icons" / "icon-192.png")
    settings = Settings(data_dir=tmp_path / "data", offline=True, pwa_dir=dist)
    with TestClient(app=create_app(settings)) as client:
        yield client


def test_favicon_is_the_pwa_icon_with_a_long_cache(site):
    r = site.get("/favicon.ico")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/png"
    assert r.content == ICON.read_bytes()
    assert r.content.startswith(b"\x89PNG")
    assert "max-age=604800" in r.headers["cache-control"]


def test_robots_txt_allows_public_pages_and_keeps_crawlers_out_of_private_ones(site):
    r = site.get("/robots.txt")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    lines = r.text.splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")}
    assert {"/api/", "/issuer/", "/console", "/s/", "/verifier", "/claim/", "/offer/"} <= disallowed
    assert "Allow: /" in lines
    # public pages are not disallowed by any prefix
    for public in ("/", "/verify"):
        assert not any(public.startswith(p) for p in disallowed if p != "/"), public


def test_head_on_the_start_page_answers_like_get_without_a_body(site):
    get = site.get("/")
    head = site.head("/")
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["cache-control"] == get.headers["cache-control"]
    assert site.head("/favicon.ico").status_code == 200


def test_unknown_machine_paths_stay_404(site):
    assert site.get("/api/v1/nothing").status_code == 404
    assert site.head("/api/v1/nothing").status_code in (404, 405)
