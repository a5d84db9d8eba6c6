"""deploy/compose.yaml: valid against the compose schema (Debian's docker-compose
validates without a daemon), and laid out as docs/deploy.md says."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from server.security.kek import load_kek
from server.storage import open_database
from tests.deploy.conftest import COMPOSE_ENV, tool


def compose_config(deploy: Path, env: dict[str, str] = COMPOSE_ENV) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SATCHEL_", "ACME_", "COMPOSE_"))}
    return subprocess.run(
        [tool("docker-compose"), "--project-directory", str(deploy), "-f", str(deploy / "compose.yaml"), "config"],
        check=False, capture_output=True, text=True, env={**clean, **env},
    )


def valid_config(deploy: Path) -> dict:
    result = compose_config(deploy)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_file_is_valid(deploy_copy):
    services = valid_config(deploy_copy)["services"]
    assert set(services) == {"caddy", "satchel", "postgres"}


def test_the_validator_refuses_a_schema_error(deploy_copy):
    compose = deploy_copy / "compose.yaml"
    compose.write_text(compose.read_text().replace("start_period: 30s", "start_periode: 30s"))
    result = compose_config(deploy_copy)
    assert result.returncode != 0
    assert "start_periode" in result.stderr


def test_the_domain_must_be_set(deploy_copy):
    result = compose_config(deploy_copy, {"ACME_EMAIL": "ops@example.org"})
    assert result.returncode != 0
    assert "set SATCHEL_DOMAIN in deploy/.env" in result.stderr


def test_only_caddy_is_reachable_from_outside(deploy_copy):
    config = valid_config(deploy_copy)
    services = config["services"]
    assert [name for name, s in services.items() if s.get("ports")] == ["caddy"]
    assert set(services["postgres"]["networks"]) == {"backend"}
    assert config["networks"]["backend"]["internal"] is True


def test_forwarded_headers_are_trusted_from_caddy_only(deploy_copy):
    services = valid_config(deploy_copy)["services"]
    caddy_address = services["caddy"]["networks"]["edge"]["ipv4_address"]
    trusted = [a.split("=", 1)[1] for a in services["satchel"]["command"] if a.startswith("--trusted-proxies=")]
    assert trusted == [caddy_address]
    assert "--public-url=https://wallet.example.org" in services["satchel"]["command"]


def test_secrets_stay_out_of_the_files_and_images(deploy_copy):
    secrets = deploy_copy / "secrets"
    assert {p.name for p in secrets.iterdir()} == {"postgres_password", "satchel.env"}
    assert all(p.stat().st_mode & 0o077 == 0 for p in [secrets, *secrets.iterdir()])
    env = dict(line.split("=", 1) for line in (secrets / "satchel.env").read_text().splitlines())
    password = (secrets / "postgres_password").read_text().strip()
    assert env["SATCHEL_DATABASE"] == f"postgresql://satchel:{password}@postgres:5432/satchel"
    config = valid_config(deploy_copy)
    assert config["services"]["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    for name in ("compose.yaml", "Dockerfile", "Caddyfile"):
        text = (deploy_copy / name).read_text()
        assert password not in text and env["SATCHEL_KEK"] not in text


def test_the_generated_kek_opens_a_database(deploy_copy, tmp_path):
    env = dict(line.split("=", 1) for line in (deploy_copy / "secrets" / "satchel.env").read_text().splitlines())
    db = open_database(tmp_path / "satchel.db")
    try:
        _kek, source = load_kek(db, tmp_path / "no-such-file", {"SATCHEL_KEK": env["SATCHEL_KEK"]})
    finally:
        db.close()
    assert source == "SATCHEL_KEK"
    assert not (tmp_path / "no-such-file").exists()


def test_make_secrets_never_replaces_secrets(deploy_copy):
    before = {p.name: p.read_text() for p in (deploy_copy / "secrets").iterdir()}
    result = subprocess.run(["sh", str(deploy_copy / "make-secrets.sh")], check=False, capture_output=True, text=True)
    assert result.returncode == 1
    assert "not replacing them" in result.stderr
    assert {p.name: p.read_text() for p in (deploy_copy / "secrets").iterdir()} == before
