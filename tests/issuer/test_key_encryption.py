"""The issuer's private keys are encrypted at rest under a key-encryption key kept
outside the database: the SQLite file and its -wal/-shm hold no private key
bytes; awards issued before and after a restart verify; a wrong, missing,
malformed or unprotected KEK stops the server with one line and changes
nothing; keys stored in the clear by older versions are encrypted on start."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from litestar.testing import TestClient

from server.app import create_app
from server.issuer.console.admin import issue_admin_token
from server.settings import Settings
from server.storage import open_database
from tests.conftest import REPO, LiveServer, free_port
from tests.issued import award_credential

from .conftest import BASE
from .wallet import Wallet, csrf_in_page

KEY_TABLES = ("issuer_signing_keys", "issuer_p256_keys")
# one public URL (so one did:web) across restarts, whatever port the server gets
SERVE = ["--offline", "--public-url", "http://issuer.test"]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def kek_from_file(path: Path) -> bytes:
    text = path.read_text().strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def stored_keys(db_path: Path) -> dict[tuple[str, str], str]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            (table, row_id): value
            for table in KEY_TABLES
            for row_id, value in conn.execute(f"select id, private_key from {table}").fetchall()
        }
    finally:
        conn.close()


def open_key(kek: bytes, table: str, row_id: str, stored: str) -> bytes:
    """Decrypt one stored key, following the documented format (docs/threat-model.md)."""
    assert stored.startswith("kek1:"), stored[:12]
    body = stored[5:]
    blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return AESGCM(kek).decrypt(blob[:12], blob[12:], f"satchel/{table}/{row_id}".encode())


def private_keys(db_path: Path, kek: bytes) -> list[bytes]:
    return [open_key(kek, table, row_id, value) for (table, row_id), value in stored_keys(db_path).items()]


def p256_scalars(keys: list[bytes]) -> list[bytes]:
    """The 32-byte secrets inside the PKCS#8 (DER) P-256 keys among ``keys``."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    out = []
    for key in keys:
        if len(key) > 32:
            private = load_der_private_key(key, password=None)
            assert isinstance(private, ec.EllipticCurvePrivateKey)
            out.append(private.private_numbers().private_value.to_bytes(32, "big"))
    return out


def forms_of(secret: bytes) -> list[bytes]:
    """Every way a 32-byte key could sit in the file: raw, base64, base64url, hex."""
    return [
        secret,
        base64.b64encode(secret).rstrip(b"="),
        base64.urlsafe_b64encode(secret).rstrip(b"="),
        secret.hex().encode(),
        secret.hex().upper().encode(),
    ]


def assert_no_key_in_files(data_dir: Path, secrets: list[bytes]) -> None:
    files = [p for p in data_dir.glob("satchel.db*") if p.is_file()]
    assert any(p.name == "satchel.db" for p in files)
    for path in files:
        blob = path.read_bytes()
        for secret in secrets:
            for form in forms_of(secret):
                assert form not in blob, f"a private key is in the clear in {path.name}"


# -- a live server, restarted on the same folder ------------------------------------


class Issuer:
    """Console and verifier of a live server (httpx, like any other client)."""

    def __init__(self, server: LiveServer):
        self.server = server
        self.client = httpx.Client(base_url=server.url, timeout=30, follow_redirects=True)
        out = run_cli("admin-token", "--data-dir", str(server.data_dir)).stdout
        token = out.rsplit(" ", 1)[1].strip()
        page = self.client.post("/console/login", data={"token": token})
        assert page.status_code == 200, page.text[:300]
        self.csrf = csrf_in_page(page.text)

    def award(self) -> dict:
        data = {"csrf": self.csrf, "achievement": "green-finance", "subject": Wallet().did, "lang": "en"}
        page = self.client.post("/console/awards", data=data)
        assert [r.status_code for r in page.history] == [303] and page.status_code == 200, page.text[:300]
        award_id = page.text.split('action="/console/awards/')[1].split("/")[0]
        return self.client.get(f"/console/awards/{award_id}/credential.json").json()

    def rotate(self) -> None:
        assert self.client.post("/console/keys", data={"csrf": self.csrf}).status_code == 200

    def verdict(self, credential: dict) -> str:
        r = self.client.post("/api/v1/verify", content=json.dumps(credential).encode())
        assert r.status_code == 200
        verdict = r.json()["verdict"]
        return verdict["result"] if verdict["result"] == "valid" else json.dumps(verdict["checks"])

    def close(self) -> None:
        self.client.close()


def run_cli(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        check=False, cwd=REPO, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})},
    )


def serve_fails(data_dir: Path, *extra: str, env: dict | None = None) -> str:
    """Start `satchel serve` expecting a refusal: returns its stderr (one line)."""
    port = str(free_port())
    result = run_cli("serve", "--port", port, "--data-dir", str(data_dir), "--offline", *extra, env=env)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("satchel serve: ")
    return lines[0]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kek") / "data"
    path.mkdir()
    return path


def test_keys_are_encrypted_and_awards_verify_across_a_restart(data_dir):
    server = LiveServer(data_dir, SERVE)
    try:
        issuer = Issuer(server)
        before = issuer.award()
        issuer.rotate()
        rotated = issuer.award()
        assert issuer.verdict(before) == "valid" and issuer.verdict(rotated) == "valid"
        kek_file = data_dir / "issuer-kek"
        assert (kek_file.stat().st_mode & 0o777) == 0o600
        kek = kek_from_file(kek_file)
        keys = private_keys(data_dir / "satchel.db", kek)
        # key-1, key-2 and the P-256 key (ecdsa-rdfc-2019; PKCS#8)
        assert len(keys) == 3
        secrets = keys + p256_scalars(keys)  # the P-256 secret itself, not only its PKCS#8 form
        assert_no_key_in_files(data_dir, secrets + [kek])  # while running: db, -wal, -shm
        issuer.close()
    finally:
        server.stop()
    assert_no_key_in_files(data_dir, secrets + [kek])

    server = LiveServer(data_dir, SERVE)
    try:
        issuer = Issuer(server)
        after = issuer.award()
        for credential in (before, rotated, after):
            assert issuer.verdict(credential) == "valid"
        assert after["proof"]["verificationMethod"].endswith("#key-2")
        issuer.close()
    finally:
        server.stop()
    assert private_keys(data_dir / "satchel.db", kek) == keys  # the same keys, still opened by the same KEK


def test_a_wrong_missing_malformed_or_open_kek_stops_the_server_and_changes_nothing(data_dir, tmp_path):
    if not (data_dir / "satchel.db").exists():
        pytest.skip("needs the database of the test above")
    kek_file = data_dir / "issuer-kek"
    before = stored_keys(data_dir / "satchel.db")
    other = b64url(os.urandom(32))

    said = serve_fails(data_dir, env={"SATCHEL_KEK": other})
    assert "SATCHEL_KEK does not open the issuer keys" in said and "backup" in said

    said = serve_fails(data_dir, env={"SATCHEL_KEK": "too-short"})
    assert "SATCHEL_KEK must be 32 bytes in base64url" in said

    wrong_file = tmp_path / "wrong-kek"
    wrong_file.write_text(other + "\n")
    wrong_file.chmod(0o600)
    said = serve_fails(data_dir, "--kek-file", str(wrong_file))
    assert f"from {wrong_file} does not open" in said

    kek_file.chmod(0o644)
    try:
        said = serve_fails(data_dir)
        assert "chmod 600" in said and "mode 0644" in said
    finally:
        kek_file.chmod(0o600)

    moved = tmp_path / "kek-backup"
    kek_file.rename(moved)
    try:
        said = serve_fails(data_dir)
        assert "are encrypted but the key-encryption key file" in said and "does not exist" in said
        assert not kek_file.exists()  # no new key was made up
    finally:
        moved.rename(kek_file)

    assert stored_keys(data_dir / "satchel.db") == before


def test_the_kek_can_come_from_the_environment_instead_of_a_file(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    kek = os.urandom(32)
    port = free_port()
    env = {**os.environ, "SATCHEL_KEK": b64url(kek)}
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--data-dir", str(data), "--offline"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        server = LiveServer.__new__(LiveServer)
        server.port, server.url, server.data_dir, server.proc, server.log = port, f"http://127.0.0.1:{port}", data, proc, log
        server._wait_ready()
        issuer = Issuer(server)
        assert issuer.verdict(issuer.award()) == "valid"
        issuer.close()
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
    assert not (data / "issuer-kek").exists()  # nothing written next to the database
    keys = private_keys(data / "satchel.db", kek)
    assert len(keys) == 2  # key-1 and the P-256 key
    assert_no_key_in_files(data, keys + p256_scalars(keys) + [kek])


# -- a database from before encryption ------------------------------------------------


def test_keys_stored_in_the_clear_are_encrypted_on_start_and_old_awards_still_verify(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", offline=True, public_url=BASE)
    db_path = settings.database_path
    app = create_app(settings)
    with TestClient(app=app, base_url=BASE) as client:
        client.post("/console/login", data={"token": issue_admin_token(app.state.db)})
        csrf = csrf_in_page(client.get("/console").text)
        data = {"csrf": csrf, "achievement": "teacher-cpd", "subject": Wallet().did, "lang": "en"}
        page = client.post("/console/awards", data=data)
        award_id = page.text.split('action="/console/awards/')[1].split("/")[0]
        credential = client.get(f"/console/awards/{award_id}/credential.json").json()
        p256 = award_credential(client, Wallet().did, "ai-foundations", suite="ecdsa-rdfc-2019")
    kek_file = settings.data_dir / "issuer-kek"
    kek = kek_from_file(kek_file)

    # Make it the database an older Satchel left: keys as base64 in the clear, no KEK file.
    conn = sqlite3.connect(db_path)
    clear = {}
    for (table, row_id), value in stored_keys(db_path).items():
        secret = open_key(kek, table, row_id, value)
        clear[(table, row_id)] = secret
        conn.execute(f"update {table} set private_key = ? where id = ?", [base64.b64encode(secret).decode(), row_id])
    conn.commit()
    conn.close()
    kek_file.unlink()
    assert any(base64.b64encode(s) in db_path.read_bytes() + _wal(db_path) for s in clear.values())

    app = create_app(settings)
    with TestClient(app=app, base_url=BASE) as client:
        # old awards of both keys verify, and both keys still sign
        for signed in (credential, p256, award_credential(client, Wallet().did, suite="ecdsa-rdfc-2019")):
            r = client.post("/api/v1/verify", content=json.dumps(signed).encode())
            assert r.json()["verdict"]["result"] == "valid", r.json()["verdict"]["checks"]
        new_kek = kek_from_file(kek_file)
        assert new_kek != kek
        for (table, row_id), value in stored_keys(db_path).items():
            assert open_key(new_kek, table, row_id, value) == clear[(table, row_id)]
        assert_no_key_in_files(settings.data_dir, list(clear.values()))
    assert_no_key_in_files(settings.data_dir, list(clear.values()))


def _wal(db_path: Path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_a_value_moved_to_another_row_does_not_open(tmp_path):
    """The row id is bound into each ciphertext: swapping keys between rows is refused."""
    settings = Settings(data_dir=tmp_path / "data", offline=True, public_url=BASE)
    app = create_app(settings)
    with TestClient(app=app, base_url=BASE):
        pass
    conn = sqlite3.connect(settings.database_path)
    other = conn.execute("select private_key from issuer_p256_keys").fetchone()[0]
    conn.execute("update issuer_signing_keys set private_key = ? where id = 'key-1'", [other])
    conn.commit()
    conn.close()
    said = serve_fails(settings.data_dir)
    assert "does not open the issuer keys" in said


def test_signing_without_a_loaded_kek_is_refused(tmp_path):
    from server.issuer.identity import current_key
    from server.security.kek import KekError
    from server.storage import open_database

    settings = Settings(data_dir=tmp_path / "data", offline=True, public_url=BASE)
    with TestClient(app=create_app(settings), base_url=BASE):
        pass
    copy = tmp_path / "copy" / "satchel.db"  # the database alone, e.g. a backup
    copy.parent.mkdir()
    src = sqlite3.connect(settings.database_path)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    db = open_database(copy)
    try:
        with pytest.raises(KekError, match="no key-encryption key is loaded"):
            current_key(db)
    finally:
        db.close()


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_on_postgresql_keys_are_stored_encrypted_and_clear_ones_are_encrypted_on_start(tmp_path, database):
    settings = Settings(data_dir=tmp_path / "data", offline=True, public_url=BASE, database_url=database)
    with TestClient(app=create_app(settings), base_url=BASE) as client:
        credential = award_credential(client, Wallet().did, "teacher-cpd")
    kek = kek_from_file(settings.data_dir / "issuer-kek")
    db = open_database(database)
    try:
        stored = {(t, i): v for t in KEY_TABLES for i, v in db.execute(f"select id, private_key from {t}").fetchall()}
        assert len(stored) == 2 and all(v.startswith("kek1:") for v in stored.values())
        clear = {(t, i): open_key(kek, t, i, v) for (t, i), v in stored.items()}
        # the database an older Satchel left: keys in the clear, no KEK file
        for (table, row_id), secret in clear.items():
            db.execute(f"update {table} set private_key = ? where id = ?", [base64.b64encode(secret).decode(), row_id])
    finally:
        db.close()
    (settings.data_dir / "issuer-kek").unlink()
    with TestClient(app=create_app(settings), base_url=BASE) as client:
        verdict = client.post("/api/v1/verify", content=json.dumps(credential).encode()).json()["verdict"]
        assert verdict["result"] == "valid", verdict["checks"]  # the worker reads the issuer's keys from PostgreSQL
    new_kek = kek_from_file(settings.data_dir / "issuer-kek")
    assert new_kek != kek
    db = open_database(database)
    try:
        for (table, row_id), secret in clear.items():
            (value,) = db.execute(f"select private_key from {table} where id = ?", [row_id]).fetchone()
            assert open_key(new_kek, table, row_id, value) == secret
    finally:
        db.close()
