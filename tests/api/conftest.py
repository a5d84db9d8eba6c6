from __future__ import annotations

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings


@pytest.fixture
def settings(tmp_path, database) -> Settings:
    return Settings(data_dir=tmp_path / "data", offline=True, database_url=database)


@pytest.fixture
def client(settings):
    with TestClient(app=create_app(settings)) as client:
        yield client
