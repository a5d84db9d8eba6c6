"""A real multi-worker server (uvicorn's supervisor and 2 worker processes on a
loopback port, tests/load/server.py) for the tests of D32: whatever one worker
does, every other sees.

``database`` is the engine the server stores in: "sqlite" (the default file in
the data folder) or, on PostgreSQL, a fresh database's URL in the throwaway
cluster (tests/pg.py), passed to the server as ``--database``.
"""

from __future__ import annotations

import pytest

from tests.conftest import ENGINES, _engine_database
from tests.load.harness import Server
from tests.workers.connections import Workers

VIEW_BURST = 5  # the share page's limit in these servers: 5 views per address, then 429


@pytest.fixture(scope="module", params=ENGINES)
def database(request) -> str:
    for url in _engine_database(request):
        yield url or "sqlite"


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory, database):
    """(server, Workers) — X-Forwarded-For is believed from loopback here, so that
    each test counts its requests under addresses of its own."""
    data = tmp_path_factory.mktemp("workers") / "data"
    data.mkdir()
    server = Server(
        data,
        workers=2,
        extra_args=["--trusted-proxies", "127.0.0.1", "--view-burst", str(VIEW_BURST)],
        public_is_url=True,
        database=None if database == "sqlite" else database,
    )
    server.start()
    try:
        yield server, Workers(server)
    finally:
        server.stop()
