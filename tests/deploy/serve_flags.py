"""What `satchel serve` accepts, read from its --help, and the names the
production layout (deploy/) uses before their branches land.

PENDING_MERGE lists names deploy/ uses that other branches add; when one lands,
tests/deploy/test_serve_flags.py::test_pending_names_have_landed says so (strict
xfail turns into a failure) and the name is removed here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import cache

from tests.conftest import REPO

PENDING_MERGE = {
    "--database": "PostgreSQL storage (D31)",
    "SATCHEL_DATABASE": "PostgreSQL storage (D31)",
}


@cache
def serve_help() -> str:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--help"],
        cwd=REPO, capture_output=True, text=True, check=True,
        env={**os.environ, "COLUMNS": "1000"},  # one line per option: no name split at a hyphen
    ).stdout


def accepted_names() -> set[str]:
    """Every --option and SATCHEL_* environment variable `satchel serve --help` names."""
    text = serve_help()
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text)) | set(re.findall(r"\bSATCHEL_[A-Z0-9_]+", text))


def serve_accepts(name: str) -> bool:
    return name in accepted_names()


def names_in_command(argv: list[str]) -> set[str]:
    """The --options of a `satchel serve …` argument list (``--x=1`` and ``--x 1``)."""
    return {arg.split("=", 1)[0] for arg in argv if arg.startswith("--")}
