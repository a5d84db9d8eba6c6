"""deploy/Dockerfile without a Docker daemon: each stage's COPY sources, taken
from the build context as .dockerignore leaves it, are enough for that stage's
build step, and the installed server starts and serves the built app."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import httpx
import pytest

from tests.conftest import REPO, free_port
from tests.deploy.conftest import DEPLOY
from tests.deploy.test_serve_flags import dockerfile_cmd


def ignore_patterns() -> list[tuple[bool, str]]:
    """(.dockerignore lines) as (is an exception "!", pattern), in order."""
    lines = (REPO / ".dockerignore").read_text().splitlines()
    return [(line.startswith("!"), line.lstrip("!")) for line in (s.strip() for s in lines) if line and not line.startswith("#")]


def in_build_context(rel: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders decides."""
    parts = PurePosixPath(rel).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    included = True
    for exception, pattern in ignore_patterns():
        if any(fnmatch(p, pattern) for p in prefixes):
            included = exception
    return included


def stage_copies(stage: str) -> list[tuple[str, str]]:
    """(source, destination) of the COPY lines (not --from) of stage ``stage``
    ("AS name"; the unnamed last stage is "final")."""
    stages = re.split(r"^FROM ", (DEPLOY / "Dockerfile").read_text(), flags=re.MULTILINE)[1:]
    named = {re.search(r" AS (\w+)$|$", s.split("\n", 1)[0]).group(1) or "final": s for s in stages}
    body = named[stage]
    copies = []
    for line in re.findall(r"^COPY (?!--from)(.+)$", body, re.MULTILINE):
        *sources, dest = line.split()
        copies += [(s, dest) for s in sources]
    return copies


def build_context_copy(stage: str, into: Path) -> None:
    """The stage's COPY sources, as the build context holds them, under ``into``."""
    for source, dest in stage_copies(stage):
        target = into / (dest if dest != "./" else "").rstrip("/")
        src = REPO / source
        files = [src] if src.is_file() else [p for p in src.rglob("*") if p.is_file()]
        for file in files:
            rel = file.relative_to(REPO).as_posix()
            if not in_build_context(rel):
                continue
            out = target / file.relative_to(src) if src.is_dir() else (target / file.name if dest.endswith("/") else target)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, out)


def test_build_context_keeps_out_local_state():
    for rel in ("deploy/secrets/satchel.env", "data/satchel.db", "data/issuer-kek", ".venv/bin/python",
                "node_modules/preact/package.json", "pwa/dist/index.html", "tests/conftest.py",
                "server/__pycache__/app.cpython-311.pyc", ".git/config"):
        assert not in_build_context(rel), rel
    for rel in ("server/app.py", "wallet_core/i18n/en.json", "pwa/build.mjs", "package-lock.json"):
        assert in_build_context(rel), rel


def test_every_copy_source_is_in_the_build_context():
    for stage in ("pwa", "final"):
        for source, _dest in stage_copies(stage):
            assert (REPO / source).exists() and in_build_context(source), source


@pytest.fixture(scope="module")
def built_app(tmp_path_factory) -> Path:
    """The pwa stage: its copied files and `npm run build` (node_modules linked
    from the checkout in place of `npm ci`)."""
    stage = tmp_path_factory.mktemp("pwa-stage")
    build_context_copy("pwa", stage)
    (stage / "node_modules").symlink_to(REPO / "node_modules")
    result = subprocess.run(["npm", "run", "build"], check=False, cwd=stage, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return stage / "pwa" / "dist"


def test_the_pwa_stage_builds_the_app(built_app):
    assert (built_app / "index.html").is_file() and (built_app / "sw.js").is_file()
    assert list(built_app.glob("app-*.js")) and list(built_app.glob("chunks/*.js"))


def test_the_installed_server_serves_the_app(built_app, tmp_path):
    stage = tmp_path / "stage"
    build_context_copy("final", stage)
    site = tmp_path / "site"
    # `pip install .` as in the image; dependencies come from the test environment.
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), "."],
        check=False, cwd=stage, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (site / "server" / "templates").is_dir() and (site / "wallet_core" / "contexts").is_dir()
    port = free_port()
    command = dockerfile_cmd()
    args = [a.replace("/var/lib/satchel", str(tmp_path / "data")).replace("/app/pwa/dist", str(built_app)) for a in command[2:]]
    args[args.index("--host") + 1] = "127.0.0.1"
    args[args.index("--port") + 1] = str(port)
    env = {**os.environ, "PYTHONPATH": str(site)}
    with open(tmp_path / "server.log", "wb") as log:
        # from an empty folder: nothing is imported from the checkout
        proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", *args], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(url + "/api/v1/health", timeout=1)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.1)
        assert health.status_code == 200
        page = httpx.get(url + "/")
        assert page.status_code == 200 and (built_app / "index.html").read_text() == page.text
        probe = [sys.executable, "-c", "import server, wallet_core; print(server.__file__, wallet_core.__file__)"]
        where = subprocess.run(probe, cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
        assert [Path(p).is_relative_to(site) for p in where.split()] == [True, True], where
    finally:
        proc.terminate()
        proc.wait(10)
