"""`satchel serve --workers N` as an operator runs it: N worker processes under
uvicorn's supervisor, prepared once (one admin token printed), each answering
with the same issuer and data, all stopped by one SIGTERM."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, LiveServer
from tests.load.harness import child_processes
from tests.shares.helpers import signed_credential
from tests.workers.connections import Workers

LEARNER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def test_a_worker_count_out_of_range_is_refused_before_serving():
    for value in ("0", "65", "two"):
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", "serve", "--workers", value, "--port", "1"],
            cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
        )
        assert result.returncode == 2
        assert "the number of workers must be a whole number from 1 to 64" in result.stderr


class _Served:
    """A LiveServer seen as tests/workers/connections.py wants it."""

    def __init__(self, live: LiveServer) -> None:
        self.live = live
        self.port = live.port

    def worker_pids(self) -> list[int]:
        return child_processes(self.live.proc.pid, "spawn_main")


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace")[:120]
    except FileNotFoundError:
        return ""


def _tree(pid: int) -> list[int]:
    children = [c for c in child_processes(pid, "") if c != pid]
    return [pid, *(p for c in children for p in _tree(c))]


@pytest.fixture
def served(tmp_path, database):
    data = tmp_path / "data"
    data.mkdir()
    live = LiveServer(
        data, ["--workers", "2", "--offline", "--verify-workers", "1"], database=None if database == "sqlite" else database
    )
    yield _Served(live)
    live.stop()


def test_serve_with_two_workers(served, tmp_path, database):
    live = served.live
    workers = Workers(served)
    pids = served.worker_pids()
    assert len(pids) == 2
    log = (tmp_path / f"server-{live.port}.log").read_text()
    where = live.data_dir / "satchel.db" if database == "sqlite" else database.split("//", 1)[1]
    assert re.search(rf"\(data in [^)]*{re.escape(str(where))}, 2 worker processes\)", log), log
    # prepared once, before the workers: one first-start token, not one per worker
    assert len(re.findall(r"One-time admin token \(shown once\)", log)) == 1

    documents = []
    for pid in pids:
        health = workers.request("GET", "/api/v1/health", worker=pid)
        assert health.status == 200 and health.worker == pid
        documents.append(workers.request("GET", "/.well-known/did.json", worker=pid).json())
        # a verification in each worker starts its own verifier pool
        verified = workers.request("POST", "/api/v1/verify", worker=pid, body=signed_credential(LEARNER))
        assert verified.status == 200 and verified.json()["verdict"]["result"] == "valid", verified.text
    assert documents[0] == documents[1]  # the same issuer keys, unlocked with the same KEK

    sizes = {pid: sum(_rss_kib(p) for p in _tree(pid)) for pid in pids}
    print(f"\nmemory of each worker with its verifier pool (RSS, MiB): {[round(s / 1024) for s in sizes.values()]}")

    parent = live.proc.pid
    everything = _tree(parent)
    live.stop()
    assert live.proc.returncode is not None
    # the supervisor has exited; its workers' helpers (forkserver, verifier pool) end as their pipes close
    deadline = time.monotonic() + 20
    while any(_running(pid) for pid in everything) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = {pid: _command(pid) for pid in everything if _running(pid)}
    assert left == {}, f"processes left after SIGTERM: {left}"
