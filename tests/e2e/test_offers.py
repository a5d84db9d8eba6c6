"""Credential offers (OpenID4VCI, pre-authorised code) from the real issuer, received by
the wallet in real headless Chromium with its own key: the https app link, a pasted
openid-credential-offer:// link with a transaction code (wrong, then right), a spent
offer, an offer accepted offline and received when the network returns, and pathway
progress (online and from the IndexedDB copy offline)."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PHONE,
    axe_violations,
    create_wallet,
    overflow,
    paste,
    shot,
    stored_count,
    warm_offline,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()




def test_offer_link_is_received_verified_and_stored(live_server, console, page, artifacts):
    did = create_wallet(page, live_server.url)
    offer = console.award(did, "green-finance")

    page.goto(offer.app_link(live_server.url))
    # The issuer as its metadata names itself, said to be its own claim, and the credential's name.
    expect(page.get_by_test_id("offer-issuer")).to_have_text("Offered by Satchel Demo Academy")
    expect(page.get_by_test_id("offer-name-claimed")).to_contain_text(f"the issuer at 127.0.0.1:{live_server.port} gives itself")
    expect(page.get_by_test_id("offer-credential")).to_have_text("Credential: Open Badge")
    expect(page.get_by_test_id("offer-tx-code")).to_have_count(0)
    assert axe_violations(page) == []
    shot(artifacts, "en-offer", page)

    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")
    expect(page.get_by_test_id("credential-detail")).to_contain_text("Green Finance")
    expect(page.get_by_test_id("status")).to_contain_text("Added")
    assert stored_count(page) == 1
    # The received credential is the learner's: the holder is this wallet's DID.
    held = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('credentials').objectStore('credentials').getAll();
              req.onsuccess = () => resolve(req.result.map((r) => JSON.parse(r.credential).credentialSubject.id));
            };
        })"""
    )
    assert held == [did]

    # The same link again: the code worked once. Plain words, and the issuer's reason.
    page.goto(offer.app_link(live_server.url))
    page.get_by_test_id("offer-accept").click()
    error = page.get_by_test_id("offer-error")
    expect(error).to_contain_text("expired or has already been used")
    expect(page.get_by_test_id("offer-reason")).to_contain_text("already been used")
    assert stored_count(page) == 1


def test_console_qr_page_opens_satchel_with_the_offer_by_reference(live_server, console, page):
    """The console's QR code is an https page (a phone camera opens it); its
    "Open in Satchel" link hands the wallet the offer by reference."""
    did = create_wallet(page, live_server.url)
    offer = console.award(did, "green-finance")
    assert offer.page and offer.page.startswith(f"{live_server.url}/offer/")

    page.goto(offer.page)
    expect(page.locator("#offer-link")).to_have_attribute("href", re.compile(r"^openid-credential-offer://\?credential_offer_uri="))
    page.locator("#app-link").click()
    expect(page.get_by_test_id("offer-issuer")).to_have_text("Offered by Satchel Demo Academy")
    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")
    assert stored_count(page) == 1


def test_offer_with_a_transaction_code_wrong_then_right(live_server, console, page):
    did = create_wallet(page, live_server.url)
    offer = console.award(did, "ai-foundations", tx_code=True)
    assert offer.tx_code and len(offer.tx_code) == 6

    paste(page, offer.uri)  # pasted (or scanned) offer links open the offer screen
    code = page.get_by_test_id("offer-tx-code")
    expect(code).to_be_visible()
    expect(code).to_have_attribute("inputmode", "numeric")
    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("offer-error")).to_contain_text("Please enter the code")

    wrong = "111111" if offer.tx_code != "111111" else "222222"
    code.fill(wrong)
    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("offer-error")).to_contain_text("The code may be wrong")
    expect(page.get_by_test_id("offer-reason")).to_contain_text("tx_code is not correct")
    assert stored_count(page) == 0

    # A wrong code does not spend the offer: the right one still works.
    code.fill(offer.tx_code)
    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")
    assert stored_count(page) == 1


def test_a_link_without_an_offer_says_so(live_server, page):
    create_wallet(page, live_server.url)
    page.goto(live_server.url + "/#/offer?credential_offer=%7Bnot%20json")
    expect(page.get_by_test_id("offer-error")).to_contain_text("does not contain a credential offer")


def test_offer_accepted_offline_is_received_when_the_network_returns(live_server, console, context, page):
    did = create_wallet(page, live_server.url)
    offer = console.award(did, "cloud-computing-basics", tx_code=True)
    warm_offline(page)

    context.set_offline(True)
    page.evaluate("(h) => { location.hash = h }", "#/offer?" + offer.query)
    page.get_by_test_id("offer-tx-code").fill(offer.tx_code)
    page.get_by_test_id("offer-accept").click()
    queued = page.get_by_test_id("queued-card")
    expect(queued).to_have_count(1)
    expect(queued).to_have_attribute("data-state", "waiting")
    expect(page.get_by_test_id("status")).to_contain_text("offline")
    assert stored_count(page, "queue") == 1

    context.set_offline(False)
    expect(page.get_by_test_id("credential-card")).to_have_count(1, timeout=15000)
    expect(queued).to_have_count(0)
    assert stored_count(page, "queue") == 0
    assert stored_count(page) == 1


ISSUER_NAMED = {"en": "Offered by Satchel Demo Academy", "zh-Hans": "由 Satchel 演示学院 提供", "zh-Hant": "由 Satchel 示範學院 提供"}


@pytest.fixture
def nameless_issuer():
    """A real OpenID4VCI issuer metadata document on a loopback port whose ``display``
    gives no name (CORS open, as a wallet in the browser needs)."""
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/.well-known/openid-credential-issuer":
                self.send_error(404)
                return
            body = json.dumps(
                {
                    "credential_issuer": holder["url"],
                    "credential_endpoint": holder["url"] + "/credential",
                    "display": [{"locale": "en"}],  # an entry, but no name in it
                    "credential_configurations_supported": {"badge": {"format": "ldp_vc"}},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder["url"]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "locale,text",
    [("en-GB", "Offered by {host} (name not given)"), ("zh-CN", "由 {host}（未提供名称） 提供"), ("zh-TW", "由 {host}（未提供名稱） 提供")],
)
def test_offer_from_an_issuer_without_a_name_shows_its_host_and_says_so(live_server, chromium, nameless_issuer, locale, text):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    page = context.new_page()
    try:
        create_wallet(page, live_server.url)
        offer = {"credential_issuer": nameless_issuer, "credential_configuration_ids": ["badge"],
                 "grants": {"urn:ietf:params:oauth:grant-type:pre-authorized_code": {"pre-authorized_code": "abc"}}}
        page.goto(live_server.url + "/#/offer?credential_offer=" + quote(json.dumps(offer)))
        issuer = page.get_by_test_id("offer-issuer")
        expect(issuer).to_have_attribute("data-named", "false")
        expect(issuer).to_have_text(text.format(host=nameless_issuer.removeprefix("http://")))
        expect(page.get_by_test_id("offer-name-claimed")).to_have_count(0)
        expect(page.get_by_test_id("offer-credential")).to_have_count(0)
        assert axe_violations(page) == []
        assert overflow(page)["scroll"] <= PHONE["width"], overflow(page)
    finally:
        context.close()


@pytest.mark.parametrize("locale,lang,text", [("en-GB", "en", "1 of 3 held"), ("zh-CN", "zh-Hans", "已持有 1 / 3")])
def test_pathway_progress_after_one_of_three(live_server, console, chromium, artifacts, locale, lang, text):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True)
    page = context.new_page()
    try:
        did = create_wallet(page, live_server.url)
        offer = console.award(did, "green-finance", lang=lang)
        page.goto(offer.app_link(live_server.url))
        expect(page.get_by_test_id("offer-issuer")).to_have_text(ISSUER_NAMED[lang])
        page.get_by_test_id("offer-accept").click()
        expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")

        page.get_by_test_id("nav-pathways").click()
        pathway = page.locator('[data-testid="pathway"][data-slug="sustainable-finance"]')
        progress = pathway.get_by_test_id("pathway-progress")
        expect(progress).to_have_attribute("data-held", "1")
        expect(progress).to_have_attribute("data-total", "3")
        expect(progress).to_have_text(text)
        steps = pathway.get_by_test_id("pathway-step")
        expect(steps).to_have_count(3)
        expect(pathway.locator('[data-testid="pathway-step"][data-held="true"]')).to_have_attribute("data-slug", "green-finance")
        page.wait_for_timeout(150)
        assert axe_violations(page) == []
        shot(artifacts, f"{lang}-pathways", page)

        # Offline: the last fetched pathways come from IndexedDB.
        warm_offline(page)
        context.set_offline(True)
        page.reload()
        expect(page.get_by_test_id("pathways-cached")).to_be_visible()
        expect(progress).to_have_attribute("data-held", "1")
        # The held step opens the credential.
        pathway.locator('[data-held="true"] a').click()
        expect(page.get_by_test_id("credential-detail")).to_be_visible()
    finally:
        context.close()
