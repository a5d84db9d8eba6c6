"""Shared test fixtures: a real server on a loopback port, Debian's headless
Chromium driven by Playwright, and the database engines: ``database`` runs a
test once on SQLite (None: the file in the data folder) and once on PostgreSQL
(a fresh database's URL in the throwaway cluster of ``tests/pg.py``). The external interop corpora are found through
``tests/corpora.py`` (the ``SATCHEL_FIXTURES`` setting)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests import corpora, pg

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("SATCHEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config):
    # SATCHEL_FIXTURES set to a folder that is not there: fail, never skip.
    if problem := corpora.problem():
        raise pytest.UsageError(problem)


def pytest_terminal_summary(terminalreporter):
    skipped = [
        r for r in terminalreporter.stats.get("skipped", [])
        if isinstance(r.longrepr, tuple) and corpora.REASON in str(r.longrepr[2])
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} skipped: {corpora.REASON}; set {corpora.SETTING} to run them"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(
        self,
        data_dir: Path,
        extra_args: list[str] | None = None,
        *,
        unlimited: bool = False,
        database: str | None = None,
    ):
        """``unlimited``: the app as tests/load/server.py runs it, online, with the
        per-client rate limits lifted (every test client is 127.0.0.1).
        ``database``: a PostgreSQL URL instead of the SQLite file in ``data_dir``."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.database = database
        if unlimited:
            args = [sys.executable, "-m", "tests.load.server", "--port", str(self.port), "--online"]
            args += ["--data-dir", str(data_dir), *(extra_args or [])]
        else:
            args = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)]
            args += ["--data-dir", str(data_dir), "--log-level", "warning", *(extra_args or [])]
        if database:
            args += ["--database", database]
        if "--public-url" not in args:  # the default on loopback is http://localhost:PORT
            args += ["--public-url", self.url]
        # open for the server process's whole life; closed in stop()
        self.log = open(data_dir.parent / f"server-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(args, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not become ready")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("server") / "data"
    data.mkdir()
    server = LiveServer(data)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgresql_cluster():
    """The throwaway PostgreSQL cluster (started on first use). When PostgreSQL is
    missing or does not start, every PostgreSQL test fails with the reason."""
    try:
        cluster = pg.Cluster()
    except (RuntimeError, OSError) as exc:
        pytest.fail(f"the throwaway PostgreSQL cluster did not start: {exc}")
    yield cluster
    cluster.stop()


ENGINES = ["sqlite", "postgresql"]


def _engine_database(request):
    if request.param == "sqlite":
        yield None
        return
    cluster = request.getfixturevalue("postgresql_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture(params=ENGINES)
def database(request) -> str | None:
    """None on SQLite (the file in the data folder); on PostgreSQL a fresh migrated
    database's URL, dropped after the test. Pin a test to one engine with
    ``@pytest.mark.parametrize("database", ["sqlite"], indirect=True)``."""
    yield from _engine_database(request)


@pytest.fixture(scope="module", params=ENGINES)
def module_database(request) -> str | None:
    """``database`` for a module's live server (one per engine)."""
    yield from _engine_database(request)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
