"""The employer's page with JavaScript off (real Chromium): make a request with
the form, see the QR code and links, the page reloads itself (meta refresh)
until the independent holder (holder.mjs) answers, then the verdicts."""

from __future__ import annotations

import threading

from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations

from .test_holder_against_verifier import SKILL, create, holder


def test_employer_page_without_javascript_waits_then_shows_verdicts(server, held, chromium):
    employer = chromium.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    try:
        page = employer.new_page()
        # Step: the form.
        page.goto(f"{server.url}/verifier")
        page.get_by_label("Your reference").fill("Teacher post 7")
        page.get_by_label("A credential aligned to this skill").fill(SKILL)
        page.get_by_label("Workload").check()
        # Any format by default: the wallet answers with whichever it has (here SD-JWT VC).
        expect(page.get_by_label("Any format the learner's wallet has")).to_be_checked()
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


def test_employer_pages_are_accessible_and_fit_a_phone(server, held, chromium):
    """axe-core on the form, the waiting page and the result (a JS context only
    to run axe), at 360 px, in 简体中文."""
    made = create(server, fields=["workload"])
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/verifier")
        assert page.locator("h1").inner_text() == "索取证书"
        assert axe_violations(page) == [], "form"
        page.goto(made["page_url"])
        expect(page.locator("#vp-status")).to_contain_text("正在等待")
        # The self-reloading page: axe's meta-refresh rule is the one finding, and
        # the page offers to turn the reloading off (WCAG 2.2.1); that page is clean.
        assert [v["id"] for v in axe_violations(page)] == ["meta-refresh"], "waiting"
        page.locator("#vp-stop").click()
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        expect(page.locator("#vp-check")).to_be_visible()
        assert axe_violations(page) == [], "waiting, not reloading"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        out = holder(made["links"]["cross_device"], held)
        assert out["submit_status"] == 200, out
        page.goto(made["page_url"])
        expect(page.locator("#vp-status")).to_contain_text("已验证")
        assert axe_violations(page) == [], "result"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
