"""Every option and environment variable deploy/ hands to `satchel serve` is one
its --help names."""

from __future__ import annotations

import json
import re

import yaml

from tests.deploy.conftest import COMPOSE_ENV, DEPLOY
from tests.deploy.serve_flags import accepted_names, names_in_command, serve_help


def compose_satchel() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["satchel"]


def dockerfile_cmd() -> list[str]:
    cmd = re.search(r"^CMD (\[.*\])$", (DEPLOY / "Dockerfile").read_text(), re.MULTILINE)
    return json.loads(cmd.group(1))


def unknown(names: set[str]) -> set[str]:
    return names - accepted_names()


def test_help_is_read():
    assert {"--trusted-proxies", "--public-url", "--kek-file", "SATCHEL_KEK"} <= accepted_names()
    assert "--no-such-option" not in accepted_names()


def test_compose_command_uses_only_accepted_options():
    command = compose_satchel()["command"]
    assert command[:2] == ["satchel", "serve"]
    assert unknown(names_in_command(command)) == set()


def test_image_command_uses_only_accepted_options():
    command = dockerfile_cmd()
    assert command[:2] == ["satchel", "serve"]
    assert unknown(names_in_command(command)) == set()


def test_environment_names_are_accepted(deploy_copy):
    lines = (deploy_copy / "secrets" / "satchel.env").read_text().splitlines()
    names = {line.split("=", 1)[0] for line in lines} | set(compose_satchel().get("environment") or {})
    assert names == {"SATCHEL_KEK", "SATCHEL_DATABASE"}
    assert unknown(names) == set()


def test_an_unknown_option_would_be_caught():
    assert unknown(names_in_command(["satchel", "serve", "--trusted-proxy=1.2.3.4"])) == {"--trusted-proxy"}


def test_the_scale_out_options_are_named():
    assert {"--database", "SATCHEL_DATABASE", "--workers"} <= accepted_names(), serve_help()


def test_compose_variables_are_documented():
    example = (DEPLOY / "env.example").read_text()
    for name in COMPOSE_ENV:
        assert re.search(rf"^{name}=", example, re.MULTILINE)
