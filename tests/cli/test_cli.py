"""The `satchel` command, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.conftest import REPO
from tests.issued import award_credential
from tests.own_vectors import did_web_ob3, ob3_expired, plain_png
from tests.shares.helpers import signed_credential

LEARNER_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def satchel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=120,
        check=False,
    )


def credential_file(tmp_path) -> str:
    """A valid OB 3.0 credential that verifies offline: signed by a did:key issuer
    (the server's own issuer is a did:web, which `satchel verify --offline` cannot
    resolve; tests/issued.py awards those)."""
    path = tmp_path / "cpd.json"
    path.write_text(json.dumps(signed_credential(LEARNER_DID, name="Teacher CPD: Designing Teaching Videos")))
    return str(path)


def test_the_servers_own_did_web_award_is_could_not_check_offline(tmp_path):
    with TestClient(app=create_app(Settings(data_dir=tmp_path / "data", offline=True))) as client:
        credential = award_credential(client, LEARNER_DID, "teacher-cpd", form="json")
    path = tmp_path / "award.json"
    path.write_text(credential)
    result = satchel("verify", "--offline", "--json", str(path))
    assert result.returncode == 1
    assert json.loads(result.stdout)["result"] == "could_not_check"


def test_verify_valid_credential_exits_zero(tmp_path):
    result = satchel("verify", "--offline", credential_file(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID" in result.stdout
    assert "passed" in result.stdout and "proof" in result.stdout


def test_verify_json_prints_one_object_per_file_and_fails_if_any_is_not_valid(tmp_path):
    good = credential_file(tmp_path)
    expired = str(tmp_path / "expired.json")
    (tmp_path / "expired.json").write_text(json.dumps(ob3_expired()))
    result = satchel("verify", "--offline", "--json", good, expired)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [good, expired]
    assert lines[0]["result"] == "valid"
    assert lines[1]["result"] == "invalid"
    assert any(c["check"] == "validity" and c["status"] == "failed" for c in lines[1]["checks"])


def test_offline_verify_shows_what_could_not_be_checked(tmp_path):
    did_web = tmp_path / "did-web.json"
    did_web.write_text(json.dumps(did_web_ob3()))
    result = satchel("verify", "--offline", "--json", str(did_web))
    assert result.returncode == 1
    line = json.loads(result.stdout)
    assert line["result"] == "could_not_check"
    assert any(c["status"] == "could_not_check" for c in line["checks"])


def test_bad_input_is_reported_per_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    png = tmp_path / "plain.png"
    png.write_bytes(plain_png())
    result = satchel("verify", "--offline", "--json", str(broken), str(png), str(tmp_path / "missing.json"))
    assert result.returncode == 1
    errors = [json.loads(line)["error"] for line in result.stdout.splitlines()]
    assert errors == ["malformed", "not_a_credential", "unreadable"]


def test_serve_help_documents_its_options():
    result = satchel("serve", "--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--data-dir", "--database", "--offline", "--no-demo"):
        assert option in result.stdout


def test_an_unreachable_or_foreign_database_is_one_line_and_status_2(tmp_path):
    url = "postgresql://satchel:secret-password@127.0.0.1:1/satchel"  # nothing listens on port 1
    for command in (["serve", "--port", "1"], ["admin-token"]):
        result = satchel(*command, "--data-dir", str(tmp_path / "data"), "--database", url)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert "cannot connect to the database postgresql://satchel@127.0.0.1:1/satchel" in result.stderr
        assert "secret-password" not in result.stderr + result.stdout
    refused = satchel("serve", "--data-dir", str(tmp_path / "data"), "--database", "mysql://x")
    assert refused.returncode == 1 and "must be a postgresql:// URL" in refused.stderr
    assert not (tmp_path / "data").exists()  # nothing made in the data folder


def test_batch_goes_on_after_files_that_used_to_crash(tmp_path):
    # Bare URLs the fetcher cannot even parse (bad port, bracket, empty or 64+ character
    # label) raised ValueError/UnicodeError and ended the batch; deep JSON hit the stack.
    names = []
    for i, text in enumerate(
        ["https://x:99999/", "https://[::1/", "https://a..b/", "https://" + "a" * 64 + ".example/",
         "[" * 100_000 + "]" * 100_000]
    ):
        path = tmp_path / f"bad-{i}.txt"
        path.write_text(text)
        names.append(str(path))
    good = credential_file(tmp_path)
    result = satchel("verify", "--json", *names, good)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [*names, good], result.stderr
    assert all(line["result"] != "valid" for line in lines[:-1])
    assert lines[-1]["result"] in ("valid", "could_not_check")
    assert "Traceback" not in result.stderr


def test_an_empty_issuer_name_is_refused_before_serving():
    result = satchel("serve", "--issuer-name", "  ", "--port", "1")
    assert result.returncode == 2
    assert "the issuer name must be 1–200 characters" in result.stderr
