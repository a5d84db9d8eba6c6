from __future__ import annotations

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.issuer.console.admin import issue_admin_token
from server.settings import Settings

from .wallet import csrf_in_page

BASE = "http://testserver.local"


@pytest.fixture
def settings(tmp_path, database) -> Settings:
    return Settings(data_dir=tmp_path / "data", offline=True, public_url=BASE, database_url=database)


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    with TestClient(app=app, base_url=BASE) as client:
        yield client


@pytest.fixture
def db(app, client):
    return app.state.db


@pytest.fixture
def console(client, db):
    """A client signed in to the issuer console; ``console.csrf`` is its form token."""
    token = issue_admin_token(db)
    r = client.post("/console/login", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/console")
    assert page.status_code == 200
    client.csrf = csrf_in_page(page.text)
    return client
