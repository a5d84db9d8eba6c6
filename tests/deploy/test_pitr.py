"""The point-in-time recovery docs/deploy.md describes, done for real with
Debian's PostgreSQL: WAL archived by the compose file's own archive_command, a
base backup as the doc takes it, then a restore to a moment between two
commits — the earlier row is there, the later one is not, recovery pauses at
the target and opens for writes when resumed."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import free_port
from tests.deploy.conftest import DEPLOY

COMPOSE_ARCHIVE = "/var/lib/postgresql/wal-archive"


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"PostgreSQL's {name} is not installed: `make test` installs it (make deploy-tools)")
    return found[-1]


def compose_settings() -> dict[str, str]:
    """The `-c name=value` settings the compose file starts PostgreSQL with."""
    command = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["postgres"]["command"]
    return dict(command[i + 1].split("=", 1) for i, arg in enumerate(command) if arg == "-c")


def as_postgres(*argv: str) -> subprocess.CompletedProcess:
    """Run a command as the postgres user when the tests run as root (initdb refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *argv], check=True, capture_output=True, text=True)


class Cluster:
    """A throwaway PostgreSQL cluster on a Unix socket in ``root``."""

    def __init__(self, root: Path, data: Path, settings: dict[str, str]):
        self.root, self.data, self.port = root, data, free_port()
        self.settings = {"listen_addresses": "", "unix_socket_directories": str(root), **settings}

    def start(self) -> None:
        options = " ".join(f"-c {k}='{v}'" for k, v in self.settings.items())
        as_postgres(pg_bin("pg_ctl"), "-D", str(self.data), "-o", f"-p {self.port} {options}",
                 "-l", str(self.root / f"log-{self.port}"), "-w", "start")

    def stop(self) -> None:
        as_postgres(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def sql(self, query: str) -> str:
        return as_postgres("psql", "-h", str(self.root), "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                        "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", query).stdout.strip()

    def wait_for(self, query: str, expected: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while (answer := self.sql(query)) != expected:
            assert time.monotonic() < deadline, f"{query} -> {answer!r}, not {expected!r}"
            time.sleep(0.2)


@pytest.fixture
def workspace():
    root = Path(tempfile.mkdtemp(prefix="satchel-pitr-", dir="/tmp"))
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(root, postgres.pw_uid, postgres.pw_gid)
    os.chmod(root, 0o700)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_restore_to_a_moment_between_two_commits(workspace):
    archive = workspace / "wal-archive"
    primary = Cluster(workspace, workspace / "primary", {
        k: v.replace(COMPOSE_ARCHIVE, str(archive)) for k, v in compose_settings().items()
    })
    assert primary.settings["archive_mode"] == "on" and "%p" in primary.settings["archive_command"]
    as_postgres("mkdir", "-m", "700", str(archive))
    as_postgres(pg_bin("initdb"), "-D", str(primary.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    primary.start()
    try:
        primary.sql("CREATE TABLE awards (id int PRIMARY KEY)")
        primary.sql("INSERT INTO awards VALUES (1)")
        # the base backup as docs/deploy.md takes it
        as_postgres(pg_bin("pg_basebackup"), "-h", str(workspace), "-p", str(primary.port), "-U", "postgres",
                    "-D", str(workspace / "base"), "-Ft", "-z", "-X", "fetch")
        primary.sql("INSERT INTO awards VALUES (2)")
        time.sleep(1.1)
        target = primary.sql("SELECT now()")
        time.sleep(1.1)
        primary.sql("INSERT INTO awards VALUES (3)")
        segment = primary.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")
        primary.sql("SELECT pg_switch_wal()")
        primary.wait_for(f"SELECT last_archived_wal >= '{segment}' FROM pg_stat_archiver", "t")
    finally:
        primary.stop()
    assert (archive / segment).is_file()

    restored = Cluster(workspace, workspace / "restored", {"archive_mode": "off"})
    as_postgres("mkdir", "-m", "700", str(restored.data))
    as_postgres("tar", "-xzf", str(workspace / "base" / "base.tar.gz"), "-C", str(restored.data))
    recovery = f"restore_command = 'cp {archive}/%f %p'\nrecovery_target_time = '{target}'\n"
    as_postgres("sh", "-c", f'printf "%s" "$0" >> {restored.data}/postgresql.auto.conf', recovery)
    as_postgres("touch", str(restored.data / "recovery.signal"))
    restored.start()
    try:
        restored.wait_for("SELECT pg_get_wal_replay_pause_state()", "paused")
        assert restored.sql("SELECT string_agg(id::text, ',' ORDER BY id) FROM awards") == "1,2"
        restored.sql("SELECT pg_wal_replay_resume()")
        restored.wait_for("SELECT pg_is_in_recovery()", "f")
        restored.sql("INSERT INTO awards VALUES (4)")
        assert restored.sql("SELECT string_agg(id::text, ',' ORDER BY id) FROM awards") == "1,2,4"
    finally:
        restored.stop()
