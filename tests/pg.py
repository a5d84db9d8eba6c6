"""A throwaway PostgreSQL cluster for the tests (docs/testing.md): ``initdb`` into a
temporary folder, ``pg_ctl start`` on a free loopback port (and a socket folder of
its own), one database per test made from a migrated template, everything
removed at the end. Debian's ``postgresql`` package provides the programs
(``make test`` installs it); as root the cluster runs as the ``postgres`` user,
since initdb refuses to run as root.

The cluster trades durability against an operating-system crash for speed
(``fsync=off``): a killed or restarted PostgreSQL (``restart_immediate``) still
keeps every committed transaction, which is what the data-safety tests check.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"
TEMPLATE = "satchel_template"


def bin_dir() -> Path:
    """The newest installed PostgreSQL's programs; RuntimeError when there is none."""
    if os.environ.get("SATCHEL_PG_BIN"):
        return Path(os.environ["SATCHEL_PG_BIN"])
    found = sorted(glob.glob(BIN_GLOB), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    if not found or not (Path(found[-1]) / "initdb").exists():
        raise RuntimeError("PostgreSQL is not installed (no initdb under /usr/lib/postgresql): `make test` installs it")
    return Path(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One running throwaway cluster; ``url(name)`` connects to database ``name``."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        self.run_as = SUPERUSER if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="satchel-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "postgresql.log"
        self.port = _free_port()
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        self._template_ready = False
        self.sockets.mkdir()
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            for path in (self.root, self.sockets):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C",
            "--no-sync",
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.sockets}'\n"
                "fsync = off\nfull_page_writes = off\nmax_connections = 200\nshared_buffers = 32MB\n"
            )
        self.start()

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
        return done

    def _pg_ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args)

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
