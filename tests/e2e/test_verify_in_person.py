"""The verifier mode checks an in-person presentation on the phone (checkvp.js) and,
online, shows the server's verdict on the whole presentation instead
(POST /api/v1/presentations/verify), saying which one it shows. Both follow one
rule set (D6): a 12-minute-old code is fresh on both, a 21-minute-old one on neither."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations
from tests.vectors import make_presentations as mk

pytestmark = pytest.mark.e2e
OFFLINE = "satchel:offline"


def in_person(age_seconds: int) -> str:
    iat = int(time.time()) - age_seconds
    return mk.vp_jwt([mk.vc_jwt(mk.HOLDER_DID)], aud=OFFLINE, nonce="phone-made", iat=iat, exp=iat + mk.LIFETIME)


def paste(page, text: str) -> None:
    page.locator("details.paste summary").click()
    page.get_by_test_id("verifier-text").fill(text)
    page.get_by_test_id("verifier-paste-submit").click()


def presentation_check(page, name: str):
    return page.locator(f'[data-testid="verifier-check"][data-check="{name}"]').first


@pytest.mark.parametrize(("locale", "in_person_words"), [("en-GB", "in person"), ("zh-TW", "當面")])
def test_local_verdict_offline_then_the_servers_verdict_online(live_server, chromium, locale, in_person_words):
    context = chromium.new_context(viewport=PHONE, locale=locale, bypass_csp=True)  # axe-core is injected
    page = context.new_page()
    try:
        page.goto(live_server.url + "/#/verify")
        expect(page.get_by_test_id("verifier")).to_be_visible()

        # step 1, offline: the phone's own verdict on a 12-minute-old in-person code
        context.set_offline(True)
        paste(page, in_person(12 * 60))
        result = page.get_by_test_id("verifier-result")
        expect(result).to_be_visible(timeout=10000)
        expect(page.get_by_test_id("verifier-mode"), "step 1: the phone's verdict is shown").to_have_attribute("data-server", "false")
        fresh = presentation_check(page, "freshness")
        expect(fresh, "step 1: a 12-minute-old code is fresh on the phone").to_have_attribute("data-status", "passed")
        expect(fresh.locator(".check-reason")).to_have_attribute("data-code", "presentation.fresh")
        nonce = presentation_check(page, "nonce")
        expect(nonce).to_have_attribute("data-status", "could_not_check")
        reason = nonce.locator(".check-reason")
        expect(reason).to_have_attribute("data-code", "presentation.nonce_in_person")
        expect(reason).to_contain_text(in_person_words)  # wallet_core's catalogue, in the page's language
        expect(result).to_have_attribute("data-result", "could_not_check")
        # checks only the server makes are not there yet
        expect(page.locator('[data-testid="verifier-check"][data-check="issuer"]')).to_have_count(0)
        assert axe_violations(page) == [], "verifier, phone's verdict"

        # step 2, online again: the server's verdict replaces the phone's, and says so
        context.set_offline(False)
        expect(page.get_by_test_id("verifier-mode"), "step 2: the server's verdict replaces the phone's").to_have_attribute(
            "data-server", "true", timeout=20000
        )
        expect(page.locator('[data-testid="verifier-check"][data-check="issuer"]')).to_have_count(1)
        expect(fresh, "step 2: and fresh for the server").to_have_attribute("data-status", "passed")
        expect(fresh.locator(".check-reason")).to_have_attribute("data-code", "presentation.fresh")
        expect(nonce.locator(".check-reason")).to_have_attribute("data-code", "presentation.nonce_in_person")
        expect(page.locator('[data-testid="verifier-credential"]')).to_have_attribute("data-result", "valid")
        expect(result).to_have_attribute("data-result", "could_not_check")
        assert axe_violations(page) == [], "verifier, server's verdict"

        # step 3, online: a 21-minute-old code is too old for the server too
        page.get_by_test_id("verifier-again").click()
        paste(page, in_person(21 * 60))
        expect(page.get_by_test_id("verifier-mode"), "step 3: asked the server at once").to_have_attribute(
            "data-server", "true", timeout=20000
        )
        expect(fresh, "step 3: too old for the server too").to_have_attribute("data-status", "failed")
        expect(fresh.locator(".check-reason")).to_have_attribute("data-code", "presentation.too_old")
        expect(result).to_have_attribute("data-result", "invalid")
    finally:
        context.close()


def test_an_sd_jwt_kb_pasted_alone_is_checked(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/#/verify")
        paste(page, mk.sd_jwt_kb(mk.HOLDER, aud=OFFLINE, nonce="phone-made", iat=int(time.time()) - 30))
        expect(page.get_by_test_id("verifier-mode"), "the server's verdict").to_have_attribute(
            "data-server", "true", timeout=20000
        )
        sig = presentation_check(page, "holder_signature")
        expect(sig.locator(".check-reason")).to_have_attribute("data-code", "presentation.kb_signed")
        expect(page.get_by_test_id("verifier-credential")).to_have_attribute("data-kind", "sd-jwt")
        expect(page.get_by_test_id("verifier-result")).to_have_attribute("data-result", "could_not_check")
    finally:
        context.close()


def test_not_a_presentation_is_refused_with_the_apps_own_message(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/#/verify")
        paste(page, "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln")  # a JWT, but no vp claim
        expect(page.get_by_test_id("verifier-error")).to_contain_text("not a presentation Satchel can read")
    finally:
        context.close()
