"""Satchel's wallet as an OpenID4VP 1.0 holder, against an independent verifier built on the
OpenWallet Foundation's @openid4vc/openid4vp with the dcql package and @sd-jwt/sd-jwt-vc
(verifier.mjs). The learner receives an SD-JWT VC from the real issuer (OpenID4VCI) in real
headless Chromium; the verifier makes a request by value (client identifier prefix
redirect_uri, response_mode direct_post, a DCQL query); the learner opens it, sees who asks
and exactly which claims, shares; the verifier checks everything and its verdict is asserted.
Each protocol step is named in the assertion messages."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations, create_wallet, paste
from tests.e2e.test_share import receive_both_forms, sd_jwt_ids

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(chromium):
    # The verifier's TLS certificate is self-signed for 127.0.0.1: this context accepts it.
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True, ignore_https_errors=True)
    yield context.new_page()
    context.close()


def stored_text(page, record_id: str) -> str:
    return page.evaluate(
        """(id) => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('credentials').objectStore('credentials').get(id);
              req.onsuccess = () => resolve(req.result.credential);
            };
        })""",
        record_id,
    )


def jwt_payload(sd_jwt: str) -> dict:
    part = sd_jwt.split("~")[0].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def wait_result(vp_verifier, request_id: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        result = vp_verifier.result(request_id)
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("direct_post: the verifier never received a response")


def test_sd_jwt_by_value_redirect_uri_direct_post(live_server, console, vp_verifier, page, artifacts):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did)
    [sd_id] = sd_jwt_ids(page)
    vct = jwt_payload(stored_text(page, sd_id))["vct"]

    # Step 1: the independent verifier creates the request (by value, redirect_uri, direct_post, DCQL).
    dcql = {
        "credentials": [
            {
                "id": "badge",
                "format": "dc+sd-jwt",
                "meta": {"vct_values": [vct]},
                "claims": [{"path": ["achievement", "name"]}, {"path": ["achievement", "credits"]}],
            }
        ]
    }
    req = vp_verifier.request(dcql)
    assert req["uri"].startswith("openid4vp://"), "request: the library makes an openid4vp:// link"
    verifier_host = urlsplit(req["payload"]["response_uri"]).netloc

    # Step 2: the learner pastes the openid4vp:// link (what the scanner reads from a QR code).
    page.goto(live_server.url + "/")
    paste(page, req["uri"])
    card = page.get_by_test_id("present-verifier")
    expect(card, "request: the wallet shows the verifier").to_contain_text(verifier_host)
    expect(card).to_contain_text("Interop Test Verifier")
    expect(card).to_have_attribute("data-prefix", "redirect_uri")
    expect(page.get_by_test_id("present-proves"), "client id: redirect_uri proves nothing but the destination").to_contain_text(
        "Not verified"
    )
    # Step 3: DCQL evaluated against the wallet: the one SD-JWT VC, exactly the two claims asked.
    query = page.get_by_test_id("present-query")
    expect(query, "dcql: one credential query").to_have_count(1)
    expect(query.get_by_test_id("present-candidate-only"), "dcql: the SD-JWT VC matches").to_have_attribute("data-record", sd_id)
    claims = query.get_by_test_id("present-claim")
    expect(claims, "dcql: exactly the requested claims are shown").to_have_count(2)
    assert [claims.nth(i).get_attribute("data-path") for i in range(2)] == ["achievement.name", "achievement.credits"]
    page.wait_for_timeout(150)
    assert axe_violations(page) == [], "request screen: axe"
    screens = artifacts / "screens"
    screens.mkdir(exist_ok=True)
    page.screenshot(path=str(screens / "en-present-request-360.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, "request screen fits 360 px"

    # Step 4: the learner shares; the wallet posts vp_token to response_uri (direct_post).
    page.get_by_test_id("present-send").click()
    expect(page.get_by_test_id("present-done"), "direct_post: the verifier accepted the response").to_have_attribute(
        "data-declined", "false"
    )

    # Step 5: the independent verifier's verdict.
    result = wait_result(vp_verifier, req["id"])
    assert result["verified"], f"verifier: {result.get('error')} (steps passed: {list(result['steps'])})"
    steps = result["steps"]
    assert "response: parsed and validated (state, vp_token shape) by @openid4vc/openid4vp" in steps
    assert "badge[0]: issuer signature, disclosures, key binding signature, sd_hash, nonce" in steps
    assert "badge[0]: key binding aud is the client_id" in steps
    assert "dcql: presentations satisfy the query" in steps
    disclosed = result["claims"]["badge[0]"]
    assert disclosed["achievement"]["credits"], "disclosure: credits were shared"
    assert "description" not in disclosed["achievement"], "disclosure: nothing beyond the query (description withheld)"
    assert "sub" not in disclosed, "disclosure: the learner's DID was not asked and not shared"
    assert disclosed["cnf"]["jwk"]["kty"] == "OKP"


def test_declined_request_tells_the_verifier_and_shares_nothing(live_server, console, vp_verifier, page):
    create_wallet(page, live_server.url)
    dcql = {"credentials": [{"id": "any", "format": "dc+sd-jwt", "claims": [{"path": ["achievement", "name"]}]}]}
    req = vp_verifier.request(dcql)
    page.goto(live_server.url + "/#/present?" + req["uri"].split("?", 1)[1])
    expect(page.get_by_test_id("present-nomatch"), "dcql: an empty wallet matches nothing").to_be_visible()
    expect(page.get_by_test_id("present-send")).to_have_count(0)
    page.get_by_test_id("present-decline").click()
    expect(page.get_by_test_id("present-done")).to_have_attribute("data-declined", "true")
    result = wait_result(vp_verifier, req["id"])
    assert not result["verified"]
    assert result["error"] == "access_denied", "error response: the verifier was told access_denied"
    assert result["state_matches"], "error response: the request's state came back"
