"""Every example in docs/cli.md runs from the repository alone (the files it
names are in docs/examples) and prints what the page shows. In a shown line,
``…`` stands for any text; a line that is only ``…`` stands for any lines."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import REPO

SATCHEL = ".venv/bin/satchel"


def examples() -> list[tuple[str, list[str]]]:
    text = (REPO / "docs" / "cli.md").read_text("utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        lines = block.rstrip("\n").splitlines()
        if lines and lines[0].startswith("$ "):
            out.append((lines[0][2:], lines[1:]))
    return out


def _pattern(shown: str) -> re.Pattern:
    parts = [re.escape(p) for p in shown.strip().split("…")]
    return re.compile(r"\s+".join(".*".join(parts).split(r"\ ")) + r"\Z")


def matches(shown: list[str], printed: list[str]) -> str | None:
    """None when ``printed`` is what ``shown`` shows; otherwise what differs."""
    at, skipping = 0, False
    for line in shown:
        if line.strip() == "…":
            skipping = True
            continue
        pattern = _pattern(line)
        while at < len(printed) and not pattern.match(printed[at].strip()):
            if not skipping:
                return f"expected {line!r}, printed {printed[at]!r}"
            at += 1
        if at == len(printed):
            return f"expected {line!r}, printed nothing more"
        at, skipping = at + 1, False
    if at < len(printed) and not skipping:
        return f"printed more than shown: {printed[at]!r}"
    return None


def test_the_page_has_examples():
    assert len(examples()) >= 3


@pytest.mark.parametrize("command, shown", examples(), ids=[c for c, _ in examples()])
def test_cli_md_example_runs_and_prints_what_it_shows(command, shown):
    argv = shlex.split(command)
    assert argv[0] == SATCHEL, f"examples start with {SATCHEL}"
    # the installed script when there is one (make test), else the same module
    runner = [str(REPO / SATCHEL)] if (REPO / SATCHEL).exists() else [sys.executable, "-m", "server.cli"]
    for path in argv[1:]:
        if path.startswith("docs/"):
            assert (REPO / path).is_file(), f"{path}: the example's file is in the repository"
    done = subprocess.run(
        runner + argv[1:], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    problem = matches(shown, done.stdout.splitlines())
    assert problem is None, f"{command}: {problem}\n{done.stdout}{done.stderr}"


def test_the_matcher_can_fail():
    assert matches(["a: VALID"], ["a: INVALID"]) is not None
    assert matches(["a", "…", "z"], ["a", "b", "c", "z"]) is None
    assert matches(["a"], ["a", "extra"]) is not None
    assert matches(["x …"], ["x anything at all"]) is None
