"""Sharing, end to end in real headless Chromium against the real server: a learner (one
browser context) receives an Open Badge and its SD-JWT VC form from the real issuer
(OpenID4VCI), shares the SD-JWT with chosen fields behind a link signed on the device; an
employer (another context, JavaScript off) opens it; the learner sees the view (with the
verifier's name), revokes it, and the employer then sees only "withdrawn". Link expiry, the
offline "My shares" and the in-person offline QR (SVP2) read by the verifier mode offline,
then re-checked when the network returns."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PHONE,
    accessible,
    create_wallet,
    issued_credential,
    paste,
    shot,
    stored_count,
    warm_offline,
)
from wallet_core.options import VerifyOptions
from wallet_core.presentations import claimed, verify_presentation

pytestmark = pytest.mark.e2e






def receive_both_forms(page, base: str, console, did: str, slug: str = "green-finance", lang: str = "en") -> None:
    """Accept an award's offer, ticking "also keep the selective-disclosure form"."""
    offer = console.award(did, slug, lang=lang)
    before = stored_count(page)
    page.goto(offer.app_link(base))
    page.get_by_test_id("offer-both").check()
    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    deadline = time.monotonic() + 10
    while stored_count(page) < before + 2 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert stored_count(page) == before + 2


def sd_jwt_ids(page) -> list[str]:
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('credentials').objectStore('credentials').getAll();
              req.onsuccess = () => resolve(req.result.filter((r) => !r.credential.trim().startsWith('{') && r.credential.includes('~')).map((r) => r.id));
            };
        })"""
    )


def all_ids(page) -> set[str]:
    return set(
        page.evaluate(
            """() => new Promise((resolve) => {
                const open = indexedDB.open('satchel');
                open.onsuccess = () => {
                  const req = open.result.transaction('credentials').objectStore('credentials').getAllKeys();
                  req.onsuccess = () => resolve(req.result);
                };
            })"""
        )
    )


def add_own_entry(page, title: str) -> list[str]:
    """Add a self-asserted entry (signed by the wallet with its did:key, eddsa-jcs-2022:
    every check runs offline); the new record's id, in a list."""
    before = all_ids(page)
    page.evaluate("() => { location.hash = '#/experience' }")
    page.get_by_test_id("experience-title").fill(title)
    page.get_by_test_id("experience-submit").click()
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    return sorted(all_ids(page) - before)


def paste_issued(page, server, did: str, slug: str) -> str:
    """Paste a credential from the server's issuer; its record id."""
    before = all_ids(page)
    page.evaluate("() => { location.hash = '#/' }")
    paste(page, issued_credential(server, did, slug))
    expect(page.get_by_test_id("credential-card")).to_have_count(len(before) + 1)
    [new] = all_ids(page) - before
    return new


def learner_context(chromium, locale="en-GB", **kw):
    return chromium.new_context(viewport=PHONE, device_scale_factor=kw.pop("scale", 1), locale=locale, bypass_csp=True, **kw)


def start_share(page, ids: list[str]) -> None:
    page.evaluate("() => { location.hash = '#/' }")
    page.get_by_test_id("share-open").click()
    expect(page.get_by_test_id("share")).to_have_attribute("data-step", "pick")
    for cid in ids:
        page.locator(f'[data-testid="share-pick"][data-id="{cid}"]').check()
    page.get_by_test_id("share-next").click()


@pytest.mark.parametrize("locale,lang", [("en-GB", "en"), ("zh-CN", "zh-Hans")])
def test_share_link_with_chosen_fields_view_log_and_revoke(live_server, console, chromium, artifacts, locale, lang):
    context = learner_context(chromium, locale=locale)
    page = context.new_page()
    employer = chromium.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    try:
        did = create_wallet(page, live_server.url)
        receive_both_forms(page, live_server.url, console, did, lang=lang)
        [sd_id] = sd_jwt_ids(page)
        teacher = paste_issued(page, live_server, did, "teacher-cpd")

        page.evaluate("() => { location.hash = '#/' }")
        page.get_by_test_id("share-open").click()
        expect(page.get_by_test_id("share-pick")).to_have_count(3)
        accessible(page, "pick")
        shot(artifacts, f"{lang}-share-pick", page)
        start_share(page, [sd_id, teacher])
        # Fields of the SD-JWT, by name, in plain words; choose credits only.
        expect(page.get_by_test_id("share")).to_have_attribute("data-step", "fields")
        fields = page.get_by_test_id("share-field")
        paths = fields.evaluate_all("(els) => els.map((e) => e.dataset.path)")
        assert "achievement.description" in paths and "achievement.credits" in paths, paths
        expect(page.get_by_test_id("share-fields")).to_contain_text("Description" if lang == "en" else "说明")
        accessible(page, "fields")
        shot(artifacts, f"{lang}-share-fields", page)
        page.locator('[data-testid="share-field"][data-path="achievement.credits"]').check()
        page.get_by_test_id("share-to-preview").click()

        # The preview is what the employer will see: credits yes, description no.
        expect(page.get_by_test_id("share")).to_have_attribute("data-step", "preview")
        sd_item = page.locator(f'[data-testid="share-preview-item"][data-id="{sd_id}"]')
        expect(sd_item.get_by_test_id("preview-field")).to_have_count(1)
        expect(sd_item.get_by_test_id("preview-field")).to_have_attribute("data-path", "achievement.credits")
        expect(sd_item.get_by_test_id("preview-hidden")).to_contain_text("Description" if lang == "en" else "说明")
        expect(page.get_by_test_id("share-expiry")).to_be_visible()
        expect(page.locator('label[for="share-expiry"]')).to_contain_text("link" if lang == "en" else "链接")
        accessible(page, "preview")
        shot(artifacts, f"{lang}-share-preview", page)

        page.get_by_test_id("share-label").fill("For Acme Ltd")
        page.get_by_test_id("share-expiry").select_option("30")
        page.get_by_test_id("share-create").click()
        url = page.get_by_test_id("share-url").inner_text().strip()
        assert url.startswith(live_server.url + "/s/"), url
        accessible(page, "link")
        shot(artifacts, f"{lang}-share-link", page)
        page.get_by_test_id("share-link-qr").click()
        expect(page.get_by_test_id("qr-code")).to_have_attribute("data-text", url)
        accessible(page, "link QR")
        shot(artifacts, f"{lang}-share-link-qr", page)
        page.get_by_test_id("qr-close").click()
        assert stored_count(page, "shares") == 2  # the share and the device's manage secret

        # The employer, no JavaScript: valid, issued to the presenter, chosen fields only.
        emp = employer.new_page()
        response = emp.goto(url)
        assert response.status == 200
        html = emp.content()
        assert 'class="banner valid"' in html
        name = "Green Finance" if lang == "en" else "绿色金融"
        assert name in html and "For Acme Ltd" in html
        rows = emp.locator("tr", has_text="Issued to the presenter")
        expect(rows.first).to_contain_text("passed")
        assert rows.count() == 2
        description = page.evaluate(
            """(id) => new Promise((resolve) => {
                const open = indexedDB.open('satchel');
                open.onsuccess = () => {
                  const req = open.result.transaction('credentials').objectStore('credentials').get(id);
                  req.onsuccess = () => resolve(req.result.verdict.display.description);
                };
            })""",
            sd_id,
        )
        assert description and description[:40] not in html  # a field NOT chosen is not there
        emp.fill("#verifier_name", "Acme HR")
        emp.locator("form button, form input[type=submit]").first.click()
        expect(emp.locator("body")).to_contain_text("Acme HR")

        # The learner's list: the views, with the verifier's name.
        page.evaluate("() => { location.hash = '#/shares' }")
        share = page.get_by_test_id("my-share")
        expect(share).to_have_count(1)
        expect(share).to_have_attribute("data-state", "active")
        expect(share.get_by_test_id("share-views")).to_have_attribute("data-count", "2")
        expect(share.get_by_test_id("share-view").first).to_contain_text("Acme HR")
        expect(share).to_contain_text("For Acme Ltd")
        accessible(page, "my shares")
        shot(artifacts, f"{lang}-my-shares", page)

        # Revoke, with confirmation: the employer sees that it was withdrawn, and nothing else.
        share.get_by_test_id("revoke-share").click()
        share.get_by_test_id("confirm-revoke").click()
        expect(share).to_have_attribute("data-state", "revoked")
        response = emp.goto(url)
        assert response.status == 410
        text = emp.locator("body").inner_text()
        assert "withdrew" in text and name not in text and "For Acme Ltd" not in text
    finally:
        employer.close()
        context.close()


def test_expired_link_and_my_shares_offline(live_server, chromium):
    context = learner_context(chromium)
    page = context.new_page()
    employer = chromium.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    try:
        did = create_wallet(page, live_server.url)
        cid = paste_issued(page, live_server, did, "ai-foundations")
        start_share(page, [cid])
        expect(page.get_by_test_id("share")).to_have_attribute("data-step", "preview")  # no SD-JWT: no fields step
        page.get_by_test_id("share-label").fill("Short-lived")
        page.get_by_test_id("share-expiry").select_option("1")
        page.get_by_test_id("share-create").click()
        url = page.get_by_test_id("share-url").inner_text().strip()
        emp = employer.new_page()
        assert emp.goto(url).status == 200

        # The server's clock passes the link's expiry (as tests/api/test_shares.py does).
        db = sqlite3.connect(live_server.data_dir / "satchel.db")
        with db:
            db.execute("update shares set expires = ? where label = ?", [time.time() - 1, "Short-lived"])
        db.close()
        response = emp.goto(url)
        assert response.status == 410
        assert "expired" in emp.locator("body").inner_text()

        page.evaluate("() => navigator.serviceWorker.ready")
        page.goto(live_server.url + "/#/shares")
        share = page.get_by_test_id("my-share")
        expect(share).to_have_attribute("data-state", "expired")
        expect(share.get_by_test_id("share-views")).to_have_attribute("data-count", "1")
        expect(page.get_by_test_id("shares-cached")).to_have_count(0)

        # Offline: the last known state, marked as such; revoking needs the network.
        context.set_offline(True)
        page.reload()
        expect(page.get_by_test_id("shares-cached")).to_be_visible()
        expect(share).to_have_attribute("data-state", "expired")
        expect(share.get_by_test_id("share-views")).to_have_attribute("data-count", "1")
    finally:
        employer.close()
        context.close()


@pytest.mark.parametrize("locale,lang", [("en-GB", "en"), ("zh-CN", "zh-Hans")])
def test_offline_qr_is_checked_by_the_verifier_offline_then_online(live_server, console, chromium, tmp_path, artifacts, locale, lang):
    # The learner's screen at 3x so that a screenshot of the QR code is sharp enough to read.
    learner = learner_context(chromium, locale=locale, scale=3)
    verifier = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    page = learner.new_page()
    check = verifier.new_page()
    try:
        did = create_wallet(page, live_server.url)
        receive_both_forms(page, live_server.url, console, did, lang=lang)
        ids = sd_jwt_ids(page)
        # A self-asserted entry (checkable offline). The full Open Badge and its SD-JWT form
        # together are too much for one QR code.
        ob = add_own_entry(page, "Weekend food bank coordinator")
        # The verifier opens the app once (no wallet needed), then both lose the network.
        check.goto(live_server.url + "/#/verify")
        expect(check.get_by_test_id("verifier")).to_be_visible()
        for p in (page, check):
            warm_offline(p)
        learner.set_offline(True)
        verifier.set_offline(True)

        start_share(page, ids + ob)
        page.locator('[data-testid="share-field"][data-path="achievement.credits"]').check()
        accessible(page, "fields offline")
        page.get_by_test_id("share-to-preview").click()
        page.get_by_test_id("share-create").click()  # a link needs the network: said plainly
        expect(page.get_by_test_id("share-error")).to_be_visible()
        page.get_by_test_id("share-offline-qr").click()
        qr = page.get_by_test_id("qr-code")
        expect(qr).to_be_visible()
        # Too much for one code: the parts take turns; the learner stops them and steps through.
        part = page.get_by_test_id("qr-part")
        expect(part, "step 1: the code is shown in parts").to_be_visible()
        total = int(part.get_attribute("data-total"))
        assert total >= 2
        page.get_by_test_id("qr-play").click()
        expect(page.get_by_test_id("qr-play")).to_have_attribute("aria-pressed", "true")
        texts, pngs = {}, {}
        i = int(part.get_attribute("data-index"))
        for _ in range(total):
            page.get_by_test_id("qr-next").click()
            i = i % total + 1
            expect(part).to_have_attribute("data-index", str(i))
            expect(qr, f"step 1: part {i} is drawn").to_have_attribute("data-text", re.compile(f"^SVP2/{i}/{total}/"))
            texts[i] = qr.get_attribute("data-text")
            pngs[i] = tmp_path / f"svp2-{i}.png"
            qr.screenshot(path=str(pngs[i]))
        assert sorted(texts) == list(range(1, total + 1)), "step 1: stepping shows every part"
        joined = "\n".join(texts[i] for i in sorted(texts))
        # What the phone made is what wallet_core reads: SVP2 parts joined, the holder's signature.
        said = claimed(joined)
        assert (said.format, said.audience, said.holder) == ("vp-jwt", "satchel:offline", did)
        verdict = verify_presentation(joined, VerifyOptions(audience="satchel:offline", nonce=said.nonce))
        assert {c.check: c.status for c in verdict.checks} == {
            "holder_signature": "passed", "audience": "passed", "nonce": "passed", "freshness": "passed"}
        assert [c.holder_binding.status for c in verdict.credentials] == ["passed", "passed"]
        accessible(page, "offline QR")
        shot(artifacts, f"{lang}-share-offline-qr", page)

        # The verifier, offline: reads the pictures in reverse order, says how far it is, checks
        # what a phone can check once it has them all.
        status = check.get_by_test_id("scan-status")
        for got, i in enumerate(sorted(pngs, reverse=True)[:-1], start=1):
            check.get_by_test_id("scan-image").set_input_files(str(pngs[i]))
            expect(status, f"step 2: part {i} read").to_contain_text(f"{got}")
            expect(status).to_contain_text(f"{total}")
        expect(check.get_by_test_id("verifier-result")).to_have_count(0)
        check.get_by_test_id("scan-image").set_input_files(str(pngs[1]))
        result = check.get_by_test_id("verifier-result")
        expect(result, "step 3: all parts read, checked").to_be_visible(timeout=20000)
        sig = check.locator('[data-testid="verifier-check"][data-check="holder_signature"]')
        expect(sig).to_have_attribute("data-status", "passed")
        bindings = check.locator('[data-testid="verifier-check"][data-check="holder_binding"]')
        expect(bindings).to_have_count(2)
        for i in range(2):
            expect(bindings.nth(i)).to_have_attribute("data-status", "passed")
        expect(check.locator('[data-testid="verifier-check"][data-online="true"]')).not_to_have_count(0)
        expect(check.get_by_test_id("verifier-pending")).to_be_visible()
        expect(check.get_by_test_id("verifier-mode")).to_have_attribute("data-server", "false")
        expect(result).to_have_attribute("data-result", "could_not_check")
        # The learner's own entry is shown as self-asserted; the issued one is not.
        expect(check.get_by_test_id("verifier-self-asserted")).to_have_count(1)
        own = check.locator('[data-testid="verifier-credential"]').filter(has=check.get_by_test_id("verifier-self-asserted"))
        expect(own).to_have_attribute("data-kind", "json")
        # Only the chosen SD-JWT field was disclosed.
        sd_card = check.locator('[data-testid="verifier-credential"][data-kind="sd-jwt"]')
        expect(sd_card.get_by_test_id("verifier-field")).to_have_attribute("data-path", "achievement.credits")
        accessible(check, "verifier offline")
        shot(artifacts, f"{lang}-verifier-offline", check)

        # The network returns: re-checked with the server automatically.
        verifier.set_offline(False)
        expect(check.get_by_test_id("verifier-mode")).to_have_attribute("data-server", "true", timeout=20000)
        expect(check.locator('[data-testid="verifier-check"][data-online="true"]')).to_have_count(0)
        expect(sig).to_have_attribute("data-status", "passed")
        # Every credential now checks out with the server, but an in-person code carries no
        # verifier nonce: a copy cannot be ruled out, so the result stays "could not check".
        for i in range(2):
            expect(check.locator('[data-testid="verifier-credential"]').nth(i)).to_have_attribute("data-result", "valid")
        nonce = check.locator('[data-testid="verifier-check"][data-check="nonce"]')
        expect(nonce).to_have_attribute("data-status", "could_not_check")
        expect(result).to_have_attribute("data-result", "could_not_check")
        accessible(check, "verifier online")
        shot(artifacts, f"{lang}-verifier-result", check)
    finally:
        verifier.close()
        learner.close()


def test_verifier_opens_a_scanned_share_link_and_refuses_other_codes(live_server, chromium, tmp_path):
    from tests.e2e.collect import qr_png

    context = chromium.new_context(viewport=PHONE, locale="en-GB")  # the server's real CSP
    page = context.new_page()
    try:
        page.goto(live_server.url + "/#/verify")
        page.get_by_test_id("scan-image").set_input_files(str(qr_png("https://example.com/badges/not-a-share-link", tmp_path / "x.png")))
        expect(page.get_by_test_id("verifier-error")).to_contain_text("not a Satchel")
        link = live_server.url + "/s/" + "A" * 43
        page.get_by_test_id("scan-image").set_input_files(str(qr_png(link, tmp_path / "link.png")))
        page.wait_for_url(link)
        assert "/s/" in page.url
    finally:
        context.close()
