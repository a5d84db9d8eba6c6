"""Every main screen at 360 px in English, Simplified and Traditional Chinese:
axe-core reports no violations, a screenshot of each is kept in
test-artifacts/screens/, and with the network off every screen still works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations, issued_credential, paste, wallet_did

pytestmark = pytest.mark.e2e

LANGS = [("en", "en-GB"), ("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW")]
OFFLINE = {"en": "You're offline.", "zh-Hans": "你目前处于离线状态。", "zh-Hant": "你目前處於離線狀態。"}
SCREENS = [("list", "#/", "credential-list"), ("passport", "#/passport", "passport"),
           ("settings", "#/settings", "settings"), ("experience", "#/experience", "experience")]


def check(page, name: str, shots, lang: str) -> None:
    page.wait_for_timeout(150)  # let focus and live regions settle
    violations = axe_violations(page)
    assert violations == [], f"{lang} {name}: {violations}"
    page.screenshot(path=str(shots / f"{lang}-{name}-360.png"), full_page=True)


@pytest.mark.parametrize("lang,locale", LANGS)
def test_screens_are_accessible_and_work_offline(live_server, chromium, artifacts, lang, locale):
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        expect(page.get_by_test_id("create-wallet")).to_be_visible()
        assert page.evaluate("document.documentElement.lang") == lang
        check(page, "welcome", shots, lang)
        page.get_by_test_id("create-wallet").click()
        page.get_by_test_id("home-actions").wait_for()
        did = wallet_did(page)
        for slug in ["ai-foundations", "green-finance"]:
            n = page.get_by_test_id("credential-card").count()
            paste(page, issued_credential(live_server, did, slug, lang))
            expect(page.get_by_test_id("credential-card")).to_have_count(n + 1)
        page.get_by_test_id("paste-open").click()  # close the paste box again

        for name, hash_, testid in SCREENS:
            page.evaluate("(h) => { location.hash = h }", hash_)
            expect(page.get_by_test_id(testid)).to_be_visible()
            expect(page.get_by_test_id("offline-status")).to_have_count(0)
            check(page, name, shots, lang)
        page.evaluate("() => { location.hash = '#/' }")
        page.get_by_test_id("credential-card").first.click()
        expect(page.get_by_test_id("credential-detail")).to_be_visible()
        check(page, "detail", shots, lang)

        # Offline after the first visit: every screen opens from the service worker and IndexedDB.
        page.evaluate("() => navigator.serviceWorker.ready")
        page.reload()
        expect(page.get_by_test_id("credential-detail")).to_be_visible()
        assert page.evaluate("() => navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        page.goto(live_server.url + "/#/")
        expect(page.get_by_test_id("credential-card")).to_have_count(2)
        page.get_by_test_id("search").fill("green" if lang == "en" else "")
        offline = page.get_by_test_id("offline-status")
        for _, hash_, testid in SCREENS:
            page.evaluate("(h) => { location.hash = h }", hash_)
            expect(page.get_by_test_id(testid)).to_be_visible()
            expect(offline).to_contain_text(OFFLINE[lang])  # one app-wide line, on every screen
        page.evaluate("() => { location.hash = '#/passport' }")
        expect(page.get_by_test_id("skill")).not_to_have_count(0)
        page.evaluate("() => { location.hash = '#/' }")
        page.get_by_test_id("credential-card").first.click()
        expect(page.get_by_test_id("credential-detail")).to_be_visible()
        page.get_by_test_id("check-again").click()  # a network action: says so, changes nothing
        expect(page.get_by_test_id("status")).not_to_be_empty()
        expect(offline).to_contain_text(OFFLINE[lang])
        page.screenshot(path=str(shots / f"{lang}-offline-detail-360.png"), full_page=True)
        # Back online: the line goes, on this screen and the others.
        context.set_offline(False)
        expect(offline).to_have_count(0)
        page.evaluate("() => { location.hash = '#/settings' }")
        expect(page.get_by_test_id("settings")).to_be_visible()
        expect(offline).to_have_count(0)
    finally:
        context.close()
