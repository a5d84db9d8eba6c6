"""Satchel's wallet (the real PWA in headless Chromium) as an OpenID4VCI 1.0 client of an
independent issuer: tests/oid4vci_interop_wallet/issuer.mjs, built on the OpenWallet
Foundation's @openid4vc/openid4vci Openid4vciIssuer, which parses the wallet's credential
requests and verifies its proof JWTs (signatures checked for real with Node's WebCrypto).

Each flow asserts the issuer's own log, step by step, so a failure names the step that broke:
metadata → token → nonce → proof (alg, binding) → credential (or deferred → pending → delivered)."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations, create_wallet, stored_count

pytestmark = pytest.mark.e2e

ISSUER = Path(__file__).resolve().parents[1] / "oid4vci_interop_wallet" / "issuer.mjs"
NODE = shutil.which("node") or "node"


class Issuer:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [NODE, str(ISSUER)], cwd=ISSUER.parents[2], stdout=subprocess.PIPE, text=True
        )
        first = json.loads(self.proc.stdout.readline())
        self.url = f"http://127.0.0.1:{first['port']}"
        self.did = first["issuerDid"]

    def get(self, path: str):
        with urllib.request.urlopen(self.url + path, timeout=10) as res:
            return json.loads(res.read())

    def offer_link(self, app_url: str, name: str) -> str:
        offer = json.dumps(self.get(f"/{name}/offer"))
        return f"{app_url}/#/offer?credential_offer={urllib.parse.quote(offer)}"

    def steps(self, name: str) -> list[str]:
        return [e["step"] for e in self.get("/log") if e["issuer"] == name]

    def details(self, name: str, step: str) -> list[str]:
        return [e["detail"] for e in self.get("/log") if e["issuer"] == name and e["step"] == step]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(5)


@pytest.fixture(scope="module")
def issuer():
    i = Issuer()
    yield i
    i.close()


@pytest.fixture
def page(chromium):
    # bypass_csp: the app's CSP allows its own origin; this issuer is another loopback port.
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True
    )
    yield context.new_page()
    context.close()


def stored_credentials(page) -> list[str]:
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('credentials').objectStore('credentials').getAll();
              req.onsuccess = () => resolve(req.result.map((r) => r.credential));
            };
        })"""
    )


def payload_of(sd_jwt: str) -> dict:
    import base64

    part = sd_jwt.split("~")[0].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def wallet_p256(page) -> dict:
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('wallet').objectStore('wallet').get('self');
              req.onsuccess = () => {
                const p = req.result.p256;
                resolve(p && { did: p.did, jwk: p.publicJwk, extractable: p.privateKey.extractable });
              };
            };
        })"""
    )


def accept(page, issuer, live_server, name: str) -> None:
    page.goto(issuer.offer_link(live_server.url, name))
    expect(page.get_by_test_id("offer-issuer")).to_contain_text(issuer.url.removeprefix("http://"))
    page.get_by_test_id("offer-accept").click()


def test_es256_only_issuer_with_jwk_binding(live_server, issuer, page):
    create_wallet(page, live_server.url)
    accept(page, issuer, live_server, "es256")
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    steps = issuer.steps("es256")
    for step in [
        "metadata served",
        "token issued",
        "nonce issued",
        "proof verified",
        "credential issued",
    ]:
        assert step in steps, f"step {step!r} missing: {steps}"
    # The proof: ES256 with the key as a JWK (no DID), signed by the wallet's P-256 key.
    assert issuer.details("es256", "proof verified") == ["ES256 jwk"]
    # Satchel's verifier checks the independent issuer's signature (its did:jwk) too.
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")
    key = wallet_p256(page)
    assert key["did"].startswith("did:key:zDn") and key["extractable"] is False
    (credential,) = stored_credentials(page)
    assert payload_of(credential)["cnf"] == {"jwk": key["jwk"]}


def test_eddsa_only_issuer_with_did_binding(live_server, issuer, page):
    did = create_wallet(page, live_server.url)
    accept(page, issuer, live_server, "eddsa")
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    steps = issuer.steps("eddsa")
    for step in [
        "metadata served",
        "token issued",
        "nonce issued",
        "proof verified",
        "credential issued",
    ]:
        assert step in steps, f"step {step!r} missing: {steps}"
    assert f"EdDSA {did}" in issuer.details("eddsa", "proof verified")
    (credential,) = stored_credentials(page)
    assert payload_of(credential)["cnf"]["kid"].split("#")[0] == did


def test_es256_only_issuer_with_did_binding_resolves_the_p256_did_key(live_server, issuer, page):
    create_wallet(page, live_server.url)
    accept(page, issuer, live_server, "es256did")
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    key = wallet_p256(page)
    # Step: the issuer resolved the wallet's did:key:zDn… to the P-256 key and checked the signature.
    assert issuer.details("es256did", "proof verified") == [f"ES256 {key['did']}"]
    (credential,) = stored_credentials(page)
    assert payload_of(credential)["cnf"]["kid"].split("#")[0] == key["did"]


def test_deferred_issuance_shows_a_pending_card_then_the_credential(
    live_server, issuer, page, artifacts
):
    create_wallet(page, live_server.url)
    accept(page, issuer, live_server, "deferred")
    # Step: the credential endpoint answered with a transaction_id → a pending card.
    card = page.locator('[data-testid="queued-card"][data-kind="deferred"]')
    expect(card).to_be_visible()
    expect(card).to_contain_text("still preparing")
    # Its name: the display name in the issuer's metadata (1.0: `credential_metadata.display`).
    expect(card).to_contain_text("Interop badge (deferred)")
    assert "credential deferred" in issuer.steps("deferred")
    assert stored_count(page) == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(artifacts / "deferred-pending-360.png"), full_page=True)
    # The pending credential is kept on the device: a reload shows it again.
    page.reload()
    expect(card).to_be_visible()
    # Steps: polled after the interval (pending once), then delivered and stored.
    expect(card).to_have_count(0, timeout=20_000)
    steps = issuer.steps("deferred")
    assert steps.index("deferred pending") < steps.index("deferred delivered"), steps
    expect(page.get_by_test_id("credential-card").first).to_be_visible()
    assert stored_count(page) == 1
    assert stored_count(page, "queue") == 0


def test_metadata_naming_another_issuer_is_refused(live_server, issuer, page):
    create_wallet(page, live_server.url)
    accept(page, issuer, live_server, "mismatch")
    expect(page.get_by_test_id("offer-error")).to_contain_text("names a different issuer")
    # Step: the metadata was read, and nothing else was asked of this issuer.
    # (read twice: for the names on the offer screen, then when the offer was accepted)
    assert issuer.steps("mismatch") == ["metadata served", "metadata served"]
    assert stored_count(page) == 0


def test_invalid_nonce_is_recovered_from_the_nonce_endpoint(live_server, issuer, page):
    create_wallet(page, live_server.url)
    accept(page, issuer, live_server, "stale")
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    steps = issuer.steps("stale")
    # Step by step: nonce → refused (invalid_nonce, no c_nonce in the error) → a new nonce → issued.
    assert steps[steps.index("nonce refused") + 1 :][:3] == [
        "nonce issued",
        "proof verified",
        "credential issued",
    ], steps
    assert stored_count(page) == 1


def test_satchels_own_issuer_step_by_step(live_server, console, page):
    """The same client against Satchel's own issuer (both forms: Data Integrity, then the
    SD-JWT VC), each request the wallet sends recorded from the browser."""
    did = create_wallet(page, live_server.url)
    sent: list[tuple[str, str, dict | None]] = []

    def record(request):
        path = urllib.parse.urlparse(request.url).path
        if "oid4vci" in path or "well-known" in path:
            body = request.post_data
            sent.append(
                (request.method, path, json.loads(body) if body and body.startswith("{") else None)
            )

    page.on("request", record)
    offer = console.award(did, "green-finance")
    page.goto(offer.app_link(live_server.url))
    page.get_by_test_id("offer-both").check()
    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("credential-detail")).to_be_visible()
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")
    steps = [(m, p) for m, p, _ in sent]
    assert ("GET", "/.well-known/openid-credential-issuer") in steps, steps  # step: metadata
    assert any(p.endswith("/token") for _, p in steps), steps  # step: token
    assert any(p.endswith("/nonce") for _, p in steps), steps  # step: nonce endpoint
    requests = [b for _, p, b in sent if p.endswith("/credential")]
    assert len(requests) >= 2, steps  # step: credential, once per form
    for body in requests:  # step: 1.0 request shape: `proofs`, never the singular `proof`
        assert "proof" not in body and len(body["proofs"]["jwt"]) == 1, body
    # Both forms are stored: the Data Integrity credential and its SD-JWT VC.
    texts = stored_credentials(page)
    assert len(texts) == 2 and any("~" in t for t in texts), texts
