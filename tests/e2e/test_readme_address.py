"""The README's own address works for passkeys: the server is started exactly as
`make run` starts it (the command `make -n run` prints, on a free port), the browser
opens the address README.md gives, and a learner creates an account with a passkey
in real Chromium (CDP virtual authenticator). The same server at 127.0.0.1 says
where passkeys work instead of failing with "can't use passkeys here"."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO, LiveServer, free_port
from tests.e2e.helpers import PHONE, add_authenticator, axe_violations, webauthn_session

pytestmark = pytest.mark.e2e



def readme_address() -> str:
    """The address the README tells a newcomer to open (and the one `make run` is said to serve)."""
    readme = (REPO / "README.md").read_text()
    block = re.search(r"## Quick start.*?```sh\n(.*?)```(.*?)\n## ", readme, re.DOTALL)
    said = re.search(r"make run\s*#.*?(https?://\S+/)", block.group(1)).group(1)
    opened = re.search(r"Open (https?://\S+/)", block.group(2)).group(1)
    assert said == opened, f"the README names two addresses: {said} and {opened}"
    return opened


def make_run_command(port: int, data) -> list[str]:
    """The serve command of `make run`, as make itself prints it (nothing is run by make)."""
    out = subprocess.run(
        ["make", "-n", "run", f"PORT={port}", f"DATA={data}"], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    line = next(line for line in out.splitlines() if " serve " in line)
    argv = shlex.split(line)
    assert argv[0].endswith("/satchel") and argv[1] == "serve", line
    return [sys.executable, "-m", "server.cli", *argv[1:]]


class MakeRunServer(LiveServer):
    def __init__(self, data_dir) -> None:  # not super().__init__: the command comes from the Makefile
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.log = open(data_dir.parent / f"server-{self.port}.log", "wb")  # noqa: SIM115 (closed by stop())
        self.proc = subprocess.Popen(make_run_command(self.port, data_dir), cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()


def test_passkeys_work_at_the_address_the_readme_gives(chromium, tmp_path):
    # Step 1: the README's address (the port is the Makefile's default, swapped for a free one here).
    address = readme_address()
    parts = urlsplit(address)
    assert parts.port == 8000 and parts.hostname == "localhost", address
    data = tmp_path / "data"
    data.mkdir()
    server = MakeRunServer(data)
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True)
    try:
        url = f"{parts.scheme}://{parts.hostname}:{server.port}/"
        # Step 2: the server prints the same address.
        server.log.flush()
        printed = (data.parent / f"server-{server.port}.log").read_text()
        assert f"Satchel: {url}" in printed, printed

        # Step 3: a new wallet at the README's address.
        page = context.new_page()
        page.goto(url)
        page.get_by_test_id("create-wallet").click()
        expect(page.get_by_test_id("home-actions")).to_be_visible()

        # Step 4: "Create an account with a passkey" with a platform authenticator.
        cdp = webauthn_session(context, page)
        authenticator = add_authenticator(cdp)
        page.evaluate("() => { location.hash = '#/account' }")
        expect(page.get_by_test_id("account-ip-address")).to_have_count(0)
        page.get_by_test_id("account-create").click()
        expect(page.get_by_test_id("account-error")).to_have_count(0)
        expect(page.get_by_test_id("account-passkey")).to_have_count(1, timeout=20000)
        (passkey,) = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
        assert passkey["rpId"] == parts.hostname and passkey["isResidentCredential"] is True

        # Step 5: at 127.0.0.1 (an IP address: no passkeys there) the account screen says where they work.
        other = context.new_page()
        other.goto(server.url + "/")
        other.get_by_test_id("create-wallet").click()
        other.evaluate("() => { location.hash = '#/account' }")
        expect(other.get_by_test_id("account-ip-address")).to_be_visible()
        expect(other.get_by_test_id("account-localhost")).to_have_attribute("href", f"{url}#/account")
        assert axe_violations(other) == []
    finally:
        context.close()
        server.stop()
