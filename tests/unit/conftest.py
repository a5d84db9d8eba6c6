"""Shared helpers for wallet_core unit tests.

The external interop corpora are read in place from the folder the
``SATCHEL_FIXTURES`` setting names (``tests/corpora.py``), never copied.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.corpora import INTEROP, ONE_EDTECH, W3C_EDDSA  # noqa: F401 (re-exported)
from wallet_core import VerifyOptions
from wallet_core.document_loader import DocumentLoader

REPO = Path(__file__).resolve().parents[2]

# A fixed clock: after every fixture's issuance, before the far-future ones.
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)

# The VC 2.0 examples context, written from the VC data model 2.0 text (it
# maps every undefined term under @vocab https://www.w3.org/ns/credentials/examples#).
# It is not bundled: only tests serve it, to verify the W3C test vectors; that
# it is right is shown by the vectors' canonical forms matching byte for byte.
EXAMPLES_V2 = {
    "https://www.w3.org/ns/credentials/examples/v2": {
        "@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}
    }
}


def read_bytes(path: Path) -> bytes:
    return path.read_bytes()


def read_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def options(**kwargs) -> VerifyOptions:
    kwargs.setdefault("now", lambda: NOW)
    return VerifyOptions(**kwargs)


@pytest.fixture(scope="session")
def examples_loader() -> DocumentLoader:
    return DocumentLoader(EXAMPLES_V2)


@pytest.fixture
def opts() -> VerifyOptions:
    return options()


def check_of(verdict, name: str):
    for c in verdict.checks:
        if c.check == name:
            return c
    raise AssertionError(f"no {name} check in {verdict.checks}")
