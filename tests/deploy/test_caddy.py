"""deploy/Caddyfile: valid for Caddy, and in front of a real Satchel it replaces
the X-Forwarded-For a client sends, so the server counts the real client."""

from __future__ import annotations

import os
import subprocess
import time

import httpx
import pytest

from tests.conftest import LiveServer, free_port
from tests.deploy.conftest import COMPOSE_ENV, DEPLOY, tool

# POST /api/v1/shares/nonce: 20 a minute per client address (server/shares ShareConfig.create_rate).
NONCE_BURST = 20


def caddy_env(tmp_path, **extra: str) -> dict[str, str]:
    return {**os.environ, **COMPOSE_ENV, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), **extra}


def validate(caddyfile, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("caddy"), "validate", "--config", str(caddyfile), "--adapter", "caddyfile"],
        check=False, capture_output=True, text=True, env=env,
    )


def test_caddyfile_is_valid(tmp_path):
    result = validate(DEPLOY / "Caddyfile", caddy_env(tmp_path))
    assert result.returncode == 0, result.stderr


def test_validation_refuses_a_wrong_directive(tmp_path):
    broken = tmp_path / "Caddyfile"
    broken.write_text((DEPLOY / "Caddyfile").read_text().replace("health_uri", "health_url"))
    result = validate(broken, caddy_env(tmp_path))
    assert result.returncode != 0
    assert "health_url" in result.stderr


@pytest.fixture
def satchel_behind_caddy(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    server = LiveServer(data, ["--trusted-proxies", "127.0.0.1", "--no-demo"])
    port, admin = free_port(), free_port()
    env = caddy_env(
        tmp_path,
        SATCHEL_DOMAIN=f"http://127.0.0.1:{port}",
        SATCHEL_UPSTREAM=f"127.0.0.1:{server.port}",
        CADDY_ADMIN=f"127.0.0.1:{admin}",
    )
    with open(tmp_path / "caddy.log", "wb") as log:
        caddy = subprocess.Popen(
            [tool("caddy"), "run", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        proxy = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(proxy + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert caddy.poll() is None and time.monotonic() < deadline, (tmp_path / "caddy.log").read_text()
            time.sleep(0.1)
        yield proxy, server.url
    finally:
        caddy.terminate()
        caddy.wait(10)
        server.stop()


def nonce_statuses(base_url: str, n: int) -> list[int]:
    """n nonce requests, each claiming to come from a different client address."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        return [
            client.post("/api/v1/shares/nonce", headers={"X-Forwarded-For": f"198.51.100.{i + 1}"}).status_code
            for i in range(n)
        ]


def test_a_client_cannot_name_itself_through_caddy(satchel_behind_caddy):
    proxy, direct = satchel_behind_caddy
    # Straight to Satchel from a trusted proxy address, the header is believed:
    # every request is a new client (why only Caddy may reach Satchel).
    assert set(nonce_statuses(direct, NONCE_BURST + 1)) == {200}
    # Through Caddy the header is replaced: one client, limited after its burst.
    statuses = nonce_statuses(proxy, NONCE_BURST + 1)
    assert statuses[:NONCE_BURST] == [200] * NONCE_BURST
    assert statuses[NONCE_BURST] == 429


def test_caddy_strips_the_server_header_and_adds_hsts(satchel_behind_caddy):
    proxy, _direct = satchel_behind_caddy
    r = httpx.get(proxy + "/api/v1/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.headers["strict-transport-security"] == "max-age=31536000"
    assert "server" not in r.headers
