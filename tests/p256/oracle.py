"""Run tests/p256/oracle.mjs (Digital Bazaar's ECDSA Data Integrity suites) from pytest.

The oracle issues credentials with its own keys (fresh P-256 / P-384 key pairs;
ECDSA signatures are randomised, so nothing is committed: every run makes new
vectors) and verifies credentials Satchel signed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("oracle.mjs")
REPO = Path(__file__).resolve().parents[2]


def run(op: str, **request) -> dict:
    proc = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps({"op": op, **request}),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"oracle {op} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def verify(credential: dict, cryptosuite: str, documents: dict | None = None) -> dict:
    """{verified, error} from Digital Bazaar's verifier (safe mode)."""
    return run("verify", credential=credential, cryptosuite=cryptosuite, documents=documents or {})


def batch(*requests: dict) -> list[dict]:
    """Several requests ({"op": …, …}) in one node process."""
    return run("batch", requests=list(requests))


def satchel(credential: dict, fetcher=None, now=None):
    """Satchel's verdict on ``credential`` (the unit tests' fixed clock unless ``now``)."""
    from tests.unit.conftest import NOW
    from wallet_core import verify as satchel_verify
    from wallet_core.options import VerifyOptions

    clock = now or NOW
    return satchel_verify(
        json.dumps(credential).encode("utf-8"),
        VerifyOptions(now=lambda: clock, fetcher=fetcher),
    )


def check(verdict, name: str):
    return next(c for c in verdict.checks if c.check == name)


def did_web_fetcher(did: str, document: dict):
    """A fetcher serving ``document`` where did:web resolution looks for it."""
    from wallet_core.dids.did_web import document_url
    from wallet_core.fetcher import StaticFetcher

    return StaticFetcher({document_url(did): json.dumps(document).encode("utf-8")})
