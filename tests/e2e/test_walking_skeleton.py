"""Steps 1–3 of the walking skeleton in real headless Chromium against the real
server: create a wallet, import credentials (JSON and baked PNG), refuse bad
input without storing it, reopen the wallet with the network off, and queue an
import made offline until the network returns."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import wallet_did
from tests.issued import award_credential
from tests.own_vectors import ob3_png, ob3_second, plain_png

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def issued_credential_for(server, did: str) -> bytes:
    return award_credential(server, did, "green-finance", form="json").encode()


def stored_credential_count(page) -> int:
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction('credentials', 'readonly');
              const req = tx.objectStore('credentials').count();
              req.onsuccess = () => { resolve(req.result); db.close(); };
              req.onerror = () => reject(req.error);
            };
            open.onerror = () => reject(open.error);
        })"""
    )


def import_file(page, name: str, mime: str, data: bytes) -> None:
    page.get_by_test_id("import-input").set_input_files({"name": name, "mimeType": mime, "buffer": data})


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, locale="en-GB")
    page = context.new_page()
    yield context, page
    context.close()


def test_create_import_and_reopen_offline(live_server, phone, artifacts):
    context, page = phone
    sent_bodies: list[bytes] = []
    page.on("request", lambda req: sent_bodies.append(req.post_data_buffer or b""))

    # 1. Create a wallet: the DID is derived on the device (shown in Settings).
    page.goto(live_server.url + "/")
    page.get_by_test_id("create-wallet").click()
    did = wallet_did(page)
    assert re.fullmatch(r"did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+", did), did

    # 2. Import: a credential from the server's issuer to this wallet (JSON) and a baked OB 3.0 PNG.
    import_file(page, "green-finance.json", "application/json", issued_credential_for(live_server, did))
    cards = page.get_by_test_id("credential-card")
    cards.first.wait_for()
    assert "Green Finance" in cards.first.inner_text()
    import_file(page, "teamwork.png", "image/png", ob3_png())
    expect(page.get_by_test_id("credential-card")).to_have_count(2)
    assert stored_credential_count(page) == 2

    # Detail view: the verdict check by check.
    page.get_by_test_id("credential-card").filter(has_text="Green Finance").click()
    detail = page.get_by_test_id("credential-detail")
    detail.wait_for()
    assert "Satchel Demo Academy" in detail.inner_text()
    result = page.get_by_test_id("verdict-result")
    assert result.get_attribute("data-result") == "valid"
    assert "Verified" in result.inner_text()
    rows = page.get_by_test_id("check-row")
    assert rows.count() >= 3
    assert page.locator('[data-testid=check-row][data-check=proof][data-status=passed]').count() == 1
    page.screenshot(path=str(artifacts / "skeleton-detail-360.png"), full_page=True)
    page.get_by_test_id("back").click()
    page.get_by_test_id("credential-list").wait_for()

    # Bad input: each gets a clear message and nothing is stored.
    bad_inputs = [
        ("hello.json", "application/json", b'{"hello": "world"}'),
        ("broken.json", "application/json", b'{"@context": ['),
        ("plain.png", "image/png", plain_png()),
        ("huge.json", "application/json", b" " * (20 * 1024 * 1024)),
    ]
    for name, mime, data in bad_inputs:
        import_file(page, name, mime, data)
        error = page.get_by_test_id("import-error")
        error.wait_for()
        assert error.inner_text().strip(), name
        assert stored_credential_count(page) == 2, name
        page.get_by_test_id("import-input").evaluate("el => { el.value = '' }")
    assert page.get_by_test_id("credential-card").count() == 2

    # The private key never left the device.
    private_d = page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = async () => {
              const db = open.result;
              const tx = db.transaction('wallet', 'readonly');
              const req = tx.objectStore('wallet').getAll();
              req.onsuccess = async () => {
                const rows = req.result;
                const withKey = rows.find(r => r && r.privateKey) || rows[0];
                const jwk = await crypto.subtle.exportKey('jwk', withKey.privateKey);
                resolve(jwk.d);
              };
              req.onerror = () => reject(req.error);
            };
        })"""
    )
    assert private_d and not any(private_d.encode() in body for body in sent_bodies)

    # 3. Offline: the service worker and IndexedDB reopen the wallet.
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    page.get_by_test_id("home-actions").wait_for()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    page.get_by_test_id("home-actions").wait_for()
    assert wallet_did(page) == did
    assert page.get_by_test_id("credential-card").count() == 2
    page.screenshot(path=str(artifacts / "skeleton-offline-360.png"), full_page=True)

    # Offline import is queued (nothing verified or stored as a credential yet), shown as
    # waiting for the network, then verified and stored once the network returns.
    import_file(page, "again.json", "application/json", json.dumps(ob3_second()).encode())
    queued = page.get_by_test_id("queued-card")
    expect(queued).to_have_count(1)
    assert queued.get_attribute("data-state") == "waiting"
    assert "Waiting for network" in queued.inner_text()
    assert stored_credential_count(page) == 2
    page.reload()  # the queue survives a reload
    expect(page.get_by_test_id("queued-card")).to_have_count(1)
    context.set_offline(False)
    expect(page.get_by_test_id("queued-card")).to_have_count(0, timeout=15000)
    expect(page.get_by_test_id("credential-card")).to_have_count(3)
    assert stored_credential_count(page) == 3
