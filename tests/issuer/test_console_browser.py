"""The console and the server pages in real Chromium: the strict policy blocks
nothing the pages use (no CSP report in the console, the stylesheet applies),
the console's forms still work (Chromium sends this server's Origin), and a form
posted to the console from another origin is refused even with the token."""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading

import pytest

from tests.conftest import REPO, LiveServer, free_port


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("console-browser") / "data"
    data.mkdir()
    live = LiveServer(data, ["--offline"])
    yield live
    live.stop()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.reports = []
    page.on("console", lambda msg: page.reports.append(msg.text))
    yield page
    context.close()


def _sign_in(page, server) -> None:
    page.goto(server.url + "/console/login")
    out = subprocess.run(
        [sys.executable, "-m", "server.cli", "admin-token", "--data-dir", str(server.data_dir)],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout
    page.fill("input[name=token]", re.search(r"token[^:]*: (\S+)", out).group(1))
    with page.expect_navigation():
        page.click("form[action='/console/login'] button")
    assert page.url == server.url + "/console", page.content()[-2000:]


def test_console_forms_work_under_the_policy_and_nothing_is_blocked(server, page):
    _sign_in(page, server)
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    keys = page.content().count("<dt>key-")
    with page.expect_navigation():
        page.click("form[action='/console/keys'] button")
    assert page.url == server.url + "/console"
    assert page.content().count("<dt>key-") > keys
    page.goto(server.url + "/verify")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
    assert not [r for r in page.reports if "Content Security Policy" in r], page.reports


class _Attacker(http.server.BaseHTTPRequestHandler):
    target = ""
    csrf = ""

    def do_GET(self):
        body = (
            f'<form method="post" action="{self.target}/console/keys">'
            f'<input name="csrf" value="{self.csrf}"><button id="go">go</button></form>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_form_from_another_origin_is_refused_even_with_the_csrf_token(server, page):
    _sign_in(page, server)
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    before = page.content().count("<dt>key-")
    _Attacker.target, _Attacker.csrf = server.url, csrf
    port = free_port()
    # another origin on the same site (SameSite=Strict still sends the cookie):
    # only the Origin check stands between this page and the console
    httpd = http.server.HTTPServer(("127.0.0.1", port), _Attacker)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        with page.expect_navigation():
            page.click("#go")
        assert page.url == f"{server.url}/console/keys"
        assert "403" in page.title() and "not from" in page.content()
    finally:
        httpd.shutdown()
    page.goto(server.url + "/console")
    assert page.content().count("<dt>key-") == before
