"""The employer's page with JavaScript off (real Chromium): make a request with
the form, see the QR code and links, the page reloads itself (meta refresh)
until the independent holder (holder.mjs) answers, then the verdicts."""

from __future__ import annotations

import threading

from playwright.sync_api import expect

from tests.e2e.helpers import PHONE

from .test_holder_against_verifier import SKILL, holder


def test_employer_page_without_javascript_waits_then_shows_verdicts(server, held, chromium):
    employer = chromium.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    try:
        page = employer.new_page()
        # Step: the form.
        page.goto(f"{server.url}/verifier")
        page.get_by_label("Your reference").fill("Teacher post 7")
        page.get_by_label("A credential aligned to this skill").fill(SKILL)
        page.get_by_label("Workload").check()
        page.get_by_role("button", name="Create the request").click()
        # Step: the waiting page with QR + links, reloading itself.
        expect(page.locator("#vp-status")).to_contain_text("Waiting")
        assert page.locator("svg").count() == 1
        assert page.locator('meta[http-equiv="refresh"]').count() == 1
        cross = page.locator("#vp-cross").get_attribute("href")
        assert cross.startswith("openid4vp://?client_id=decentralized_identifier")
        assert page.locator("#vp-same").get_attribute("href").startswith("openid4vp://?client_id=redirect_uri")
        url = page.url
        loads = []
        page.on("load", lambda: loads.append(1))
        # Step: the holder answers from "another device" while the page waits.
        out: dict = {}
        t = threading.Thread(target=lambda: out.update(holder(cross, held)))
        page.wait_for_timeout(3500)
        assert loads, "the waiting page did not reload itself"
        t.start()
        t.join(60)
        assert out.get("submit_status") == 200, out
        # Step: the next reload shows the verdicts.
        expect(page.locator("#vp-status")).to_contain_text("Verified", timeout=15000)
        assert page.url == url
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        expect(page.locator("#vp-claims")).to_contain_text("20 hours")
        expect(page.locator("#vp-claims")).to_contain_text(SKILL)
        expect(page.get_by_role("cell", name="Holder's signature")).to_have_count(1)
        expect(page.locator("section.cred")).to_have_count(1)
        expect(page.locator("section.cred")).to_contain_text("Issuer's signature")
    finally:
        employer.close()
