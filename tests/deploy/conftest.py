"""The production layout's files (deploy/) and the tools that check them."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg
from tests.conftest import REPO

DEPLOY = REPO / "deploy"
# What compose.yaml needs from deploy/.env, for a check.
COMPOSE_ENV = {"SATCHEL_DOMAIN": "wallet.example.org", "ACME_EMAIL": "ops@example.org"}


def tool(name: str) -> str:
    """The path of a Debian tool the deploy tests run; missing is a failure, not a skip."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: `make test` installs it (make deploy-tools)")
    return path


@pytest.fixture
def deploy_copy(tmp_path) -> Path:
    """deploy/ copied, with secrets/ made by its own make-secrets.sh."""
    copy = tmp_path / "deploy"
    shutil.copytree(DEPLOY, copy, ignore=shutil.ignore_patterns("secrets", ".env"))
    subprocess.run(["sh", str(copy / "make-secrets.sh")], check=True, capture_output=True)
    return copy


@pytest.fixture
def pg_workspace() -> Iterator[Path]:
    """An empty folder under /tmp for throwaway PostgreSQL clusters, the postgres user's
    when the tests run as root (pytest's tmp_path is closed to other users)."""
    from tests.deploy.pg_cluster import stop_every_cluster_in

    root = Path(tempfile.mkdtemp(prefix="satchel-deploy-pg-", dir="/tmp"))
    pg.hand_to_owner(root)
    os.chmod(root, 0o700)
    try:
        yield root
    finally:
        stop_every_cluster_in(root)  # a test that failed half-way leaves none running
        shutil.rmtree(root, ignore_errors=True)
