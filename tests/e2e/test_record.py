"""The learner's record (issue 14, decision D29) end to end in Chromium at 360 px:
wallet A (real credentials from the live server in two formats and a self-asserted
entry) exports its verifiable record and its JSON Resume on #/record; Digital Bazaar's
vc verifies the record's holder proof and @jsonresume/schema validates the résumé;
wallet B (another browser context) restores the record, with the same verdicts and the
entry as self-asserted by A; a changed record is refused and stores nothing. The
screen is axe-clean in three languages and made offline."""

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
from tests.issued import award_credential
from tests.oracle import check_record, server_documents, status_list_urls
from tests.records import record_for

pytestmark = pytest.mark.e2e

LANGS = [("en", "en-GB", "Export your record"), ("zh-Hans", "zh-CN", "导出你的记录"), ("zh-Hant", "zh-TW", "匯出你的記錄")]

# What each wallet holds, by title: (verdict result, self-asserted by whom).
HELD = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open('satchel'); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const all = await new Promise((ok, no) => { const q = db.transaction('credentials').objectStore('credentials').getAll(); q.onsuccess = () => ok(q.result); q.onerror = () => no(q.error); });
  db.close();
  return all.map((r) => [r.verdict.display.name, r.verdict.format, r.verdict.result, Boolean(r.selfAsserted), r.selfAssertedBy || null]).sort();
}"""

PUBLIC_JWK = """async () => {
  const db = await new Promise((ok) => { const r = indexedDB.open('satchel'); r.onsuccess = () => ok(r.result); });
  const w = await new Promise((ok) => { const q = db.transaction('wallet').objectStore('wallet').get('self'); q.onsuccess = () => ok(q.result); });
  db.close();
  const { kty, crv, x } = await crypto.subtle.exportKey('jwk', w.publicKey);
  return { kty, crv, x };
}"""


def phone(chromium, locale: str = "en-GB"):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True, accept_downloads=True)
    return context, context.new_page()


def add_entry(page) -> None:
    page.get_by_test_id("add-experience").click()
    page.get_by_test_id("experience-kind").select_option("work")
    page.get_by_test_id("experience-title").fill("Barista")
    page.get_by_test_id("experience-organisation").fill("Harbour Café")
    page.get_by_test_id("experience-start").fill("2024-01-08")
    page.get_by_test_id("experience-end").fill("2024-06-30")
    page.get_by_test_id("experience-submit").click()
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    page.evaluate("() => { location.hash = '#/' }")


def seeded_wallet(server, page) -> str:
    """A wallet holding an OB 3.0 course (JSON-LD), an SD-JWT VC bound to its key and an entry."""
    did = create_wallet(page, server.url)
    paste(page, issued_credential(server, did, "ai-foundations"))
    expect(page.get_by_test_id("credential-card")).to_have_count(1)
    jwk = page.evaluate(PUBLIC_JWK)
    paste(page, award_credential(server, did, "green-finance", form="sd_jwt", holder_jwk=jwk))
    expect(page.get_by_test_id("credential-card")).to_have_count(2)
    page.get_by_test_id("paste-open").click()  # close the paste box
    add_entry(page)
    expect(page.get_by_test_id("credential-card")).to_have_count(3)
    return did


def download(page, testid: str, tmp_path):
    with page.expect_download() as dl:
        page.get_by_test_id(testid).click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    return path


def restore(page, path):
    page.evaluate("() => { location.hash = '#/' }")
    page.get_by_test_id("import-input").set_input_files(str(path))


def test_a_record_exported_from_one_wallet_verifies_and_restores_in_another(live_server, chromium, artifacts, tmp_path):
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    a_context, a = phone(chromium)
    b_context, b = phone(chromium, "zh-TW")
    try:
        did = seeded_wallet(live_server, a)
        held = a.evaluate(HELD)
        assert [(h[1], h[2]) for h in held] == [("ob3-ldp", "valid"), ("self-asserted", "self_asserted"), ("sd-jwt-vc", "valid")]

        # Export, with the network off: both files are made on the phone.
        a.get_by_test_id("nav-settings").click()
        a.get_by_test_id("record-open").click()
        expect(a.get_by_test_id("record-pick")).to_have_count(3)
        a.evaluate("() => navigator.serviceWorker.ready")
        a_context.set_offline(True)
        record_path = download(a, "record-download", tmp_path)
        a.get_by_test_id("record-name").fill("Ada Lovelace")
        resume_path = download(a, "resume-download", tmp_path)
        a_context.set_offline(False)
        a.screenshot(path=str(shots / "en-record-360.png"), full_page=True)
        assert record_path.name.startswith("satchel-record-") and resume_path.name.startswith("satchel-resume-")
        record, resume = json.loads(record_path.read_text()), json.loads(resume_path.read_text())
        assert record["holder"] == did and record["proof"]["proofPurpose"] == "authentication"
        assert len(record["verifiableCredential"]) == 3
        assert record["verifiableCredential"][1]["id"].startswith("data:application/dc+sd-jwt,")

        # The independent oracle: Digital Bazaar's vc and the JSON Resume schema.
        lists = sorted({u for c in record["verifiableCredential"] if "credentialStatus" in c for u in status_list_urls(c)})
        out = check_record(record, resume, server_documents(live_server.url, status_lists=lists))
        assert out["holder_proof"] == {"verified": True, "errors": []}
        assert out["resume"] == {"valid": True, "errors": []}
        assert resume["basics"] == {"name": "Ada Lovelace"}
        # in the wallet's order, newest first: the entry, the SD-JWT VC, the course
        assert [e["url"] for e in resume["education"]] == [f"{record['id']}#credential-2", f"{record['id']}#credential-3"]
        assert resume["work"][0]["position"] == "Barista" and resume["work"][0]["url"] == f"{record['id']}#credential-1"

        # An employer checks the file at /verify (no JavaScript needed): one card per credential,
        # "could not check" overall (a file proves no presenter), axe-clean at 360 px.
        e_context, e = phone(chromium)
        try:
            e.goto(live_server.url + "/verify")
            e.set_input_files("#data", str(record_path))
            e.get_by_role("button", name="Check").click()
            expect(e.locator("#record-result")).to_have_text("A learner's record of 3 credentials")
            expect(e.locator(".banner")).to_have_class("banner could_not_check")
            expect(e.locator("section.cred")).to_have_count(3)
            assert axe_violations(e) == []
            wide = e.evaluate("""() => [...document.querySelectorAll('body *')].filter((n) => n.getBoundingClientRect().right > 361)
                .map((n) => n.tagName + '.' + n.className + ' ' + Math.round(n.getBoundingClientRect().right) + ' ' + n.textContent.slice(0, 60))""")
            assert e.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], wide[:12]
            e.screenshot(path=str(shots / "en-verify-record-360.png"), full_page=True)
        finally:
            e_context.close()

        # A changed record is refused in wallet B, and nothing is stored.
        create_wallet(b, live_server.url)
        changed = json.loads(json.dumps(record))
        changed["verifiableCredential"][0]["name"] = "Head barista"
        changed_path = tmp_path / "changed-record.json"
        changed_path.write_text(json.dumps(changed))
        restore(b, changed_path)
        expect(b.get_by_test_id("import-error")).to_contain_text("這份記錄在持有人簽署後被改動過")
        assert stored_count(b) == 0 and stored_count(b, "queue") == 0

        # The record restores: each credential verified again, the entry self-asserted by A.
        restore(b, record_path)
        expect(b.get_by_test_id("record-restored")).to_contain_text("已還原 2 份證書和 1 個條目")
        expect(b.get_by_test_id("credential-card")).to_have_count(3)
        restored = b.evaluate(HELD)
        assert [h[:4] for h in restored] == [h[:4] for h in held]
        assert [h[4] for h in restored] == [None, did, None]
        b.get_by_test_id("credential-card").filter(has_text="Barista").click()
        expect(b.get_by_test_id("verdict-result")).to_have_attribute("data-result", "self_asserted")
        expect(b.get_by_test_id("self-asserted-note")).to_contain_text(did)
        expect(b.get_by_test_id("credential-detail")).to_contain_text(f"由 {did} 自我聲明")

        # Again: everything is already there.
        restore(b, record_path)
        expect(b.get_by_test_id("record-restored")).to_contain_text("3 項已在你的錢包中")
        assert stored_count(b) == 3
    finally:
        a_context.close()
        b_context.close()


@pytest.mark.parametrize("lang,locale,title", LANGS)
def test_the_record_screen_is_accessible_in_three_languages(live_server, chromium, artifacts, lang, locale, title):
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    context, page = phone(chromium, locale)
    try:
        did = create_wallet(page, live_server.url)
        paste(page, issued_credential(live_server, did, "green-finance", lang))
        expect(page.get_by_test_id("credential-card")).to_have_count(1)
        page.evaluate("() => { location.hash = '#/record' }")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        page.get_by_test_id("record-none").click()
        expect(page.get_by_test_id("record-download")).to_be_disabled()
        page.get_by_test_id("record-all").click()
        expect(page.get_by_test_id("record-download")).to_be_enabled()
        page.wait_for_timeout(150)
        assert axe_violations(page) == []
        # no sideways scroll at 360 px
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(shots / f"{lang}-record-360.png"), full_page=True)
    finally:
        context.close()


def test_a_record_restored_offline_keeps_its_credentials_waiting_for_the_network(live_server, chromium, tmp_path):
    """The holder's signature is checked on the phone; entries come back at once, credentials
    wait in the import queue and are verified by the server when the network returns."""
    made = record_for(live_server)
    path = tmp_path / "satchel-record.json"
    path.write_text(json.dumps(made["record"], ensure_ascii=False))
    context, page = phone(chromium)
    try:
        create_wallet(page, live_server.url)
        page.evaluate("() => navigator.serviceWorker.ready")
        context.set_offline(True)
        restore(page, path)
        expect(page.get_by_test_id("record-restored")).to_contain_text(
            "Restored 0 credentials and 1 entry; 2 will be checked when you are back online."
        )
        assert stored_count(page) == 1 and stored_count(page, "queue") == 2
        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        expect(page.get_by_test_id("credential-card")).to_have_count(3)
        assert stored_count(page, "queue") == 0
        assert sorted(h[2] for h in page.evaluate(HELD)) == ["self_asserted", "valid", "valid"]
    finally:
        context.close()
