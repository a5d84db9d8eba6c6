"""The first screen at 360 × 740: what matters is there without scrolling.

- The employer's share page (no JavaScript): each credential is a card, and the first
  card's title, issuer and verdict are inside the first 740 px, in en, zh-Hans and zh-Hant;
  the holder checks and the per-credential details fold below in <details>; axe-core clean
  with the folds closed and open; no horizontal scrolling.
- The learner's home screen: credentials first. The first credential card is inside the first
  740 px (en, zh-Hans, zh-Hant); the actions are one compact bar whose every control has a
  name; the wallet ID is in Settings.
- No main screen scrolls sideways at 360 px, "Choose the details to show" included (an
  unbreakable wallet ID once made it 560 px wide).
- "Your wallet ID" is not a choice: the share flow says it is always shown, and the share
  page shows exactly that wallet ID as "Presented by".
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PHONE,
    axe_violations,
    create_wallet,
    issued_credential,
    overflow,
    paste,
)
from tests.shares.helpers import Learner

pytestmark = pytest.mark.e2e

LANGS = [("en", "en-GB"), ("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW")]
SCREEN_HEIGHT = PHONE["height"]


def share_url(server, lang: str) -> str:
    """A real share: three credentials of the server's issuer in `lang`, in a presentation the learner signed."""
    learner = Learner()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        creds = [learner.credential(server, slug, lang) for slug in ("green-finance", "teacher-cpd", "ai-foundations")]
        share = learner.share(client, creds, label="Application: analyst")
    return share["url"]


def box(locator) -> dict:
    b = locator.bounding_box()
    assert b is not None, locator
    return b


@pytest.mark.parametrize("lang,locale", LANGS)
def test_share_page_first_card_is_in_the_first_screen(live_server, chromium, lang, locale):
    # bypass_csp only so that axe-core can be injected; the page itself runs no script.
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    page = context.new_page()
    try:
        response = page.goto(share_url(live_server, lang))
        assert response.status == 200
        assert page.evaluate("document.documentElement.lang") == lang
        cards = page.locator("section.cred")
        expect(cards).to_have_count(3)
        first = cards.first

        # Step "first screen": title, issuer and verdict of the first card, without scrolling.
        title, issuer, verdict = first.locator("h2"), first.locator(".by"), first.locator(".tag")
        expect(title).to_have_text("Green Finance" if lang == "en" else ("绿色金融" if lang == "zh-Hans" else "綠色金融"))
        expect(verdict).to_have_class("tag valid")
        expect(verdict).to_have_text("✓ Verified" if lang == "en" else ("✓ 已验证" if lang == "zh-Hans" else "✓ 已驗證"))
        card = box(first)
        for part in (title, issuer, verdict):
            b = box(part)
            assert b["y"] >= 0 and b["y"] + b["height"] <= SCREEN_HEIGHT, (lang, part, b)
            # the verdict is ON the card, not in a table somewhere else
            assert card["y"] <= b["y"] and b["y"] + b["height"] <= card["y"] + card["height"], (lang, part, b, card)
        assert "Satchel" in issuer.inner_text()  # the issuer's name, in the credential's language
        # Key micro-credential fields are on the card, open; the rest is folded.
        expect(first.locator("dl.key")).to_contain_text("5")
        details = first.locator("details.more")
        expect(details).to_have_count(1)
        assert details.get_attribute("open") is None
        expect(first.locator("details.more table")).not_to_be_visible()
        holder = page.locator("details#holder")
        expect(holder.locator("summary")).to_be_visible()
        expect(holder.locator("table")).not_to_be_visible()

        # Step "layout": no horizontal scrolling, and accessible with the folds closed.
        m = overflow(page)
        assert m["scroll"] <= m["width"] == PHONE["width"], (lang, m)
        assert axe_violations(page) == [], (lang, "folded")

        # Step "unfold": one tap on a summary shows the checks (no JavaScript needed).
        first.locator("summary").click()
        expect(first.locator("details.more table")).to_be_visible()
        expect(first.locator("details.more table")).to_contain_text("passed" if lang == "en" else "通过" if lang == "zh-Hans" else "通過")
        holder.locator("summary").click()
        expect(holder.locator("code")).to_be_visible()
        m = overflow(page)
        assert m["scroll"] <= m["width"], (lang, "unfolded", m)
        assert axe_violations(page) == [], (lang, "unfolded")

        # Step "print": a printed report carries every check, folds or not.
        page.reload()
        page.emulate_media(media="print")
        expect(page.locator("section.cred table").first).to_be_visible()
        expect(page.locator("details#holder table")).to_be_visible()
    finally:
        context.close()


def fill_wallet(page, server, did: str, lang: str) -> None:
    page.evaluate("() => { location.hash = '#/' }")
    cards = page.get_by_test_id("credential-card")
    expect(page.get_by_test_id("home-actions")).to_be_visible()
    for slug in ["ai-foundations", "green-finance", "teacher-cpd"]:
        n = cards.count()
        paste(page, issued_credential(server, did, slug, lang))
        expect(cards).to_have_count(n + 1)
    page.get_by_test_id("paste-open").click()  # close the paste box
    expect(page.get_by_test_id("paste-text")).to_be_hidden()


@pytest.mark.parametrize("lang,locale", LANGS)
def test_home_first_credential_is_in_the_first_screen(live_server, chromium, lang, locale):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    page = context.new_page()
    try:
        did = create_wallet(page, live_server.url)
        fill_wallet(page, live_server, did, lang)
        page.reload()  # a fresh visit: what the learner sees on opening the app
        card = page.get_by_test_id("credential-card").first
        expect(card).to_be_visible()

        # Step "first screen": the whole first card, title to verdict, without scrolling.
        b = box(card)
        assert b["y"] + b["height"] <= SCREEN_HEIGHT, (lang, b)
        for part in (card.locator(".card-title"), card.locator(".badge")):
            pb = box(part)
            assert pb["y"] + pb["height"] <= SCREEN_HEIGHT, (lang, part, pb)

        # Step "action bar": every action is there, in one compact bar above the list, named.
        bar = page.get_by_test_id("home-actions")
        for testid in ["scan-open", "paste-open", "add-experience", "share-open", "shares-open", "verify-open"]:
            expect(bar.get_by_test_id(testid)).to_be_visible()
        names = bar.locator("a, button, label").evaluate_all(
            "(els) => els.map((e) => e.textContent.trim())")
        assert len(names) == 7 and all(names), names
        bb = box(bar)
        assert bb["height"] <= 170, (lang, bb)  # two rows of icons at most
        assert bb["y"] + bb["height"] <= b["y"], "the bar is above the list"
        expect(page.get_by_test_id("wallet-did")).to_have_count(0)  # not on home
        assert axe_violations(page) == [], lang

        # Step "wallet ID": one tap away, in Settings, with a copy button.
        page.get_by_test_id("nav-settings").click()
        expect(page.get_by_test_id("wallet-did")).to_have_text(did)
        assert axe_violations(page) == [], lang
    finally:
        context.close()


@pytest.mark.parametrize("lang,locale", LANGS[:2])
def test_no_screen_is_wider_than_360_and_the_wallet_id_is_always_shown(live_server, console, chromium, lang, locale):
    from tests.e2e.test_share import receive_both_forms, sd_jwt_ids

    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    page = context.new_page()
    employer = chromium.new_context(viewport=PHONE, locale=locale, java_script_enabled=False)
    try:
        did = create_wallet(page, live_server.url)
        receive_both_forms(page, live_server.url, console, did, lang=lang)  # an OB 3.0 and its SD-JWT VC
        [sd_id] = sd_jwt_ids(page)
        fill_wallet(page, live_server, did, lang)

        def narrow(where: str) -> None:
            page.wait_for_timeout(100)
            m = overflow(page)
            assert m["scroll"] <= PHONE["width"] and m["scroll"] <= m["width"], (lang, where, m)

        for hash_, testid in [("#/", "credential-list"), ("#/passport", "passport"), ("#/pathways", "pathway"),
                              ("#/settings", "settings"), ("#/experience", "experience"), ("#/shares", "my-shares"),
                              ("#/verify", "verifier")]:
            page.evaluate("(h) => { location.hash = h }", hash_)
            expect(page.get_by_test_id(testid).first).to_be_visible()
            narrow(hash_)
        page.evaluate("() => { location.hash = '#/' }")
        page.get_by_test_id("paste-open").click()
        narrow("home, paste open")
        page.get_by_test_id("credential-card").first.click()
        expect(page.get_by_test_id("credential-detail")).to_be_visible()
        narrow("detail")

        # Share: pick, then "Choose the details to show" (the SD-JWT's fields), then the preview.
        page.evaluate("() => { location.hash = '#/share' }")
        expect(page.get_by_test_id("share")).to_have_attribute("data-step", "pick")
        narrow("share: pick")
        page.locator(f'[data-testid="share-pick"][data-id="{sd_id}"]').check()
        page.get_by_test_id("share-next").click()
        expect(page.get_by_test_id("share")).to_have_attribute("data-step", "fields")
        narrow("share: choose the details to show")
        fieldset = box(page.get_by_test_id("share-fields"))
        assert fieldset["x"] + fieldset["width"] <= PHONE["width"], fieldset
        # The wallet ID is not offered as a choice; the screen says it is always shown, and why.
        paths = page.get_by_test_id("share-field").evaluate_all("(els) => els.map((e) => e.dataset.path)")
        assert paths and "sub" not in paths, paths
        expect(page.get_by_test_id("share-holder-did")).to_have_text(did)
        page.locator('[data-testid="share-field"][data-path="achievement.credits"]').check()
        page.get_by_test_id("share-to-preview").click()
        expect(page.get_by_test_id("share")).to_have_attribute("data-step", "preview")
        narrow("share: preview")
        expect(page.get_by_test_id("share-holder-did")).to_have_text(did)
        hidden = page.get_by_test_id("preview-hidden").inner_text()
        wallet_id_label = {"en": "Your wallet ID", "zh-Hans": "你的钱包标识"}[lang]
        assert wallet_id_label not in hidden, hidden  # never "not shared" for what is shown
        assert axe_violations(page) == [], lang
        page.get_by_test_id("share-create").click()
        url = page.get_by_test_id("share-url").inner_text().strip()
        narrow("share: link")

        # The employer's page agrees with the preview: presented by exactly this wallet ID.
        emp = employer.new_page()
        assert emp.goto(url).status == 200
        holder = emp.locator("details#holder")
        holder.locator("summary").click()
        expect(holder.locator("dd code")).to_have_text(did)
    finally:
        employer.close()
        context.close()
