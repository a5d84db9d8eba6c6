"""The SATCHEL_FIXTURES setting (tests/corpora.py): named but missing or
incomplete, the run fails before any test; never a silent skip."""

from __future__ import annotations

import os
import subprocess
import sys

from tests import corpora
from tests.conftest import REPO


def _collect(fixtures: str) -> subprocess.CompletedProcess:
    env = {**os.environ, corpora.SETTING: fixtures}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider", "tests/test_docs.py"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_a_named_folder_that_is_missing_fails_the_run(tmp_path):
    done = _collect(str(tmp_path / "nowhere"))
    assert done.returncode != 0, done.stdout
    assert f"{corpora.SETTING}={tmp_path / 'nowhere'} is missing or incomplete" in done.stdout + done.stderr


def test_a_named_folder_without_every_corpus_fails_the_run(tmp_path):
    (tmp_path / "interop" / "1edtech").mkdir(parents=True)
    (tmp_path / "interop" / "1edtech" / "expected.json").write_text("{}")
    done = _collect(str(tmp_path))
    assert done.returncode != 0, done.stdout
    assert "interop/w3c-vc-di-eddsa/keyPair.json" in done.stdout + done.stderr


def test_one_skip_reason_names_the_setting():
    assert corpora.SETTING in corpora.REASON
    assert corpora.needed.kwargs["reason"] == corpora.REASON
