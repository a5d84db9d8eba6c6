"""A real Satchel server on loopback whose public URL is http://localhost:PORT
(browsers refuse an IP address as a WebAuthn RP ID, and treat localhost as a
secure context), restartable on the same data folder (and database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, LiveServer, free_port


class AccountServer(LiveServer):
    def __init__(self, data_dir: Path, database: str | None = None) -> None:  # not super().__init__: its own URL
        self.port = free_port()
        self.database = database
        self.url = f"http://127.0.0.1:{self.port}"
        self.public_url = f"http://localhost:{self.port}"
        self.data_dir = data_dir
        args = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port), "--data-dir", str(data_dir)]
        args += ["--log-level", "warning", "--no-demo", "--offline", "--public-url", self.public_url]
        args += ["--database", database] if database else []
        self.log = open(data_dir.parent / f"server-{self.port}.log", "wb")  # noqa: SIM115 (closed by stop())
        self.proc = subprocess.Popen(args, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()
