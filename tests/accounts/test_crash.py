"""Kill -9 the real server while a backup upload is half sent: after a
restart on the same data folder the previous, acknowledged backup is intact
and decrypts."""

from __future__ import annotations

import json
import os
import signal
import socket
import time

import httpx
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.accounts.authenticator import SoftAuthenticator
from tests.accounts.conftest import Device, decrypt, encrypt
from tests.accounts.live import AccountServer


def test_sigkill_during_backup_upload_keeps_the_previous_backup(tmp_path, database):
    data = tmp_path / "data"
    data.mkdir()
    server = AccountServer(data, database)
    key = AESGCM.generate_key(bit_length=256)
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            device = Device(http, server.public_url, SoftAuthenticator(server.public_url, "localhost"))
            assert device.register().status_code == 201
            for version, text in ((0, b"wallet v1"), (1, b"wallet v2 (acknowledged)")):
                response = device.request(
                    "PUT", "/api/v1/backup", json={"ciphertext": encrypt(key, text), "keys": {"v": 1}},
                    headers={"If-Match": str(version)},
                )
                assert response.status_code == 200, response.text

        # A third upload: headers and half of the body, then the server dies.
        body = json.dumps({"ciphertext": encrypt(key, os.urandom(600_000)), "keys": {"v": 1}}).encode()
        head = (
            "PUT /api/v1/backup HTTP/1.1\r\n"
            f"Host: localhost:{server.port}\r\n"
            f"Cookie: {device.cookie_name}={device.session}\r\n"
            f"X-CSRF-Token: {device.csrf}\r\n"
            f"Origin: {server.public_url}\r\n"
            "If-Match: 2\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(head + body[: len(body) // 2])
            time.sleep(0.5)
            os.kill(server.proc.pid, signal.SIGKILL)
            server.proc.wait(10)
        assert server.proc.returncode == -signal.SIGKILL
    finally:
        if server.proc.poll() is None:
            server.stop()
        else:
            server.log.close()

    restarted = AccountServer(data, database)
    try:
        with httpx.Client(base_url=restarted.url, timeout=10) as http:
            device.client = http  # same session cookie: sessions live in the database
            got = device.request("GET", "/api/v1/backup")
            assert got.status_code == 200, got.text
            assert got.json()["version"] == 2
            assert decrypt(key, got.json()["ciphertext"]) == b"wallet v2 (acknowledged)"
            device.origin = restarted.public_url
            again = device.request(
                "PUT", "/api/v1/backup", json={"ciphertext": encrypt(key, b"v3"), "keys": {}}, headers={"If-Match": "2"}
            )
            assert again.status_code == 200 and again.json()["version"] == 3
    finally:
        restarted.stop()
