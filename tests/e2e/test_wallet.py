"""The learner wallet in real headless Chromium against the real server: paste
import (JSON, JWT, URL), duplicates, delete with confirmation and undo, the
detail view's fields, skills, self-asserted entries (checked by wallet_core),
settings (language switch, persistent storage)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PHONE,
    axe_violations,
    create_wallet,
    issued_credential,
    overflow,
    paste,
    stored_count,
    verdict_for,
)
from tests.e2e.listperf import store_records
from tests.own_vectors import ob3_jwt
from tests.shares.helpers import signed_clr

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def test_paste_json_jwt_url_and_duplicates(live_server, page):
    did = create_wallet(page, live_server.url)
    cards = page.get_by_test_id("credential-card")

    # JSON text from the demo issuer.
    green = issued_credential(live_server, did, "green-finance")
    paste(page, green)
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Green Finance")
    expect(page.get_by_test_id("paste-text")).to_have_value("")

    # The same text again, and the same credential pretty-printed (same id): recognised, stored once.
    paste(page, green)
    expect(page.get_by_test_id("import-duplicate")).to_contain_text("already in your wallet")
    paste(page, json.dumps(json.loads(green), indent=2))
    expect(page.get_by_test_id("import-duplicate")).to_be_visible()
    expect(cards).to_have_count(1)
    assert stored_count(page) == 1

    # A compact VC-JWT.
    paste(page, ob3_jwt())
    expect(cards).to_have_count(2)

    # A URL is fetched by the server as a hosted badge; one it refuses to fetch: a clear message, nothing stored.
    paste(page, "https://127.0.0.1/badges/assertion/123")
    expect(page.get_by_test_id("import-error")).to_contain_text("Couldn't get a badge from this web address")

    # Garbage text: the server's reason, nothing stored.
    paste(page, "this is not a credential")
    expect(page.get_by_test_id("import-error")).to_be_visible()
    assert stored_count(page) == 2

    # A file with the same credential as the pasted text: also a duplicate.
    page.get_by_test_id("import-input").set_input_files(
        {"name": "green.json", "mimeType": "application/json", "buffer": green.encode()}
    )
    expect(page.get_by_test_id("import-duplicate")).to_be_visible()
    assert stored_count(page) == 2


def test_delete_asks_then_can_be_undone(live_server, page):
    did = create_wallet(page, live_server.url)
    paste(page, issued_credential(live_server, did, "teacher-cpd"))
    cards = page.get_by_test_id("credential-card")
    expect(cards).to_have_count(1)

    cards.first.click()
    page.get_by_test_id("delete-credential").click()
    expect(page.get_by_test_id("confirm-delete")).to_be_focused()
    page.get_by_test_id("cancel-delete").click()  # changed my mind
    assert stored_count(page) == 1

    page.get_by_test_id("delete-credential").click()
    page.get_by_test_id("confirm-delete").click()
    expect(page.get_by_test_id("credential-list")).to_be_visible()
    expect(cards).to_have_count(0)
    assert stored_count(page) == 0
    expect(page.get_by_test_id("status")).to_contain_text("Deleted")
    page.get_by_test_id("undo").click()
    expect(cards).to_have_count(1)
    assert stored_count(page) == 1

    # Without undo, the offer goes away after a few seconds and the deletion stays.
    cards.first.click()
    page.get_by_test_id("delete-credential").click()
    page.get_by_test_id("confirm-delete").click()
    expect(page.get_by_test_id("undo")).to_be_visible()
    expect(page.get_by_test_id("undo")).to_have_count(0, timeout=12000)
    assert stored_count(page) == 0


FULL_DISPLAY = {
    "learning_outcomes": ["Explain green bond principles", "Read a climate risk disclosure"],
    "assessment": "Written case study, marked against published criteria",
    "mode": "Blended", "quality_assurance": "Accredited at HKQF level 4",
    "prerequisites": ["Ethics of AI in assessment"], "stacks_into": ["Certificate in Sustainable Finance"],
    "alignments": [{"framework": "ESCO", "code": "S1.2", "name": "sustainable finance", "url": "https://esco.example/s1.2"}],
    "evidence": [{"name": "Case study", "url": "https://example.org/evidence/1", "narrative": "A green bond review"}],
    "endorsements": [{"issuer_name": "Recognised by the Green Finance Council", "issuer_id": None, "comment": "Meets our standard"}],
    "results": [{"name": "Grade", "value": "A"}],
    "expires": "2030-01-01T00:00:00Z",
}


def test_detail_shows_fields_checks_last_checked_and_raw(live_server, page, artifacts):
    did = create_wallet(page, live_server.url)
    green = issued_credential(live_server, did, "green-finance")
    paste(page, green)
    page.get_by_test_id("credential-card").first.click()
    detail = page.get_by_test_id("credential-detail")
    expect(detail).to_be_visible()
    fields = set(page.get_by_test_id("fact").evaluate_all("els => els.map(e => e.dataset.field)"))
    # every micro-credential field of a real signed demo award (issue 11: all in defined terms)
    signed = {"issuer", "issued", "credits", "level", "assessment", "description", "criteria", "workload_hours",
              "mode", "quality_assurance", "prerequisites", "stacks_into", "learning_outcomes"}
    assert signed <= fields, signed - fields
    expect(page.locator("[data-field=workload_hours] dd")).to_have_text("50 hours")
    expect(page.locator("[data-field=mode] dd")).to_have_text("Online")
    expect(page.locator("[data-field=level] dd")).to_have_text("HKQF 4")
    expect(page.get_by_test_id("checked-at")).to_contain_text("Last checked")
    expect(page.locator("[data-testid=check-row][data-check=proof][data-status=passed]")).to_have_count(1)
    raw = page.get_by_test_id("raw")
    raw.locator("summary").click()
    assert json.loads(raw.locator("pre").inner_text())["id"] == json.loads(green)["id"]
    page.get_by_test_id("check-again").click()
    expect(page.get_by_test_id("status")).to_contain_text("Checked again")

    # Every micro-credential field of the display model is shown when present.
    verdict = verdict_for(live_server.url, green)
    verdict["display"].update(FULL_DISPLAY)
    store_records(page, [{"id": "full", "credential": verdict["credential"], "verdict": verdict,
                          "importedAt": "2026-01-01T00:00:00.000Z"}])
    page.goto(live_server.url + "/#/credential/full")
    expect(detail).to_contain_text("Ethics of AI in assessment")
    fields = set(page.get_by_test_id("fact").evaluate_all("els => els.map(e => e.dataset.field)"))
    expected = {"learning_outcomes", "assessment", "credits", "level", "mode", "quality_assurance", "prerequisites",
                "stacks_into", "alignments", "evidence", "endorsements", "results", "language", "expires"}
    assert expected <= fields, expected - fields
    for text in ["Explain green bond principles", "ESCO", "Case study", "Recognised by", "Grade: A"]:
        expect(detail).to_contain_text(text)
    page.screenshot(path=str(artifacts / "detail-all-fields-360.png"), full_page=True)


def test_detail_lists_a_clr_transcripts_achievements(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    did = create_wallet(page, live_server.url)
    # step: import a signed CLR 2.0 transcript (six nested achievement credentials)
    paste(page, json.dumps(signed_clr(did)))
    page.get_by_test_id("credential-card").first.click()
    detail = page.get_by_test_id("credential-detail")
    expect(page.locator("[data-testid=check-row][data-check=proof][data-status=passed]")).to_have_count(1)
    # step: the achievements are folded under one summary, then listed with their fields
    parts = page.get_by_test_id("clr-parts")
    expect(parts.locator("summary")).to_have_text("Achievements in this record (6)")
    parts.locator("summary").click()
    expect(page.get_by_test_id("clr-part")).to_have_count(6)
    expect(page.get_by_test_id("clr-part").nth(1)).to_contain_text("Health Literacy 1")
    expect(page.get_by_test_id("clr-part").nth(1).locator("[data-field=results] dd")).to_have_text("Grade: A")
    expect(page.get_by_test_id("clr-part").first.locator("[data-field=endorsements] dd")).to_contain_text(
        "Harbour Health Council"
    )
    expect(detail).to_contain_text("Harbour Health Council - Certified Care Assistant")
    # step: the opened list is accessible and fits a 360 px screen
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_skills_aggregate_alignments_with_backing_credentials(live_server, page):
    did = create_wallet(page, live_server.url)
    paste(page, issued_credential(live_server, did, "ai-foundations"))
    expect(page.get_by_test_id("credential-card")).to_have_count(1)
    paste(page, issued_credential(live_server, did, "green-finance"))
    expect(page.get_by_test_id("credential-card")).to_have_count(2)
    page.get_by_test_id("nav-passport").click()
    skill = page.get_by_test_id("skill").filter(has_text="digital competence")
    expect(skill).to_have_count(1)
    backing = skill.get_by_test_id("skill-credential")
    expect(backing).to_have_count(1)
    expect(backing).to_contain_text("AI Foundations")
    backing.click()
    expect(page.get_by_test_id("credential-detail")).to_contain_text("AI Foundations")


def test_self_asserted_entry_is_signed_by_the_wallet_key(live_server, page):
    from wallet_core import VerifyOptions, verify

    did = create_wallet(page, live_server.url)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/api/" in r.url else None)
    page.get_by_test_id("add-experience").click()
    page.get_by_test_id("experience-submit").click()  # no title: a clear message
    expect(page.get_by_role("alert")).to_contain_text("title")
    page.get_by_test_id("experience-kind").select_option("volunteering")
    page.get_by_test_id("experience-title").fill("Weekend food bank coordinator")
    page.get_by_test_id("experience-organisation").fill("Harbour Food Bank")
    page.get_by_test_id("experience-description").fill("Planned rotas for 30 volunteers.")
    page.get_by_test_id("experience-submit").click()
    detail = page.get_by_test_id("credential-detail")
    expect(detail).to_contain_text("Weekend food bank coordinator")
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "self_asserted")
    expect(page.get_by_test_id("verdict-result")).to_contain_text("Self-asserted")
    expect(page.get_by_test_id("self-asserted-note")).to_be_visible()
    assert requests == []  # signed on the device, nothing sent

    raw = page.get_by_test_id("raw")
    raw.locator("summary").click()
    credential = json.loads(raw.locator("pre").inner_text())
    assert credential["issuer"]["id"] == did and credential["credentialSubject"]["id"] == did
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    # The proof made in the browser verifies with Satchel's own verifier.
    verdict = verify(json.dumps(credential).encode(), VerifyOptions(fetcher=None))
    proof = next(c for c in verdict.checks if c.check == "proof")
    assert proof.status == "passed", proof.reason

    page.get_by_test_id("back").click()
    expect(page.get_by_test_id("credential-card")).to_contain_text("self-asserted")


def test_self_asserted_entry_refuses_an_end_date_before_the_start(live_server, page):
    create_wallet(page, live_server.url)
    page.get_by_test_id("add-experience").click()
    page.get_by_test_id("experience-title").fill("Summer intern")
    page.get_by_test_id("experience-start").fill("2025-06-30")
    page.get_by_test_id("experience-end").fill("2025-01-15")
    # step: refused with a clear message on the end date, nothing stored
    page.get_by_test_id("experience-submit").click()
    expect(page.get_by_role("alert")).to_have_text("The end date is before the start date. Please check the dates.")
    expect(page.get_by_test_id("experience-end")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("experience-title")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("experience")).to_be_visible()
    page.get_by_test_id("nav-home").click()
    expect(page.get_by_test_id("credential-card")).to_have_count(0)
    assert page.evaluate("location.hash") in ("", "#/")

    # step: the message is translated (zh-Hans, zh-Hant)
    for lang, message in (("zh-Hans", "结束日期早于开始日期，请检查日期。"), ("zh-Hant", "結束日期早於開始日期，請檢查日期。")):
        page.get_by_test_id("nav-settings").click()
        page.get_by_test_id("language").select_option(lang)
        page.evaluate("location.hash = '#/experience'")
        page.get_by_test_id("experience-title").fill("Summer intern")
        page.get_by_test_id("experience-start").fill("2025-06-30")
        page.get_by_test_id("experience-end").fill("2025-01-15")
        page.get_by_test_id("experience-submit").click()
        expect(page.get_by_role("alert")).to_have_text(message)
    page.get_by_test_id("nav-settings").click()
    page.get_by_test_id("language").select_option("en")

    # step: the same dates the right way round are accepted and kept
    page.evaluate("location.hash = '#/experience'")
    page.get_by_test_id("experience-title").fill("Summer intern")
    page.get_by_test_id("experience-start").fill("2025-01-15")
    page.get_by_test_id("experience-end").fill("2025-06-30")
    page.get_by_test_id("experience-submit").click()
    expect(page.get_by_test_id("credential-detail")).to_contain_text("Summer intern")
    subject = _raw_credential(page)["credentialSubject"]
    assert subject["activityStartDate"] == "2025-01-15T00:00:00Z"
    assert subject["activityEndDate"] == "2025-06-30T00:00:00Z"
    page.get_by_test_id("nav-home").click()
    expect(page.get_by_test_id("credential-card")).to_have_count(1)


def _raw_credential(page) -> dict:
    raw = page.get_by_test_id("raw")
    if raw.get_attribute("open") is None:
        raw.locator("summary").click()
    return json.loads(raw.locator("pre").inner_text())


@pytest.fixture
def axe_page(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True)
    yield context.new_page()
    context.close()


def test_self_asserted_entry_can_be_edited_and_is_signed_again(live_server, axe_page):
    from wallet_core import VerifyOptions, verify

    page = axe_page
    did = create_wallet(page, live_server.url)
    page.get_by_test_id("add-experience").click()
    page.get_by_test_id("experience-kind").select_option("volunteering")
    page.get_by_test_id("experience-title").fill("Food bank helper")
    page.get_by_test_id("experience-organisation").fill("Harbour Food Bank")
    page.get_by_test_id("experience-start").fill("2024-03-01")
    page.get_by_test_id("experience-submit").click()
    expect(page.get_by_test_id("credential-detail")).to_contain_text("Food bank helper")
    hash_before = page.evaluate("location.hash")
    before = _raw_credential(page)

    # step: Edit opens the form filled in with what was typed
    page.get_by_test_id("edit-entry").click()
    expect(page.get_by_test_id("experience")).to_have_attribute("data-editing", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your experience")
    expect(page.get_by_test_id("experience-kind")).to_have_value("volunteering")
    expect(page.get_by_test_id("experience-title")).to_have_value("Food bank helper")
    expect(page.get_by_test_id("experience-organisation")).to_have_value("Harbour Food Bank")
    expect(page.get_by_test_id("experience-start")).to_have_value("2024-03-01")
    expect(page.get_by_test_id("experience-end")).to_have_value("")
    assert axe_violations(page) == []

    # step: cancelling changes nothing
    page.get_by_test_id("experience-title").fill("Something else")
    page.get_by_test_id("experience-cancel").click()
    expect(page.get_by_test_id("credential-detail")).to_contain_text("Food bank helper")
    assert page.evaluate("location.hash") == hash_before
    assert _raw_credential(page) == before

    # step: an end date before the start is refused while editing, nothing saved
    page.get_by_test_id("edit-entry").click()
    page.get_by_test_id("experience-title").fill("Food bank shift lead")
    page.get_by_test_id("experience-end").fill("2024-01-31")
    page.get_by_test_id("experience-submit").click()
    expect(page.get_by_role("alert")).to_have_text("The end date is before the start date. Please check the dates.")
    expect(page.get_by_test_id("experience-end")).to_have_attribute("aria-invalid", "true")

    # step: saving re-signs the entry with the wallet key and replaces it in place
    page.get_by_test_id("experience-end").fill("2024-09-30")
    page.get_by_test_id("experience-submit").click()
    detail = page.get_by_test_id("credential-detail")
    expect(detail).to_contain_text("Food bank shift lead")
    expect(page.get_by_test_id("status")).to_contain_text("Saved “Food bank shift lead”")
    assert page.evaluate("location.hash") == hash_before
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "self_asserted")
    after = _raw_credential(page)
    assert after["id"] == before["id"]
    assert after["credentialSubject"]["achievement"]["id"] == before["credentialSubject"]["achievement"]["id"]
    assert after["name"] == "Food bank shift lead"
    assert after["credentialSubject"]["activityEndDate"] == "2024-09-30T00:00:00Z"
    assert after["proof"]["proofValue"] != before["proof"]["proofValue"]
    assert after["issuer"]["id"] == did
    proof = next(c for c in verify(json.dumps(after).encode(), VerifyOptions(fetcher=None)).checks if c.check == "proof")
    assert proof.status == "passed", proof.reason
    assert stored_count(page) == 1
    page.get_by_test_id("back").click()
    expect(page.get_by_test_id("credential-card")).to_have_count(1)
    expect(page.get_by_test_id("credential-card")).to_contain_text("Food bank shift lead")

    # step: an issued credential has no Edit, and its editor address refuses
    paste(page, issued_credential(live_server, did, "green-finance"))
    expect(page.get_by_test_id("credential-card")).to_have_count(2)
    page.get_by_test_id("credential-card").filter(has_text="Green Finance").click()
    expect(page.get_by_test_id("credential-detail")).to_contain_text("Green Finance")
    expect(page.get_by_test_id("edit-entry")).to_have_count(0)
    issued_id = page.evaluate("location.hash").split("/")[-1]
    page.evaluate("(id) => { location.hash = '#/experience/' + id }", issued_id)
    expect(page.get_by_test_id("experience-not-editable")).to_be_visible()
    expect(page.get_by_test_id("experience-submit")).to_have_count(0)

    # step: the editor speaks zh-Hans and zh-Hant
    own_id = hash_before.split("/")[-1]
    for lang, edit, title in (("zh-Hans", "编辑", "编辑你的经历"), ("zh-Hant", "編輯", "編輯你的經歷")):
        page.get_by_test_id("nav-settings").click()
        page.get_by_test_id("language").select_option(lang)
        page.evaluate("(id) => { location.hash = '#/credential/' + id }", own_id)
        expect(page.get_by_test_id("edit-entry")).to_have_text(edit)
        page.get_by_test_id("edit-entry").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        assert overflow(page)["scroll"] <= PHONE["width"], overflow(page)
    page.get_by_test_id("nav-settings").click()
    page.get_by_test_id("language").select_option("en")


def test_settings_language_switch_and_persistent_storage(live_server, page):
    create_wallet(page, live_server.url)
    page.get_by_test_id("nav-settings").click()
    expect(page.get_by_test_id("persist-status")).not_to_have_attribute("data-state", "unknown")
    if page.get_by_test_id("persist-storage").count():
        page.get_by_test_id("persist-storage").click()
        expect(page.get_by_test_id("status")).not_to_be_empty()
    page.get_by_test_id("language").select_option("zh-Hans")
    expect(page.get_by_test_id("nav-settings")).to_have_text("设置")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    page.reload()  # remembered
    expect(page.get_by_test_id("nav-home")).to_have_text("钱包")
    page.get_by_test_id("language").select_option("zh-Hant")
    expect(page.get_by_test_id("nav-settings")).to_have_text("設定")
    page.get_by_test_id("language").select_option("en")
    expect(page.get_by_test_id("nav-settings")).to_have_text("Settings")


@pytest.mark.parametrize("locale,expected", [("zh-CN", "钱包"), ("zh-TW", "錢包"), ("en-US", "Wallet")])
def test_language_comes_from_the_browser(live_server, chromium, locale, expected):
    context = chromium.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    try:
        create_wallet(page, live_server.url)
        expect(page.get_by_test_id("nav-home")).to_have_text(expected)
    finally:
        context.close()


@pytest.mark.parametrize("locale, name", [("en-GB", "Simplified Chinese"), ("zh-CN", "简体中文")])
def test_detail_names_the_credentials_language(live_server, chromium, locale, name):
    """Issue 14 walk: the detail showed the raw tag "zh-Hans"; it names the language in the
    viewer's language."""
    context = chromium.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    try:
        did = create_wallet(page, live_server.url)
        paste(page, issued_credential(live_server, did, "green-finance", "zh-Hans"))
        page.get_by_test_id("credential-card").first.click()
        expect(page.locator("[data-field=language] dd")).to_have_text(name)
    finally:
        context.close()
