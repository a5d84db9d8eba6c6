"""The deploy drills' PostgreSQL clusters (point-in-time recovery, streaming
replica): several clusters in one workspace under /tmp, each on a Unix socket
there and no TCP, started with the compose file's settings (WAL archive,
replication). Finding PostgreSQL, running it as its owner, initdb and pg_ctl
are the throwaway cluster's pieces (tests/pg.py)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import yaml

from tests import pg
from tests.conftest import free_port
from tests.deploy.conftest import DEPLOY

COMPOSE_ARCHIVE = "/var/lib/postgresql/wal-archive"


def compose_settings() -> dict[str, str]:
    """The `-c name=value` settings the compose file starts PostgreSQL with."""
    command = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["postgres"]["command"]
    return dict(command[i + 1].split("=", 1) for i, arg in enumerate(command) if arg == "-c")


def stop_every_cluster_in(root: Path) -> None:
    for pid_file in root.glob("*/postmaster.pid"):
        with contextlib.suppress(RuntimeError):
            pg.pg_ctl(pid_file.parent, "-m", "immediate", "stop")


class Cluster:
    """A throwaway PostgreSQL cluster on a Unix socket in ``root``."""

    def __init__(self, root: Path, data: Path, settings: dict[str, str]):
        self.root, self.data, self.port = root, data, free_port()
        self.settings = {"listen_addresses": "", "unix_socket_directories": str(root), **settings}

    def start(self) -> None:
        options = " ".join(f"-c {k}='{v}'" for k, v in self.settings.items())
        pg.pg_ctl(self.data, "-o", f"-p {self.port} {options}", "-l", str(self.root / f"log-{self.port}"), "start")

    def stop(self) -> None:
        pg.pg_ctl(self.data, "-m", "fast", "stop")

    def sql(self, query: str) -> str:
        return pg.as_owner(pg.program("psql"), "-h", str(self.root), "-p", str(self.port), "-U", pg.SUPERUSER,
                           "-d", "postgres", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", query).stdout.strip()

    def wait_for(self, query: str, expected: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while (answer := self.sql(query)) != expected:
            assert time.monotonic() < deadline, f"{query} -> {answer!r}, not {expected!r}"
            time.sleep(0.2)

    def base_backup(self, into: Path, *options: str) -> None:
        pg.as_owner(pg.program("pg_basebackup"), "-h", str(self.root), "-p", str(self.port), "-U", pg.SUPERUSER,
                    "-D", str(into), *options)

    def awards(self) -> str:
        """The ids in the tests' one table, "1,2,…"."""
        return self.sql("SELECT string_agg(id::text, ',' ORDER BY id) FROM awards")

    def takes_writes(self, award_id: int) -> str:
        """Wait for recovery to end, write one row, return awards()."""
        self.wait_for("SELECT pg_is_in_recovery()", "f")
        self.sql(f"INSERT INTO awards VALUES ({award_id})")
        return self.awards()


def compose_primary(root: Path) -> Cluster:
    """A new cluster started with the compose file's settings, archiving its WAL
    to ``root/wal-archive``, with an empty table ``awards``."""
    archive = root / "wal-archive"
    pg.as_owner("mkdir", "-m", "700", str(archive))
    settings = {k: v.replace(COMPOSE_ARCHIVE, str(archive)) for k, v in compose_settings().items()}
    primary = Cluster(root, root / "primary", settings)
    pg.initdb(primary.data)
    primary.start()
    primary.sql("CREATE TABLE awards (id int PRIMARY KEY)")
    return primary
