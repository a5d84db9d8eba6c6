"""Encrypted backups: versioned compare-and-swap writes, conflicts, limits,
and a look inside the SQLite files for anything readable."""

from __future__ import annotations

import json
import os

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from server.backups.routes import MAX_BACKUP_BYTES
from server.security.tokens import b64url, b64url_decode
from tests.accounts.conftest import PUBLIC_URL, Device, decrypt, encrypt

MARKER = "SATCHEL-PLAINTEXT-MARKER-7f3a"
# The "d" (private part) of a learner's Ed25519 JWK, as it would sit in the wallet.
JWK_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"


def wallet_plaintext() -> bytes:
    return json.dumps(
        {
            "did": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "d": JWK_D}],
            "credentials": [{"name": MARKER, "issuer": "Demo College"}],
        }
    ).encode()


def recovery_slot(code: str, data_key: bytes) -> dict:
    """What the PWA stores in `keys`: the data key wrapped under a key derived from the recovery code."""
    salt = os.urandom(16)
    kek = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(code.encode())
    return {"kind": "recovery-code", "kdf": {"name": "scrypt", "salt": b64url(salt), "N": 2**14, "r": 8, "p": 1},
            "wrapped": encrypt(kek, data_key)}


def unwrap(code: str, slot: dict) -> bytes:
    kdf = slot["kdf"]
    kek = Scrypt(salt=b64url_decode(kdf["salt"]), length=32, n=kdf["N"], r=kdf["r"], p=kdf["p"]).derive(code.encode())
    return decrypt(kek, slot["wrapped"])


def put(device: Device, version: int | str | None, ciphertext: str, keys: dict | None = None, **kwargs):
    headers = {} if version is None else {"If-Match": str(version)}
    return device.request("PUT", "/api/v1/backup", json={"ciphertext": ciphertext, "keys": keys or {}}, headers=headers, **kwargs)


def test_first_backup_round_trips_and_restores_with_the_recovery_code(signed_in, client):
    data_key = AESGCM.generate_key(bit_length=256)
    code = "7KQM-2HXT-9VWD-4RJP"
    keys = {"v": 1, "slots": [recovery_slot(code, data_key)]}
    saved = put(signed_in, '"0"', encrypt(data_key, wallet_plaintext()), keys)
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 1 and saved.headers["etag"] == '"1"'

    # A new phone: sign in, download, unwrap with the recovery code, decrypt.
    new_phone = Device(client, PUBLIC_URL, signed_in.authenticator)
    assert new_phone.signin().status_code == 200
    got = new_phone.request("GET", "/api/v1/backup")
    assert got.status_code == 200 and got.headers["etag"] == '"1"' and got.headers["cache-control"] == "no-store"
    body = got.json()
    assert body["keys"] == keys and body["version"] == 1
    restored = decrypt(unwrap(code, body["keys"]["slots"][0]), body["ciphertext"])
    assert restored == wallet_plaintext()
    try:
        unwrap("7KQM-2HXT-9VWD-4RJQ", body["keys"]["slots"][0])
        raise AssertionError("a wrong recovery code must not unwrap the key")
    except InvalidTag:
        pass


def test_if_match_is_required_and_a_stale_version_is_412_and_writes_nothing(signed_in, client):
    key = AESGCM.generate_key(bit_length=256)
    assert put(signed_in, None, encrypt(key, b"one")).status_code == 428
    assert put(signed_in, 0, encrypt(key, b"one")).json()["version"] == 1
    assert put(signed_in, 1, encrypt(key, b"two")).json()["version"] == 2
    stale = put(signed_in, 1, encrypt(key, b"stale"))
    assert stale.status_code == 412
    assert stale.json()["error"] == "version_conflict" and stale.json()["version"] == 2
    assert put(signed_in, 0, encrypt(key, b"stale")).status_code == 412
    assert put(signed_in, 7, encrypt(key, b"future")).status_code == 412
    got = signed_in.request("GET", "/api/v1/backup").json()
    assert got["version"] == 2 and decrypt(key, got["ciphertext"]) == b"two"
    rows = client.app.state.db.execute("select version from backups").fetchall()
    assert rows == [(2,)]


def test_two_devices_racing_on_the_same_version_one_wins(signed_in, client):
    key = AESGCM.generate_key(bit_length=256)
    put(signed_in, 0, encrypt(key, b"base"))
    laptop = Device(client, PUBLIC_URL, signed_in.authenticator)
    laptop.signin()
    a = put(signed_in, 1, encrypt(key, b"phone"))
    b = put(laptop, 1, encrypt(key, b"laptop"))
    assert (a.status_code, b.status_code) == (200, 412)
    assert decrypt(key, laptop.request("GET", "/api/v1/backup").json()["ciphertext"]) == b"phone"


def test_get_with_current_etag_is_304(signed_in):
    assert signed_in.request("GET", "/api/v1/backup").json()["error"] == "no_backup"
    put(signed_in, 0, "AAAA")
    response = signed_in.request("GET", "/api/v1/backup", headers={"If-None-Match": '"1"'})
    assert response.status_code == 304 and response.content == b""
    assert signed_in.request("GET", "/api/v1/backup", headers={"If-None-Match": '"0"'}).status_code == 200


def test_bad_backup_bodies_are_refused_and_change_nothing(signed_in, client):
    put(signed_in, 0, "AAAA")
    cases = [
        ({"ciphertext": "not base64url!", "keys": {}}, 400),
        ({"ciphertext": "", "keys": {}}, 400),
        ({"ciphertext": "AAAA", "keys": []}, 400),
        ({"ciphertext": "AAAA"}, 400),
        ({"ciphertext": "AAAA", "keys": {}, "extra": 1}, 400),
        ({"ciphertext": "AAAA", "keys": {"pad": "x" * 70_000}}, 413),
        ({"ciphertext": b64url(b"\0" * (MAX_BACKUP_BYTES + 1)), "keys": {}}, 413),
    ]
    for body, status in cases:
        response = signed_in.request("PUT", "/api/v1/backup", json=body, headers={"If-Match": "1"})
        assert response.status_code == status, (status, response.text[:200])
    assert signed_in.request("PUT", "/api/v1/backup", json={"ciphertext": "AAAA", "keys": {}},
                             headers={"If-Match": "one"}).status_code == 400
    assert client.app.state.db.execute("select version, ciphertext from backups").fetchall() == [(1, b"\0\0\0")]


def test_an_account_cannot_read_another_accounts_backup(signed_in, client):
    put(signed_in, 0, "AAAA")
    other = Device(client, PUBLIC_URL, signed_in.authenticator.__class__(PUBLIC_URL, "wallet.example"))
    other.register()
    assert other.request("GET", "/api/v1/backup").status_code == 404


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_sqlite_files_hold_no_plaintext_wallet_key_or_session(signed_in, client, settings):
    data_key = AESGCM.generate_key(bit_length=256)
    code = "7KQM-2HXT-9VWD-4RJP"
    plaintext = wallet_plaintext()
    assert MARKER.encode() in plaintext and JWK_D.encode() in plaintext  # the test can see them when present
    keys = {"v": 1, "slots": [recovery_slot(code, data_key)]}
    assert put(signed_in, 0, encrypt(data_key, plaintext), keys).status_code == 200
    item = {"id": "cred-1", "base_version": 0, "ciphertext": encrypt(data_key, plaintext)}
    assert signed_in.request("POST", "/api/v1/sync", json={"items": [item]}).status_code == 200
    files = [p for p in settings.data_dir.iterdir() if p.name.startswith("satchel.db")]
    assert {p.name for p in files} >= {"satchel.db", "satchel.db-wal"}
    secrets = {
        "marker": MARKER.encode(),
        "jwk d": JWK_D.encode(),
        "jwk d (raw)": b64url_decode(JWK_D),
        "data key": data_key,
        "recovery code": code.encode(),
        "session id": signed_in.session.encode(),
    }
    for path in files:
        content = path.read_bytes()
        for name, secret in secrets.items():
            assert secret not in content, f"{name} found in {path.name}"
    # The check is not blind: the wallet's public DID (not secret) sits in the WAL when sent in clear.
    put(signed_in, 1, b64url(b"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"), keys)
    assert any(b"did:key:z6MkhaX" in p.read_bytes() for p in files)
