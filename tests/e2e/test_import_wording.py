"""Issue 14, import wording, in real Chromium against the real server: a web address
that does not resolve is said in plain, translated words (the technical words folded
under "Technical details"); an Open Badges 2.0 badge whose badge class can't be fetched
says what is missing instead of "Untitled" / "Unknown", and an embedded one shows its
title and issuer; an expired copy under the id of a credential already held is added and
said to be expired (a true duplicate is refused as one); a queued offline import that
turns out to be a duplicate stays on screen, saying so, until dismissed."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PHONE,
    axe_violations,
    create_wallet,
    issued_credential,
    paste,
    stored_count,
)
from tests.own_vectors import OB2_CONTEXT, ob2_hosted

pytestmark = pytest.mark.e2e

# Our own OB 2.0 assertions (tests/own_vectors.py), on example.org, which the test
# server cannot reach: the hosted one's badge class cannot be fetched.
ON_EXAMPLE_ORG = {"id": "https://example.org/assertions/robotics-7.json",
                  "badge": "https://example.org/badges/robotics.json"}
FILES = {
    "hosted.json": ob2_hosted(**ON_EXAMPLE_ORG),
    "expired.json": ob2_hosted(**ON_EXAMPLE_ORG, expires="2022-11-15T23:59:59Z"),
    "embedded.json": ob2_hosted(
        id="https://example.org/assertions/embedded-1.json",
        badge={
            "type": "BadgeClass", "id": "https://example.org/badges/embedded.json",
            "name": "Embedded badgeclass", "description": "A badge class carried in the assertion.",
            "image": "https://example.org/badges/embedded.png", "criteria": {"narrative": "Took part."},
            "issuer": {"type": "Issuer", "id": "https://example.org/issuer.json", "name": "Basic Issuer",
                       "url": "https://example.org", "@context": OB2_CONTEXT},
        },
    ),
}


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True)
    yield context
    context.close()


def add_file(page, name: str) -> None:
    body = json.dumps(FILES[name]).encode()
    page.get_by_test_id("import-input").set_input_files({"name": name, "mimeType": "application/json", "buffer": body})


@pytest.mark.parametrize(
    "locale,plain,title",
    [
        ("en-GB", "the address badges.invalid was not found", "Couldn't get a badge from this web address"),
        ("zh-CN", "找不到地址 badges.invalid", None),
    ],
)
def test_an_unreachable_web_address_is_said_in_plain_words(live_server, chromium, locale, plain, title):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    try:
        page = context.new_page()
        create_wallet(page, live_server.url)
        # Step 1: a badge's web address on a host that cannot exist (.invalid, RFC 6761).
        paste(page, "https://badges.invalid/assertions/42.json")
        error = page.get_by_test_id("import-error")
        expect(error).to_be_visible(timeout=20000)
        if title:
            expect(error).to_contain_text(title)
        # Step 2: the plain words, translated; no errno, no resolver message in the message itself.
        reason = page.get_by_test_id("import-reason")
        expect(reason).to_contain_text(plain)
        assert "Errno" not in reason.inner_text() and "could not be resolved" not in reason.inner_text()
        # Step 3: the technical words are there, folded away.
        details = page.get_by_test_id("technical-details")
        expect(details).to_have_count(1)
        assert details.get_attribute("open") is None
        details.locator("summary").click()
        expect(details).to_contain_text("could not be resolved")
        assert stored_count(page) == 0
        assert axe_violations(page) == []
    finally:
        context.close()


def test_ob2_titles_and_issuers_say_what_is_missing(live_server, context):
    page = context.new_page()
    create_wallet(page, live_server.url)
    # Step 1: an OB 2.0 assertion whose badge class is on an unreachable (here: unresolvable) host.
    add_file(page, "hosted.json")
    card = page.get_by_test_id("credential-card")
    expect(card).to_have_count(1, timeout=20000)
    expect(card.locator(".card-title")).to_have_text("Untitled: the badge's description could not be fetched")
    expect(card.locator(".card-issuer")).to_contain_text("the issuer's profile could not be fetched from example.org")
    assert "Unknown" not in card.inner_text()
    # Step 2: the detail screen says the same, and each check's technical words are folded.
    card.locator("a").click()
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    expect(page.locator("#detail-title")).to_have_text("Untitled: the badge's description could not be fetched")
    expect(page.get_by_test_id("credential-detail")).not_to_contain_text("Unknown")
    assert page.get_by_test_id("technical-details").count() >= 1
    assert axe_violations(page) == []
    # Step 3: an assertion with an embedded badge class (and issuer): its own title and issuer.
    page.evaluate("() => { location.hash = '#/' }")
    add_file(page, "embedded.json")
    expect(card).to_have_count(2, timeout=20000)
    embedded = page.locator('[data-testid="credential-card"]', has_text="Embedded badgeclass")
    expect(embedded).to_have_count(1)
    expect(embedded.locator(".card-issuer")).to_contain_text("Basic Issuer")


def test_an_expired_copy_is_added_and_said_expired_and_only_a_true_duplicate_is_refused(live_server, context):
    page = context.new_page()
    create_wallet(page, live_server.url)
    add_file(page, "hosted.json")
    expect(page.get_by_test_id("credential-card")).to_have_count(1, timeout=20000)

    # Step 1: the expired copy has the same id but is another credential: added, and said expired.
    add_file(page, "expired.json")
    note = page.get_by_test_id("import-added-note")
    expect(note).to_be_visible(timeout=20000)
    expect(note).to_contain_text("It expired on Nov 15, 2022")
    expect(note).to_contain_text("a different credential with the same id")
    expect(page.get_by_test_id("import-duplicate")).to_have_count(0)
    expect(page.get_by_test_id("credential-card")).to_have_count(2)
    assert axe_violations(page) == []

    # Step 2: the very same file again is a true duplicate, and the learner still learns it expired.
    add_file(page, "expired.json")
    duplicate = page.get_by_test_id("import-duplicate")
    expect(duplicate).to_be_visible(timeout=20000)
    expect(duplicate).to_contain_text("already in your wallet")
    expect(duplicate).to_contain_text("It expired on Nov 15, 2022")
    assert stored_count(page) == 2


def test_a_queued_import_that_is_a_duplicate_says_so(live_server, context):
    page = context.new_page()
    did = create_wallet(page, live_server.url)
    credential = issued_credential(live_server, did, "green-finance")
    paste(page, credential)
    expect(page.get_by_test_id("credential-card")).to_have_count(1, timeout=20000)

    # Step 1: offline, the same credential is added again: it waits in the queue.
    context.set_offline(True)
    paste(page, credential)
    queued = page.get_by_test_id("queued-card")
    expect(queued).to_have_attribute("data-state", "waiting")

    # Step 2: back online, the queue runs: the card stays and says it was already in the wallet.
    context.set_offline(False)
    expect(queued).to_have_attribute("data-state", "duplicate", timeout=20000)
    expect(queued.get_by_test_id("queued-status")).to_contain_text("Already in your wallet")
    expect(queued).to_contain_text("Green")
    expect(page.get_by_test_id("credential-card")).to_have_count(1)
    assert axe_violations(page) == []

    # Step 3: dismissed, it is gone (and nothing was added twice).
    queued.get_by_test_id("discard-queued").click()
    expect(queued).to_have_count(0)
    assert stored_count(page, "queue") == 0 and stored_count(page) == 1


@pytest.mark.parametrize(
    "locale, words", [("en-GB", "You're offline"), ("zh-CN", "你目前处于离线状态"), ("zh-TW", "你目前處於離線狀態")]
)
def test_one_offline_line_on_every_screen_while_offline_only(live_server, chromium, locale, words):
    """Issue 14: "You're offline" lingered on other screens while home showed no offline state.
    One app-wide line says the credentials are all here and what waits for the network, on
    every screen while offline, and goes on every screen when the network returns."""
    context = chromium.new_context(viewport=PHONE, locale=locale, bypass_csp=True)  # bypass: axe-core
    page = context.new_page()
    try:
        did = create_wallet(page, live_server.url)
        paste(page, issued_credential(live_server, did, "green-finance"))
        expect(page.get_by_test_id("credential-card")).to_have_count(1, timeout=20000)
        line = page.get_by_test_id("offline-status")
        expect(line).to_have_count(0)
        # step: offline: the line shows on home, the credential is still listed, and axe is clean
        context.set_offline(True)
        expect(line).to_contain_text(words)
        expect(page.get_by_test_id("credential-card")).to_have_count(1)
        assert axe_violations(page) == []
        # step: the same line on another screen (settings), axe-clean there too
        page.get_by_test_id("nav-settings").click()
        expect(page.get_by_test_id("settings")).to_be_visible()
        expect(line).to_have_count(1)
        expect(line).to_contain_text(words)
        assert axe_violations(page) == []
        # step: back online: it goes on this screen, and home does not show it either
        context.set_offline(False)
        expect(line).to_have_count(0)
        page.get_by_test_id("nav-home").click()
        expect(page.get_by_test_id("credential-card")).to_have_count(1)
        expect(line).to_have_count(0)
    finally:
        context.close()
