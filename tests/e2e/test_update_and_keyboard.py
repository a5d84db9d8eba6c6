"""Two promises of the wallet app: an update never interrupts the learner (it
waits for a click), and everything can be done with the keyboard alone."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO, LiveServer
from tests.e2e.helpers import create_wallet, issued_credential, wallet_did

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def own_app_server(tmp_path):
    """A server with its own copy of the built app, so a test can publish a new version."""
    dist = tmp_path / "dist"
    shutil.copytree(REPO / "pwa" / "dist", dist)
    data = tmp_path / "data"
    data.mkdir()
    server = LiveServer(data, ["--pwa-dir", str(dist)])
    yield server, dist
    server.stop()


def test_new_version_waits_for_the_learner(own_app_server, chromium):
    server, dist = own_app_server
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    create_wallet(page, server.url)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    page.get_by_test_id("home-actions").wait_for()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")

    # The learner is in the middle of something.
    page.get_by_test_id("paste-open").click()
    page.get_by_test_id("paste-text").fill("half-typed text")
    page.evaluate("() => { window.__stillHere = true }")

    # A new version is published and the browser finds it.
    sw = dist / "sw.js"
    sw.write_text(sw.read_text() + "\n// next version\n")
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    update = page.get_by_role("button", name="Update available — reload")
    expect(update).to_be_visible(timeout=15000)
    page.wait_for_timeout(1500)
    assert page.evaluate("() => window.__stillHere === true"), "the page reloaded on its own"
    assert page.get_by_test_id("paste-text").input_value() == "half-typed text"

    # Only the learner's click switches to the new version.
    with page.expect_navigation():
        update.click()
    page.get_by_test_id("home-actions").wait_for()
    assert page.evaluate("() => window.__stillHere === undefined")
    context.close()


def tab_to(page, testid: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("id => !!document.activeElement?.closest(`[data-testid='${id}']`)", testid):
            return
    raise AssertionError(f"{testid} cannot be reached with Tab")


def test_wallet_can_be_used_with_the_keyboard_alone(live_server, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    tab_to(page, "create-wallet")
    page.keyboard.press("Enter")
    page.get_by_test_id("home-actions").wait_for()
    did = wallet_did(page)
    assert did.startswith("did:key:")

    tab_to(page, "paste-open")
    page.keyboard.press("Enter")
    tab_to(page, "paste-text")
    page.keyboard.insert_text(issued_credential(live_server, did))
    tab_to(page, "paste-submit")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("credential-card")).to_have_count(1)

    tab_to(page, "credential-card")
    page.keyboard.press("Enter")
    detail = page.get_by_test_id("credential-detail")
    detail.wait_for()
    assert "Green Finance" in detail.inner_text()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    tab_to(page, "back")
    focused_outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none" or outline != "none", "keyboard focus is not visible"
    page.keyboard.press("Enter")
    page.get_by_test_id("credential-list").wait_for()
    context.close()
