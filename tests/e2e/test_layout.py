"""Layout at 360 px: right-to-left (dir=rtl set on <html>, as an RTL catalogue would)
and 200% text (root font size doubled) leave no horizontal scrolling on any main
screen, the new collect screens included."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, create_wallet, issued_credential, overflow, paste

pytestmark = pytest.mark.e2e

SCREENS = [
    ("#/", "credential-list"),
    ("#/passport", "passport"),
    ("#/pathways", "pathway"),
    ("#/settings", "settings"),
    ("#/experience", "experience"),
    ("#/scan", "scan"),
]
@pytest.mark.parametrize("mode", ["rtl", "text200", "rtl+text200"])
def test_no_horizontal_scroll_at_360px(live_server, console, chromium, mode):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB")
    page = context.new_page()
    try:
        did = create_wallet(page, live_server.url)
        paste(page, issued_credential(live_server, did, "green-finance"))
        expect(page.get_by_test_id("credential-card")).to_have_count(1)
        offer = console.award(did, "ai-foundations", tx_code=True)
        screens = [*SCREENS, ("#/offer?" + offer.query, "offer-tx-code")]
        card = page.get_by_test_id("credential-card").first.get_attribute("data-id")
        screens.append((f"#/credential/{card}", "credential-detail"))

        def apply():
            if "rtl" in mode:
                page.evaluate("() => { document.documentElement.dir = 'rtl' }")
            if "text200" in mode:
                page.evaluate("() => { document.documentElement.style.fontSize = '200%' }")

        apply()
        for hash_, testid in screens:
            page.evaluate("(h) => { location.hash = h }", hash_)
            expect(page.get_by_test_id(testid).first).to_be_visible()
            page.wait_for_timeout(100)
            apply()  # a language switch would reset dir; keep the mode
            m = overflow(page)
            assert m["scroll"] <= m["width"], f"{mode} {hash_}: {m}"
    finally:
        context.close()


def test_the_issuer_console_fits_360px_and_names_recent_awards(live_server, console, chromium):
    """Issue 14: the console was wider than a 360 px phone (the recent awards' learner IDs),
    and its recent awards listed slugs."""
    console.award("did:key:z6MkwLayoutTestLearnerWithAVeryLongIdentifierThatNeverBreaks", "green-finance")
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB")
    context.add_cookies([{"name": k, "value": v, "url": live_server.url} for k, v in console.client.cookies.items()])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/console")
        # step: the console opens signed in, with the award listed by its achievement's name
        recent = page.locator("h2", has_text="Recent awards").locator("xpath=following-sibling::table[1]")
        expect(recent).to_contain_text("Green Finance")
        expect(recent).not_to_contain_text("green-finance")
        # step: nothing wider than the phone
        m = overflow(page)
        assert m["scroll"] <= m["width"], m
    finally:
        context.close()
