"""Helpers shared by the end-to-end tests: real credentials from the real server,
wallet creation, IndexedDB reads, axe-core, sideways overflow at 360 px, and
Chromium's virtual WebAuthn authenticator."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import REPO
from tests.issued import award_credential

PHONE = {"width": 360, "height": 740}
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def post_json(url: str, body: dict | bytes, content_type: str = "application/json") -> dict:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    with urllib.request.urlopen(req, timeout=20) as r:
        return json.loads(r.read())


def issued_credential(server, did: str, slug: str = "green-finance", lang: str = "en") -> str:
    """A real OB 3.0 credential from the live server's issuer (tests/issued.py), as JSON text."""
    return award_credential(server, did, slug, lang, form="json")


def verdict_for(server_url: str, credential: str) -> dict:
    """The real server's verdict for a credential."""
    return post_json(server_url + "/api/v1/verify", credential.encode(), "application/octet-stream")["verdict"]


def create_wallet(page, server_url: str) -> str:
    page.goto(server_url + "/")
    page.get_by_test_id("create-wallet").click()
    expect(page.get_by_test_id("home-actions")).to_be_visible()
    did = wallet_did(page)
    assert did.startswith("did:key:z6Mk"), did
    return did


def wallet_did(page) -> str:
    """The wallet ID as the learner finds it (Settings, one tap from every screen); then back."""
    back = page.evaluate("() => location.hash") or "#/"
    page.get_by_test_id("nav-settings").click()
    did = page.get_by_test_id("wallet-did").inner_text().strip()
    page.evaluate("(h) => { location.hash = h }", back)
    return did


def paste(page, text: str) -> None:
    if not page.get_by_test_id("paste-text").is_visible():
        page.get_by_test_id("paste-open").click()
    page.get_by_test_id("paste-text").fill(text)
    page.get_by_test_id("paste-submit").click()


def stored_count(page, store: str = "credentials") -> int:
    return page.evaluate(
        """(store) => new Promise((resolve, reject) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const db = open.result;
              const req = db.transaction(store, 'readonly').objectStore(store).count();
              req.onsuccess = () => { resolve(req.result); db.close(); };
              req.onerror = () => reject(req.error);
            };
            open.onerror = () => reject(open.error);
        })""",
        store,
    )


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page (the context must be created with bypass_csp=True)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return result


def go(page, hash_: str, testid: str) -> None:
    page.evaluate("(h) => { location.hash = h }", hash_)
    expect(page.get_by_test_id(testid)).to_be_visible()


def warm_offline(page) -> None:
    """Let the service worker finish precaching and take control of the page, so that the
    page opens with the network off (then `context.set_offline(True)` and navigate)."""
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def shot(artifacts, name: str, page) -> None:
    """A full-page screenshot in test-artifacts/screens/<name>-360.png, without the transient toast."""
    screens = artifacts / "screens"
    screens.mkdir(exist_ok=True)
    page.evaluate("() => { const t = document.querySelector('.toast-area'); if (t) t.style.visibility = 'hidden' }")
    page.screenshot(path=str(screens / f"{name}-360.png"), full_page=True)
    page.evaluate("() => { const t = document.querySelector('.toast-area'); if (t) t.style.visibility = '' }")


def accessible(page, where: str) -> None:
    """axe-core finds no violations (`where` names the screen in the failure)."""
    page.wait_for_timeout(150)  # let focus and live regions settle
    assert axe_violations(page) == [], where


# The page's scroll width and viewport width, and up to five elements reaching past its sides.
OVERFLOW = """() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll('body *')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > root.clientWidth + 1 || r.left < -1);
    }).map((el) => el.tagName.toLowerCase() + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + '.' + el.className);
    return {scroll: root.scrollWidth, width: root.clientWidth, wide: wide.slice(0, 5)};
}"""


def overflow(page) -> dict:
    """What would scroll sideways: ``{scroll, width, wide}`` (see OVERFLOW)."""
    return page.evaluate(OVERFLOW)


# A phone's built-in authenticator as Chromium's CDP virtual authenticator simulates it.
PLATFORM_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def webauthn_session(context, page):
    """A CDP session for ``page`` with the virtual WebAuthn environment on (no browser UI)."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    return cdp


def add_authenticator(cdp, **options) -> str:
    """Add a platform authenticator (``options`` added, e.g. ``hasPrf=True``); its id."""
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {**PLATFORM_AUTHENTICATOR, **options}})["authenticatorId"]


def add_prf_authenticator(cdp, try_prf: bool = True) -> tuple[str, bool]:
    """A platform authenticator with the PRF extension where this Chromium's virtual
    authenticator has it (and ``try_prf``), else without: (its id, whether it has PRF)."""
    if try_prf:
        try:
            return add_authenticator(cdp, hasPrf=True), True
        except PlaywrightError:
            pass
    return add_authenticator(cdp), False
