"""Talking to a chosen worker process of a multi-worker server.

uvicorn's workers share one listening socket and the kernel hands each new
connection to one of them; a test cannot say which. It can find out: the
accepted connection is a socket file descriptor of exactly one worker
(``/proc/<pid>/fd``), named by the inode ``/proc/net/tcp`` gives the
connection. ``connect_to`` opens fresh connections until one is held by the
wanted worker (closing the others), so that a test decides which worker answers
each request.
"""

from __future__ import annotations

import http.client
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    worker: int

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


def _connection_inode(server_port: int, client_port: int) -> str | None:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.rsplit(":", 1)[1], 16) == server_port and int(remote.rsplit(":", 1)[1], 16) == client_port:
                return inode
    return None


def worker_holding(conn: http.client.HTTPConnection, server_port: int, workers: list[int]) -> int | None:
    """The worker whose file descriptors hold the server side of ``conn``, once
    one has accepted it (None until then)."""
    inode = _connection_inode(server_port, conn.sock.getsockname()[1])
    if inode in (None, "0"):
        return None
    target = f"socket:[{inode}]"
    for pid in workers:
        fd_dir = Path(f"/proc/{pid}/fd")
        try:
            names = os.listdir(fd_dir)
        except OSError:
            continue
        for name in names:
            try:
                if os.readlink(fd_dir / name) == target:
                    return pid
            except OSError:
                continue
    return None


class Workers:
    """Fresh connections to a server (``tests.load.harness.Server``) whose
    workers are ``server.worker_pids()``."""

    def __init__(self, server) -> None:
        self.server = server

    def connect(self, want=lambda pid: True, tries: int = 200) -> tuple[http.client.HTTPConnection, int]:
        """A new connection accepted by a worker for which ``want(pid)`` holds."""
        workers = self.server.worker_pids()
        for _ in range(tries):
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
            conn.connect()
            pid = None
            deadline = time.monotonic() + 5
            while pid is None and time.monotonic() < deadline:
                pid = worker_holding(conn, self.server.port, workers)
                if pid is None:
                    time.sleep(0.005)
            if pid is not None and want(pid):
                return conn, pid
            conn.close()
        raise AssertionError(f"no connection reached a wanted worker in {tries} tries (workers {workers})")

    def request(
        self, method: str, path: str, *, worker=None, not_worker=None, body=None, headers: dict | None = None
    ) -> Answer:
        """One request on a fresh connection, answered by ``worker`` (a pid) or by
        any worker but ``not_worker``, or by whichever worker accepts it."""

        def want(pid: int) -> bool:
            return (worker is None or pid == worker) and pid != not_worker

        conn, pid = self.connect(want)
        try:
            headers = dict(headers or {})
            if isinstance(body, dict | list):
                body = json.dumps(body).encode()
                headers.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read(), pid)
        finally:
            conn.close()
