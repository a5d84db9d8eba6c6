"""The employer's journey end to end with Satchel on both sides: an employer asks
for a credential through Satchel's OpenID4VP verifier (the HR API), the learner's
Satchel wallet opens the same-device link in Chromium, shows what is asked and
answers; the employer's result then says "verified" with the disclosed fields.
(The independent implementations are the oracles in tests/oid4vp_interop_*;
this is the product's own path.)"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, create_wallet
from tests.e2e.test_share import receive_both_forms

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB")  # the app's own CSP
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("formats", "answered_as"),
    [
        ([], "credential"),  # dc+sd-jwt
        (["ldp_vc"], "credential"),  # a Data Integrity VP over the Open Badges 3.0 credential
        (["ldp_vc", "jwt_vc_json"], "ldp_vc"),  # any of two: the wallet has the ldp_vc one
    ],
)
def test_a_learner_answers_an_employers_request_with_satchel(live_server, console, page, formats, answered_as):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did, "green-finance")

    # Step 1: the employer's HR system asks for the achievement's name in these formats.
    made = httpx.post(f"{live_server.url}/api/v1/verifier/requests", json={"fields": ["name"], "formats": formats}, timeout=20)
    assert made.status_code == 201, made.text
    made = made.json()

    # Step 2: the learner opens the same-device link in the wallet.
    query = urlsplit(made["links"]["same_device"]).query
    page.goto(f"{live_server.url}/#/present?{query}")
    expect(page.get_by_test_id("present-send"), "wallet: the request is understood").to_be_visible()

    # Step 3: the learner shares; the wallet posts to Satchel's response_uri.
    page.get_by_test_id("present-send").click()
    page.locator('[data-testid="present-done"], [data-testid="present-error"]').first.wait_for()
    expect(page.get_by_test_id("present-done"), "wallet: the verifier accepted").to_be_visible()

    # Step 4: the employer reads the result: verified, with the disclosed name.
    r = httpx.get(made["result_url"], headers={"Authorization": f"Bearer {made['secret']}"}, timeout=20)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["result"]["result"] == "verified", answer
    assert "Green Finance" in str(answer["result"]), answer
    assert [c["query_id"] for c in answer["result"]["credentials"]] == [answered_as]
    expected = {"ldp_vc": "ldp-vp"}.get(formats[0] if formats else "", "sd-jwt-kb")
    assert answer["result"]["credentials"][0]["verdict"]["format"] == expected
