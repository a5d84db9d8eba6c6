"""What `satchel serve` accepts, read from its --help."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import cache

from tests.conftest import REPO


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


def names_in_command(argv: list[str]) -> set[str]:
    """The --options of a `satchel serve …` argument list (``--x=1`` and ``--x 1``)."""
    return {arg.split("=", 1)[0] for arg in argv if arg.startswith("--")}
