"""A throwaway PostgreSQL cluster for the tests (docs/testing.md): ``initdb`` into a
temporary folder, ``pg_ctl start`` on a free loopback port (and a socket folder of
its own), one database per test made from a migrated template, everything
removed at the end. Debian's ``postgresql`` package provides the programs
(``make test`` installs it); as root the cluster runs as the ``postgres`` user,
since initdb refuses to run as root.

The cluster trades durability against an operating-system crash for speed
(``fsync=off``): a killed or restarted PostgreSQL (``restart_immediate``) still
keeps every committed transaction, which is what the data-safety tests check.
The scale bench asks for a ``DURABLE`` one instead, as SQLite's default is.

The pieces below the cluster — finding the programs, running them as the
clusters' owner, ``initdb``, ``pg_ctl`` — also serve the deploy drills'
clusters (``tests/deploy/pg_cluster.py``: WAL archive, streaming replica).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"
TEMPLATE = "satchel_template"
# Settings of a cluster that keeps what it acknowledged through an operating-system crash too.
DURABLE = {"fsync": "on", "full_page_writes": "on"}


def bin_dir() -> Path:
    """The newest installed PostgreSQL's programs; RuntimeError when there is none."""
    if os.environ.get("SATCHEL_PG_BIN"):
        return Path(os.environ["SATCHEL_PG_BIN"])
    found = sorted(glob.glob(BIN_GLOB), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    if not found or not (Path(found[-1]) / "initdb").exists():
        raise RuntimeError("PostgreSQL is not installed (no initdb under /usr/lib/postgresql): `make test` installs it")
    return Path(found[-1])


def program(name: str) -> str:
    """The path of one of PostgreSQL's programs (initdb, pg_ctl, psql, pg_basebackup…)."""
    return str(bin_dir() / name)


def as_owner(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a command as the clusters' owner: the ``postgres`` user when the tests run
    as root (initdb refuses root), else the current user. RuntimeError when it fails."""
    command = ["runuser", "-u", SUPERUSER, "--", *argv] if os.geteuid() == 0 else list(argv)
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    if done.returncode != 0:
        name = Path(argv[0]).name
        raise RuntimeError(f"{name} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return done


def hand_to_owner(*paths: Path) -> None:
    """Give folders made by this process to the clusters' owner (when running as root)."""
    if os.geteuid() == 0:
        user = pwd.getpwnam(SUPERUSER)
        for path in paths:
            os.chown(path, user.pw_uid, user.pw_gid)


def initdb(data: Path) -> None:
    """A new cluster in ``data``: superuser ``postgres``, trusted local connections, UTF-8."""
    as_owner(program("initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C",
             "--no-sync", cwd=data.parent)


def pg_ctl(data: Path, *args: str) -> None:
    """``pg_ctl`` on the cluster in ``data``, waiting (up to 60 s) for it to finish."""
    as_owner(program("pg_ctl"), "-D", str(data), "-w", "-t", "60", *args, cwd=data.parent)


class Cluster:
    """One running throwaway cluster; ``url(name)`` connects to database ``name``."""

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        """``settings``: postgresql.conf lines over the defaults (``DURABLE`` for a bench)."""
        from tests.conftest import free_port  # tests/conftest.py imports this module

        self.root = Path(tempfile.mkdtemp(prefix="satchel-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "postgresql.log"
        self.port = free_port()
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        self._template_ready = False
        self.sockets.mkdir()
        hand_to_owner(self.root, self.sockets)
        initdb(self.data)
        conf = {
            "listen_addresses": "'127.0.0.1'", "port": str(self.port), "unix_socket_directories": f"'{self.sockets}'",
            "fsync": "off", "full_page_writes": "off", "max_connections": "200", "shared_buffers": "32MB",
            **(settings or {}),
        }
        with open(self.data / "postgresql.conf", "a") as file:
            file.write("".join(f"{name} = {value}\n" for name, value in conf.items()))
        self.start()

    def _pg_ctl(self, *args: str) -> None:
        pg_ctl(self.data, "-l", str(self.log), *args)

    def start(self) -> None:
        self._pg_ctl("start")

    def restart_immediate(self) -> None:
        """Crash-restart the server: every connection breaks, nothing committed is lost."""
        self._pg_ctl("restart", "-m", "immediate")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._pg_ctl("stop", "-m", "fast")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(statement)

    def _ensure_template(self) -> None:
        """A database with every migration applied, copied for each test."""
        if self._template_ready:
            return
        from server.storage import open_database

        self._admin(f"create database {TEMPLATE} template template0")
        open_database(self.url(TEMPLATE)).close()
        self._template_ready = True

    def create_database(self, migrated: bool = True) -> str:
        """A new empty (``migrated``: already migrated) database's URL."""
        with self._lock:
            if migrated:
                self._ensure_template()
            name = f"satchel_test_{next(self._names)}"
            self._admin(f"create database {name} template {TEMPLATE if migrated else 'template0'}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        self._admin(f"drop database if exists {url.rsplit('/', 1)[1]} with (force)")
