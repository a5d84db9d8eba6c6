"""Account, encrypted backup, restore and sync through the wallet's own screens, in real
Chromium with the CDP virtual authenticator (CTAP2, internal, resident keys, user
verification, PRF where this Chromium has it), against a real server whose public URL is
http://localhost:PORT (browsers refuse an IP address as a WebAuthn RP ID)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO, LiveServer, free_port
from tests.e2e.helpers import (
    PHONE,
    add_prf_authenticator,
    axe_violations,
    issued_credential,
    paste,
    stored_count,
    wallet_did,
    webauthn_session,
)

pytestmark = pytest.mark.e2e

MARKER = "Peer tutor QX7-marker"  # typed only into the wallet: must never reach the server in the clear
SHOTS = REPO / "test-artifacts" / "screens"


class PasskeyServer(LiveServer):
    """The demo issuer on http://localhost:PORT (WebAuthn RP ID "localhost")."""

    def __init__(self, data_dir: Path) -> None:  # not super().__init__: the public URL needs the port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.public_url = f"http://localhost:{self.port}"
        self.data_dir = data_dir
        args = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port), "--data-dir", str(data_dir)]
        args += ["--log-level", "warning", "--public-url", self.public_url]
        self.log = open(data_dir.parent / f"server-{self.port}.log", "wb")  # noqa: SIM115 (closed by stop())
        self.proc = subprocess.Popen(args, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("passkeys") / "data"
    data.mkdir()
    s = PasskeyServer(data)
    yield s
    s.stop()


class Phone:
    """One browser profile at 360 px with a virtual authenticator."""

    def __init__(self, chromium, server: PasskeyServer, locale: str = "en-GB") -> None:
        self.server = server
        self.context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale, bypass_csp=True, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.goto(server.public_url + "/api/v1/health")
        self.cdp = webauthn_session(self.context, self.page)
        self.authenticator, self.prf = add_prf_authenticator(self.cdp)

    def new_authenticator(self) -> None:
        self.cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": self.authenticator})
        self.authenticator, self.prf = add_prf_authenticator(self.cdp, self.prf)

    def credentials(self) -> list[dict]:
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.authenticator})["credentials"]

    def give(self, credential: dict) -> None:
        self.cdp.send("WebAuthn.addCredential", {"authenticatorId": self.authenticator, "credential": credential})

    def open(self, hash_: str = "#/") -> None:
        self.page.goto(self.server.public_url + "/" + hash_)

    def go(self, hash_: str, testid: str) -> None:
        self.page.evaluate("(h) => { location.hash = h }", hash_)
        expect(self.page.get_by_test_id(testid)).to_be_visible()

    def did(self) -> str:
        self.go("#/settings", "wallet-did")
        return self.page.get_by_test_id("wallet-did").inner_text().strip()

    def names(self) -> list[str]:
        """Every credential's name as stored, sorted (read straight from IndexedDB)."""
        return sorted(self.page.evaluate(
            """() => new Promise((resolve, reject) => {
                const open = indexedDB.open('satchel');
                open.onsuccess = () => {
                  const req = open.result.transaction('credentials').objectStore('credentials').getAll();
                  req.onsuccess = () => { resolve(req.result.map(r => r.verdict.display.name)); open.result.close(); };
                  req.onerror = () => reject(req.error);
                };
            })"""
        ))

    def close(self) -> None:
        self.context.close()


def shot(page, name: str, docs: bool = False) -> None:
    page.wait_for_timeout(150)
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Screens picked for docs/img are named pwa-*.png here and copied there by hand:
    # a test run never changes the repository.
    page.screenshot(path=str(SHOTS / (f"pwa-{name}-360.png" if docs else f"{name}-360.png")), full_page=True)


def new_wallet(phone: Phone, slugs: list[str]) -> str:
    phone.open()
    phone.page.get_by_test_id("create-wallet").click()
    phone.page.get_by_test_id("home-actions").wait_for()
    did = wallet_did(phone.page)
    for i, slug in enumerate(slugs):
        paste(phone.page, issued_credential(phone.server, did, slug))
        expect(phone.page.get_by_test_id("credential-card")).to_have_count(i + 1)
    return did


def add_experience(phone: Phone, title: str) -> None:
    phone.go("#/experience", "experience")
    phone.page.get_by_test_id("experience-title").fill(title)
    phone.page.get_by_test_id("experience-submit").click()
    expect(phone.page.get_by_test_id("credential-detail")).to_be_visible()


def read_code(phone: Phone) -> str:
    code = phone.page.get_by_test_id("backup-code").inner_text().strip()
    assert re.fullmatch(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", code), code
    expect(phone.page.get_by_test_id("backup-code-done")).to_be_disabled()
    phone.page.get_by_test_id("backup-code-confirm").check()
    phone.page.get_by_test_id("backup-code-done").click()
    expect(phone.page.get_by_test_id("backup-code")).to_have_count(0)
    return code


def sync_now(phone: Phone) -> None:
    phone.go("#/account", "account")
    phone.page.get_by_test_id("backup-now").click()
    expect(phone.page.get_by_test_id("account-error")).to_have_count(0)
    expect(phone.page.get_by_test_id("backup-now")).to_be_enabled()


def fresh_restore_screen(phone: Phone) -> None:
    phone.open()
    phone.page.get_by_test_id("restore-open").click()
    expect(phone.page.get_by_test_id("restore")).to_be_visible()


def local_d(phone: Phone) -> str:
    return phone.page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('wallet').objectStore('wallet').get('self');
              req.onsuccess = async () => resolve((await crypto.subtle.exportKey('jwk', req.result.privateKey)).d);
            };
        })"""
    )


def test_account_backup_restore_sync_and_passkeys(chromium, server):
    a = Phone(chromium, server)
    others: list[Phone] = []
    try:
        did = new_wallet(a, ["green-finance", "ai-foundations"])
        add_experience(a, MARKER)
        d = local_d(a)

        # Account from Settings: a discoverable, user-verified passkey (PRF asked for).
        a.go("#/settings", "settings")
        expect(a.page.get_by_test_id("backup-summary")).to_be_visible()
        a.page.get_by_test_id("account-open").click()
        expect(a.page.get_by_test_id("account-create")).to_be_visible()
        shot(a.page, "en-account-signed-out", docs=True)
        a.page.get_by_test_id("account-create").click()
        expect(a.page.get_by_test_id("account-passkey")).to_have_count(1)
        (pk1,) = a.credentials()
        assert pk1["isResidentCredential"] is True and pk1["rpId"] == "localhost"

        # Backup: the recovery code is shown once, until confirmed.
        a.page.get_by_test_id("backup-setup").click()
        expect(a.page.get_by_test_id("backup-code")).to_be_visible(timeout=20000)
        shot(a.page, "en-backup-code", docs=True)
        code = read_code(a)
        expect(a.page.get_by_test_id("backup-last")).to_be_visible(timeout=20000)
        shot(a.page, "en-account-signed-in")
        a.go("#/settings", "settings")
        expect(a.page.get_by_test_id("backup-summary")).to_contain_text(re.compile(r"\d"))

        # PRF: sign in again on phone A (the passkey gives its PRF output), lose the local data,
        # restore with the passkey alone. (Copies of a passkey made over CDP carry no PRF secret,
        # and the server wants signature counters to increase: A uses pk1 before any copy does.)
        if a.prf:
            a.go("#/account", "account")
            a.page.get_by_test_id("account-signout").click()
            a.page.get_by_test_id("account-signin").click()
            expect(a.page.get_by_test_id("backup-last")).to_be_visible()
            expect(a.page.get_by_text("Opens with your passkey")).to_be_visible(timeout=20000)
            names = a.names()
            a.page.goto(server.public_url + "/api/v1/health")
            a.page.evaluate("() => new Promise((r) => { const q = indexedDB.deleteDatabase('satchel'); q.onsuccess = q.onerror = q.onblocked = r; })")
            fresh_restore_screen(a)
            a.page.get_by_test_id("restore-signin").click()
            expect(a.page.get_by_test_id("home-actions")).to_be_visible(timeout=20000)
            assert wallet_did(a.page) == did
            assert a.names() == names

            assert local_d(a) == d

        # A new phone: the same passkey (as a passkey provider would sync it).
        b = Phone(chromium, server)
        others.append(b)
        b.give(a.credentials()[0])  # the latest signature counter
        fresh_restore_screen(b)
        shot(b.page, "en-restore")
        b.page.get_by_test_id("restore-signin").click()
        code_box = b.page.get_by_test_id("restore-code")
        restored_by_prf = b.page.get_by_test_id("home-actions")
        expect(code_box.or_(restored_by_prf)).to_be_visible(timeout=20000)
        if code_box.is_visible():  # a passkey copied over CDP does not carry its PRF secret
            code_box.fill("7KQM-2HXT-9VWD-4RJP-C8NE-ABCD-EFGH")  # well-formed, wrong
            b.page.get_by_test_id("restore-submit").click()
            expect(b.page.get_by_test_id("restore-error")).to_contain_text("does not open", timeout=20000)
            assert stored_count(b.page, "wallet") == 0 and stored_count(b.page, "credentials") == 0
            code_box.fill(code.lower().replace("-", " "))
            b.page.get_by_test_id("restore-submit").click()
        expect(b.page.get_by_test_id("home-actions")).to_be_visible(timeout=20000)
        assert wallet_did(b.page) == did
        assert b.names() == a.names() and len(b.names()) == 3
        assert local_d(b) == d

        # Both phones signed in to one account: different changes on each converge.
        add_experience(a, "Made on phone A")
        add_experience(b, "Made on phone B")
        b.go("#/", "credential-list")
        b.page.get_by_test_id("credential-card").filter(has_text="Green finance").first.click()
        b.page.get_by_test_id("delete-credential").click()
        b.page.get_by_test_id("confirm-delete").click()
        expect(b.page.get_by_test_id("credential-card")).to_have_count(3)
        for phone in (a, b, a):
            sync_now(phone)
        expected = sorted([MARKER, "AI foundations", "Made on phone A", "Made on phone B"])
        assert [n for n in a.names()] == [n for n in b.names()]
        assert all(any(e.lower() in n.lower() for n in a.names()) for e in expected), a.names()
        assert not any("green finance" in n.lower() for n in a.names())

        # A tampered backup: clear message, nothing written.
        c = Phone(chromium, server)
        others.append(c)
        c.give(b.credentials()[0])

        def flip(route):
            response = route.fetch()
            body = response.json()
            raw = list(body["ciphertext"])
            raw[40] = "A" if raw[40] != "A" else "B"
            body["ciphertext"] = "".join(raw)
            route.fulfill(response=response, body=json.dumps(body))

        c.page.route("**/api/v1/backup", flip)
        fresh_restore_screen(c)
        c.page.get_by_test_id("restore-use-code").click()
        c.page.get_by_test_id("restore-code").fill(code)
        c.page.get_by_test_id("restore-submit").click()
        expect(c.page.get_by_test_id("restore-error")).to_contain_text("damaged", timeout=20000)
        assert stored_count(c.page, "wallet") == 0 and stored_count(c.page, "credentials") == 0
        assert stored_count(c.page, "sync") <= 1  # only the sign-in's account record

        # A second passkey (a security key); then the first is removed; the last can't be.
        a.go("#/account", "account")
        a.new_authenticator()
        a.page.get_by_test_id("account-add-passkey").click()
        expect(a.page.get_by_test_id("account-passkey")).to_have_count(2)
        a.page.get_by_test_id("account-signout").click()
        a.page.get_by_test_id("account-signin").click()  # with the new passkey: the only one on this authenticator
        expect(a.page.get_by_test_id("account-passkey")).to_have_count(2)
        first = a.page.locator(f'[data-testid="account-passkey"][data-id="{pk1["credentialId"]}"]')
        if not first.count():  # CDP gives standard base64; the server lists base64url
            cid = pk1["credentialId"].replace("+", "-").replace("/", "_").rstrip("=")
            first = a.page.locator(f'[data-testid="account-passkey"][data-id="{cid}"]')
        first.get_by_test_id("account-remove-passkey").click()
        first.get_by_test_id("account-remove-confirm").click()
        expect(a.page.get_by_test_id("account-passkey")).to_have_count(1)
        expect(a.page.get_by_test_id("account-remove-passkey")).to_have_count(0)

        # The server's SQLite files hold no plaintext wallet, no DID private key, no recovery code.
        sync_now(a)
        for f in server.data_dir.iterdir():
            if not re.search(r"\.db(-wal|-shm)?$|\.sqlite", f.name):
                continue
            blob = f.read_bytes()
            for secret in (MARKER, "Made on phone A", d, code, code.replace("-", "")):
                assert secret.encode() not in blob, (f.name, secret)
        dbs = [f for f in server.data_dir.iterdir() if f.suffix == ".db"]
        assert dbs
        with sqlite3.connect(dbs[0]) as db:
            tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
            assert any("backup" in t for t in tables) and any("sync" in t for t in tables), tables
    finally:
        for p in others:
            p.close()
        a.close()


def test_wallet_file_export_and_import(chromium, server, tmp_path):
    a = Phone(chromium, server)
    b = Phone(chromium, server, locale="zh-TW")
    try:
        did = new_wallet(a, ["green-finance"])
        add_experience(a, MARKER)
        a.go("#/account", "account")
        a.page.get_by_test_id("backup-export").click()
        expect(a.page.get_by_test_id("backup-code")).to_be_visible(timeout=20000)
        code = a.page.get_by_test_id("backup-code").inner_text().strip()
        a.page.get_by_test_id("backup-code-confirm").check()
        with a.page.expect_download() as dl:
            a.page.get_by_test_id("backup-code-done").click()
        path = tmp_path / dl.value.suggested_filename
        dl.value.save_as(path)
        assert path.suffix == ".satchel"
        text = path.read_text()
        envelope = json.loads(text)
        assert envelope["format"] == "satchel-wallet-file" and [s["kind"] for s in envelope["keys"]["slots"]] == ["recovery-code"]
        assert envelope["keys"]["slots"][0]["iterations"] >= 600_000
        assert MARKER not in text and did not in text

        fresh_restore_screen(b)
        shot(b.page, "zh-Hant-restore", docs=True)
        b.page.get_by_test_id("backup-import-file").set_input_files(str(path))
        b.page.get_by_test_id("backup-import-code").fill("7KQM-2HXT-9VWD-4RJP-C8NE-ABCD-EFGH")
        b.page.get_by_test_id("backup-import-submit").click()
        expect(b.page.get_by_test_id("backup-import-error")).to_be_visible(timeout=20000)
        assert stored_count(b.page, "wallet") == 0 and stored_count(b.page, "credentials") == 0
        b.page.get_by_test_id("backup-import-code").fill(code)
        b.page.get_by_test_id("backup-import-submit").click()
        expect(b.page.get_by_test_id("home-actions")).to_be_visible(timeout=20000)
        assert wallet_did(b.page) == did
        assert b.names() == a.names() and len(b.names()) == 2
        b.go("#/account", "account")
        shot(b.page, "zh-Hant-account-signed-out", docs=True)
    finally:
        a.close()
        b.close()


def save_file(phone: Phone, tmp_path: Path) -> Path:
    """Confirm the recovery code on screen; the wallet file downloads then, not before."""
    phone.page.get_by_test_id("backup-code-confirm").check()
    with phone.page.expect_download() as dl:
        phone.page.get_by_test_id("backup-code-done").click()
    path = tmp_path / f"{len(list(tmp_path.iterdir()))}-{dl.value.suggested_filename}"
    dl.value.save_as(path)
    return path


def test_wallet_file_recovery_code_is_shown_until_confirmed_and_renewable_signed_out(chromium, server, tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    a = Phone(chromium, server)
    b = Phone(chromium, server)
    downloads: list = []
    a.page.on("download", lambda d: downloads.append(d))
    try:
        did = new_wallet(a, ["green-finance"])

        # Step 1: "Save an encrypted wallet file" shows a recovery code; the learner leaves
        # without ticking "I have written it down". Nothing is downloaded.
        a.go("#/account", "account")
        a.page.get_by_test_id("backup-export").click()
        expect(a.page.get_by_test_id("backup-code")).to_be_visible(timeout=20000)
        first = a.page.get_by_test_id("backup-code").inner_text().strip()
        a.go("#/settings", "settings")
        expect(a.page.get_by_test_id("backup-summary")).to_contain_text("recovery code is not confirmed yet")

        # Step 2: back on the account screen (and after a reload) the same code is shown again.
        a.go("#/account", "account")
        expect(a.page.get_by_test_id("backup-code")).to_have_text(first)
        a.page.reload()
        expect(a.page.get_by_test_id("backup-code")).to_have_text(first, timeout=20000)

        # Step 3: saving again shows the code again instead of writing a file.
        a.page.get_by_test_id("backup-export").click()
        expect(a.page.get_by_test_id("backup-code")).to_have_text(first)
        a.page.wait_for_timeout(300)
        assert downloads == []

        # Step 4: confirmed: now the file downloads, and the code panel is gone for good.
        first_file = save_file(a, files)
        expect(a.page.get_by_test_id("backup-code")).to_have_count(0)
        a.page.reload()
        expect(a.page.get_by_test_id("backup-export")).to_be_visible(timeout=20000)
        expect(a.page.get_by_test_id("backup-code")).to_have_count(0)

        # Step 5: not signed in, the learner makes a new recovery code (shown until confirmed).
        expect(a.page.get_by_test_id("account-create")).to_be_visible()
        a.page.get_by_test_id("backup-file-new-code").click()
        expect(a.page.get_by_test_id("backup-code")).to_be_visible(timeout=20000)
        second = a.page.get_by_test_id("backup-code").inner_text().strip()
        assert second != first
        a.page.get_by_test_id("backup-code-confirm").check()
        a.page.get_by_test_id("backup-code-done").click()
        expect(a.page.get_by_test_id("backup-code")).to_have_count(0)
        shot(a.page, "en-account-file-new-code")
        a.page.get_by_test_id("backup-export").click()
        a.page.wait_for_timeout(200)
        expect(a.page.get_by_test_id("backup-code")).to_have_count(0)  # confirmed: saved at once
        assert len(downloads) == 2
        second_file = files / "second.satchel"
        downloads[-1].save_as(second_file)

        # Step 6: the new file opens with the new code, not with the old one.
        fresh_restore_screen(b)
        b.page.get_by_test_id("backup-import-file").set_input_files(str(second_file))
        b.page.get_by_test_id("backup-import-code").fill(first)
        b.page.get_by_test_id("backup-import-submit").click()
        expect(b.page.get_by_test_id("backup-import-error")).to_be_visible(timeout=20000)
        assert stored_count(b.page, "wallet") == 0
        b.page.get_by_test_id("backup-import-code").fill(second)
        b.page.get_by_test_id("backup-import-submit").click()
        expect(b.page.get_by_test_id("home-actions")).to_be_visible(timeout=20000)
        assert wallet_did(b.page) == did
        assert first_file.read_text() != second_file.read_text()
    finally:
        a.close()
        b.close()
