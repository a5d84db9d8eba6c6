"""Docs stay true: every CLI option and every API route is documented."""

from __future__ import annotations

import re

from server.app import create_app
from server.cli import build_parser
from server.settings import Settings
from tests.conftest import REPO


def test_every_cli_option_is_in_docs_cli_md():
    text = (REPO / "docs" / "cli.md").read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in sub.choices.items():
        assert f"satchel {name}" in text, name
        for action in command._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert f"`{flag}`" in text, f"{name} {flag} is not documented"


def test_every_api_route_is_in_docs_api_md(tmp_path):
    text = (REPO / "docs" / "api.md").read_text()
    app = create_app(Settings(data_dir=tmp_path))
    for route in app.routes:
        if route.path.startswith("/api/"):
            assert f"{route.path}" in text, route.path


# the environment settings: every quoted SATCHEL_… name in the code
ENV_READ = re.compile(r"""["'](SATCHEL_[A-Z0-9_]*[A-Z0-9])["']""")


def test_every_environment_setting_is_documented():
    read = set()
    for folder in ("server", "wallet_core", "tests"):
        for path in (REPO / folder).rglob("*.py"):
            read |= set(ENV_READ.findall(path.read_text("utf-8")))
    assert {"SATCHEL_FIXTURES", "SATCHEL_KEK"} <= read  # the pattern finds them
    docs = (REPO / "README.md").read_text("utf-8") + "".join(
        p.read_text("utf-8") for p in (REPO / "docs").glob("*.md")
    )
    for name in sorted(read):
        assert f"`{name}`" in docs, f"{name} is read from the environment but not in the docs"


def test_readme_quick_start_is_exactly_two_commands():
    readme = (REPO / "README.md").read_text()
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", readme, re.DOTALL).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["make run", "make test"]


def test_guides_name_every_demo_achievement_and_count_them_right():
    from server.demo.achievements import DEMO_ACHIEVEMENTS

    words = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
    guide = " ".join((REPO / "docs" / "user-guide.md").read_text().split())
    issuer_guide = " ".join((REPO / "docs" / "issuer-guide.md").read_text().split())
    assert f"{words[len(DEMO_ACHIEVEMENTS)]} demo achievements" in guide
    for achievement in DEMO_ACHIEVEMENTS:
        name = achievement["name"]["en"]
        assert name in guide, f"user guide does not name {name}"
        assert name.lower() in issuer_guide.lower(), f"issuer guide does not name {name}"
