"""Schema-driven fuzz of the HTTP API: schemathesis against a real server on loopback.

The server serves its OpenAPI schema (``/api/v1/openapi.json``); schemathesis
generates requests from it (valid and invalid bodies, parameters and headers,
and stateful sequences) and checks ``not_a_server_error``: no request may get a
5xx. A passkey account is registered first (with the software authenticator of
the account tests) and its session cookie, CSRF token and origin are sent with
every request, so the routes behind sign-in are fuzzed too; signing out and
deleting the account are left out (they would end that session).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

EXCLUDED_OPERATIONS = ("ApiV1AccountSignoutSignout", "ApiV1AccountDeleteAccount")


@dataclass
class ApiFuzzResult:
    cases: int  # test cases schemathesis generated and sent
    server_errors: int  # of which got a 5xx (the only check run), -1 if it could not tell
    tracebacks: int  # unhandled exceptions in the server's log
    seconds: float
    output: str


def _schemathesis() -> str:
    exe = Path(sys.executable).parent / "schemathesis"
    if not exe.exists():
        raise RuntimeError("schemathesis is not installed: pip install -e '.[test]'")
    return str(exe)


def fuzz_api(max_examples: int, seed: int = 1, *, phases: str = "examples,coverage,fuzzing,stateful",
             timeout: float = 1200) -> ApiFuzzResult:
    from tests.accounts.authenticator import SoftAuthenticator
    from tests.accounts.conftest import Device
    from tests.accounts.live import AccountServer

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        server = AccountServer(data)
        try:
            with httpx.Client(base_url=server.url, timeout=30) as http:
                device = Device(http, server.public_url, SoftAuthenticator(server.public_url, "localhost"))
                assert device.register().status_code == 201
            args = [
                _schemathesis(), "run", f"{server.url}/api/v1/openapi.json",
                "--url", server.url,
                "--checks", "not_a_server_error",
                "--max-examples", str(max_examples),
                "--seed", str(seed),
                "--phases", phases,
                "--workers", "1",
                "--generation-database", "none",
                "--request-timeout", "30",
                "--no-color",
                "-H", f"Cookie: {device.cookie_name}={device.session}",
                "-H", f"X-CSRF-Token: {device.csrf}",
                "-H", f"Origin: {server.public_url}",
            ]
            for operation in EXCLUDED_OPERATIONS:
                args += ["--exclude-operation-id", operation]
            start = time.perf_counter()
            done = subprocess.run(args, cwd=tmp, capture_output=True, text=True, timeout=timeout, check=False)
            seconds = time.perf_counter() - start
        finally:
            server.stop()
        log = (data.parent / f"server-{server.port}.log").read_text(errors="replace")
    output = done.stdout + done.stderr
    generated = re.search(r"(\d+) generated", output)
    failed = re.search(r"(\d+) failed", output)
    if generated is None:
        raise RuntimeError(f"schemathesis did not run:\n{output[-3000:]}")
    return ApiFuzzResult(
        cases=int(generated.group(1)),
        server_errors=int(failed.group(1)) if failed else (0 if done.returncode == 0 else -1),
        tracebacks=log.count("Traceback"),
        seconds=seconds,
        output=output + ("\n--- server log ---\n" + log[-4000:] if "Traceback" in log else ""),
    )
