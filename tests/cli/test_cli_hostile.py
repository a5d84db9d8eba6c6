"""Issue 10: `satchel verify` (a real subprocess) answers hostile files with
could_not_check and a plain reason, stops a file at its deadline, and goes on
with the next file."""

from __future__ import annotations

import json

from tests.cli.test_cli import credential_file, satchel
from tests.hostile import HOSTILE, hostile_bytes, slow_within_bounds


def test_hostile_files_are_not_checked_and_every_file_gets_an_answer(tmp_path):
    files = []
    for i, name in enumerate(HOSTILE):
        path = tmp_path / f"hostile-{i}.json"
        path.write_bytes(hostile_bytes(name))
        files.append(str(path))
    good = credential_file(tmp_path)
    result = satchel("verify", "--offline", "--json", *files, good)
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [*files, good]
    for line in lines[:-1]:
        assert line["result"] == "could_not_check"
        proof = next(c for c in line["checks"] if c["check"] == "proof")
        assert proof["code"] == "proof.too_complex" and "not checked" in proof["reason"]
    assert lines[-1]["result"] == "valid"


def test_a_file_past_the_deadline_is_stopped_and_the_next_is_checked(tmp_path):
    slow = tmp_path / "slow.json"
    slow.write_text(json.dumps(slow_within_bounds()))
    good = credential_file(tmp_path)
    result = satchel("verify", "--offline", "--timeout", "0.3", str(slow), good)
    assert result.returncode == 1, result.stderr
    out = result.stdout.splitlines()
    assert out[0] == f"{slow}: COULD_NOT_CHECK — untitled (unknown, unknown)"
    assert "could_not_check  proof           not checked: verification took longer than 0.3 s and was stopped" in out[1]
    assert out[2].startswith(f"{good}: VALID")
