"""Check reasons follow the wallet's language (wallet_core/i18n merged into the PWA catalogues)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, create_wallet, issued_credential, paste

pytestmark = pytest.mark.e2e


def test_detail_view_proof_reason_is_chinese_after_switching(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        did = create_wallet(page, live_server.url)
        paste(page, issued_credential(live_server, did, "green-finance"))
        page.get_by_test_id("credential-card").first.click()
        proof = page.locator("[data-testid=check-row][data-check=proof] .check-reason")
        expect(proof).to_contain_text("signature is valid (key resolved from did:")
        expect(page.locator("[data-testid=fact][data-field=credits] dd")).to_have_text("5 credits")
        expect(page.locator("[data-testid=fact][data-field=type] dd")).to_have_text("Micro-credential")
        page.get_by_test_id("nav-settings").click()
        page.get_by_test_id("language").select_option("zh-Hans")
        expect(page.get_by_test_id("nav-settings")).to_have_text("设置")
        page.get_by_test_id("nav-home").click()
        page.get_by_test_id("credential-card").first.click()
        expect(proof).to_contain_text("签名有效（密钥由 did:")
        expect(proof).not_to_contain_text("signature is valid")
        # generated values are said in Chinese too: the unit of the credits, the achievement type
        expect(page.locator("[data-testid=fact][data-field=credits] dd")).to_have_text("5 学分")
        expect(page.locator("[data-testid=fact][data-field=type] dd")).to_have_text("微证书")
    finally:
        context.close()


def test_counts_take_the_plural_form_of_the_language(live_server, chromium):
    """Intl.PluralRules picks the catalogue form: English one/other, Chinese other."""
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        did = create_wallet(page, live_server.url)
        count = page.get_by_test_id("list-count")
        paste(page, issued_credential(live_server, did, "green-finance"))
        expect(count).to_have_text("1 credential")  # not "1 credentials"
        paste(page, issued_credential(live_server, did, "ai-foundations"))
        expect(count).to_have_text("2 credentials")
        page.get_by_test_id("nav-settings").click()
        page.get_by_test_id("language").select_option("zh-Hans")
        expect(page.get_by_test_id("nav-settings")).to_have_text("设置")
        page.get_by_test_id("nav-home").click()
        expect(count).to_have_text("共 2 个证书")
    finally:
        context.close()
