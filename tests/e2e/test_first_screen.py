"""The first screen at 360 × 740: what matters is there without scrolling.

- The employer's share page (no JavaScript): each credential is a card, and the first
  card's title, issuer and verdict are inside the first 740 px, in en, zh-Hans and zh-Hant;
  the holder checks and the per-credential details fold below in <details>; axe-core clean
  with the folds closed and open; no horizontal scrolling.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations
from tests.shares.helpers import Learner

pytestmark = pytest.mark.e2e

LANGS = [("en", "en-GB"), ("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW")]
SCREEN_HEIGHT = PHONE["height"]
WIDTH = "() => ({scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth})"


def share_url(server_url: str, lang: str) -> str:
    """A real share: three demo credentials in `lang`, in a presentation the learner signed."""
    learner = Learner()
    with httpx.Client(base_url=server_url, timeout=30) as client:
        creds = [learner.demo_credential(client, slug, lang) for slug in ("green-finance", "teacher-cpd", "ai-foundations")]
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
        response = page.goto(share_url(live_server.url, lang))
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
        m = page.evaluate(WIDTH)
        assert m["scroll"] <= m["width"] == PHONE["width"], (lang, m)
        assert axe_violations(page) == [], (lang, "folded")

        # Step "unfold": one tap on a summary shows the checks (no JavaScript needed).
        first.locator("summary").click()
        expect(first.locator("details.more table")).to_be_visible()
        expect(first.locator("details.more table")).to_contain_text("passed" if lang == "en" else "通过" if lang == "zh-Hans" else "通過")
        holder.locator("summary").click()
        expect(holder.locator("code")).to_be_visible()
        m = page.evaluate(WIDTH)
        assert m["scroll"] <= m["width"], (lang, "unfolded", m)
        assert axe_violations(page) == [], (lang, "unfolded")
    finally:
        context.close()
