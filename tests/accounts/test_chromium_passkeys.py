"""Passkeys end to end in real Chromium with the CDP virtual authenticator
(CTAP2, internal transport, resident keys, user verification, PRF): register,
sign in, encrypted backup and restore in a fresh browser context, two
contexts syncing a concurrent change, a second passkey, removing one.

The calls run in a small test page served (by Playwright) at the app's own
origin http://localhost:PORT, so the browser and the server check origin and
RP ID for real; the PWA's own screens come later."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from tests.accounts.live import AccountServer
from tests.e2e.helpers import add_prf_authenticator, webauthn_session

PAGE = (Path(__file__).parent / "passkey_test_page.html").read_text()
RECOVERY_CODE = "7KQM-2HXT-9VWD-4RJP-C8NE"
WALLET = {
    "did": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    "credentials": [{"id": "urn:uuid:1", "name": "Green finance"}, {"id": "urn:uuid:2", "name": "AI foundations"}],
}


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    server = AccountServer(data)
    yield server
    server.stop()


class Browser:
    """One browser profile (context) with a page on the app origin and a virtual authenticator."""

    def __init__(self, chromium, server: AccountServer) -> None:
        self.context = chromium.new_context()
        self.page = self.context.new_page()
        url = server.public_url + "/passkey-test"
        self.page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=PAGE))
        self.page.goto(url)
        self.cdp = webauthn_session(self.context, self.page)
        self.authenticator, self.prf = add_prf_authenticator(self.cdp)

    def credentials(self) -> list[dict]:
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.authenticator})["credentials"]

    def close(self) -> None:
        self.context.close()


def test_passkeys_backup_restore_and_sync_in_chromium(chromium, server):
    prf_salt = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    phone = Browser(chromium, server)
    try:
        # 1. Register: a discoverable, user-verified passkey; PRF when the authenticator has it.
        registered = phone.page.evaluate("salt => satchel.register(salt)", prf_salt)
        assert registered["status"] == 201, registered
        assert registered["options"]["rp"]["id"] == "localhost"
        account_id = registered["body"]["id"]
        stored = phone.credentials()
        assert len(stored) == 1 and stored[0]["isResidentCredential"] is True and stored[0]["rpId"] == "localhost"
        cookie = next(c for c in phone.context.cookies() if c["name"] == "satchel_session")
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
        if phone.prf:
            assert registered["prf"]["enabled"] is True

        # 2. Sign out, sign in again with no user name (discoverable credential).
        assert phone.page.evaluate("() => satchel.api('POST', '/api/v1/account/signout')")["status"] == 204
        assert phone.page.evaluate("() => satchel.api('GET', '/api/v1/account')")["status"] == 401
        signed = phone.page.evaluate("salt => satchel.signIn(salt)", prf_salt)
        assert signed["status"] == 200 and signed["body"]["id"] == account_id, signed
        assert signed["options"]["allowCredentials"] == []
        prf_first = signed["prf"]["first"]
        if phone.prf:
            assert prf_first and len(base64.urlsafe_b64decode(prf_first + "==")) == 32
            again = phone.page.evaluate("salt => satchel.signIn(salt)", prf_salt)
            assert again["prf"]["first"] == prf_first  # same passkey + same salt = same key

        # 3. Encrypted backup from the phone (recovery-code slot, and PRF slot when available).
        saved = phone.page.evaluate(
            "([w, code, prf]) => satchel.backup(w, code, prf, 0)", [WALLET, RECOVERY_CODE, prf_first]
        )
        assert saved["status"] == 200 and saved["body"]["version"] == 1, saved
        if phone.prf:
            # The phone loses its local data (reload: nothing in memory), signs in with the
            # passkey and restores from the PRF slot alone, no recovery code typed.
            phone.page.reload()
            fresh = phone.page.evaluate("salt => satchel.signIn(salt)", prf_salt)
            by_prf = phone.page.evaluate("prf => satchel.restore(null, prf)", fresh["prf"]["first"])
            assert by_prf["prf"] == WALLET and "recovery-code" not in by_prf

        # 4. A new phone: a fresh browser profile whose authenticator holds the same
        #    passkey (as a passkey provider would sync it). Sign in and restore.
        new_phone = Browser(chromium, server)
        try:
            credential = phone.credentials()[0]
            new_phone.cdp.send(
                "WebAuthn.addCredential", {"authenticatorId": new_phone.authenticator, "credential": credential}
            )
            assert new_phone.page.evaluate("() => satchel.api('GET', '/api/v1/backup')")["status"] == 401
            on_new = new_phone.page.evaluate("salt => satchel.signIn(salt)", prf_salt)
            assert on_new["status"] == 200 and on_new["body"]["id"] == account_id, on_new
            restored = new_phone.page.evaluate(
                "([code, prf]) => satchel.restore(code, prf)", [RECOVERY_CODE, on_new["prf"]["first"]]
            )
            assert restored["version"] == 1
            assert restored["recovery-code"] == WALLET  # same DID, every credential
            # A passkey copied through CDP does not carry its PRF secret, so here only the
            # recovery code restores; a passkey provider that syncs the passkey syncs it.
            if on_new["prf"]["first"] == prf_first:
                assert restored["prf"] == WALLET
            wrong = new_phone.page.evaluate("() => satchel.restore('7KQM-2HXT-9VWD-4RJP-XXXX', null)")
            assert wrong["recovery-code"] == {"error": "OperationError"}  # AES-GCM refuses: wrong code

            # 5. Two signed-in contexts edit the same item concurrently: one conflict, no overwrite.
            def push(browser: Browser, item: dict) -> dict:
                return browser.page.evaluate("item => satchel.api('POST', '/api/v1/sync', {items: [item]})", item)

            assert push(phone, {"id": "settings", "base_version": 0, "ciphertext": "AQID"})["status"] == 200
            a = push(phone, {"id": "settings", "base_version": 1, "ciphertext": "BAUG"})["body"]["results"][0]
            b = push(new_phone, {"id": "settings", "base_version": 1, "ciphertext": "BwgJ"})["body"]["results"][0]
            assert a["status"] == "accepted" and b["status"] == "conflict"
            assert b["current"]["ciphertext"] == "BAUG" and b["current"]["version"] == 2
            assert push(new_phone, {"id": "settings", "base_version": 2, "deleted": True})["status"] == 200
            seen = phone.page.evaluate("() => satchel.api('GET', '/api/v1/sync?since=0')")["body"]["items"]
            assert [(i["id"], i["version"], i["deleted"]) for i in seen] == [("settings", 3, True)]

            # 6. A second passkey (a security key) added from the phone; then sign in with it.
            phone.cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": phone.authenticator})
            phone.authenticator, phone.prf = add_prf_authenticator(phone.cdp, phone.prf)
            added = phone.page.evaluate("name => satchel.addPasskey(name)", "Security key")
            assert added["status"] == 201, added
            assert [c["id"] for c in added["options"]["excludeCredentials"]] == [registered["body"]["passkeys"][0]["id"]]
            assert phone.page.evaluate("() => satchel.api('POST', '/api/v1/account/signout')")["status"] == 204
            with_key = phone.page.evaluate("() => satchel.signIn(null)")
            assert with_key["status"] == 200 and with_key["body"]["id"] == account_id
            assert [p["name"] for p in with_key["body"]["passkeys"]] == ["Virtual phone", "Security key"]

            # 7. Remove the first passkey: the new phone's session (signed in with it) ends;
            #    the last passkey cannot be removed.
            first_id = registered["body"]["passkeys"][0]["id"]
            removed = phone.page.evaluate("id => satchel.api('DELETE', '/api/v1/account/passkeys/' + id)", first_id)
            assert removed["status"] == 204
            assert new_phone.page.evaluate("() => satchel.api('GET', '/api/v1/account')")["status"] == 401
            last = phone.page.evaluate("id => satchel.api('DELETE', '/api/v1/account/passkeys/' + id)", added["body"]["id"])
            assert last["status"] == 409 and last["body"]["error"] == "last_passkey"
        finally:
            new_phone.close()
    finally:
        phone.close()
