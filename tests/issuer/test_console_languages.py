"""The issuer console in English, Simplified and Traditional Chinese: every page and
error through server/i18n, the language from ``?lang=`` (kept in a cookie for the
console), else Accept-Language; no English left in the Chinese pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from server.i18n import LANG_COOKIE, catalogue
from tests.e2e.collect import admin_token
from tests.e2e.helpers import PHONE, axe_violations, overflow

from .wallet import Wallet, csrf_in_page

LANGS = ("en", "zh-Hans", "zh-Hant")
# Latin words a Chinese page may hold: names of standards, formats and identifiers.
TECHNICAL = {
    "Satchel", "DID", "JSON", "PNG", "SVG", "SD-JWT", "VC", "QR", "URL", "ESCO", "O", "NET",
    "EQF", "HKQF", "NZQF", "ECTS", "P-256", "http", "https", "slug", "did", "key", "jwk", "web",
    "ESG",  # in a demo achievement's Chinese name
}
# identifiers and times, not words: links shown as text, DIDs (and the DID placeholder), ISO 8601 times
NOT_WORDS = re.compile(r"https?://\S+|did:[\w:.%…-]+|\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?")
SUITE = re.compile(r"^(eddsa|ecdsa|Ed25519Signature2020|rdfc|jcs)")


class VisibleText(HTMLParser):
    """The text a reader sees (and hears: aria-label, placeholder), without what is
    data rather than interface (<code>, <textarea>, the QR code's SVG) and without
    parts marked as another language than the page's (the language switcher, an
    error's English detail)."""

    SKIP = frozenset({"code", "textarea", "svg", "style", "script"})
    VOID = frozenset({"meta", "input", "br", "link", "img", "hr"})

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.stack: list[bool] = []  # per open element: is its text skipped?
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("aria-label", "placeholder", "alt", "title"):
            if a.get(name) and not (self.stack and self.stack[-1]):
                self.words.append(a[name])
        if tag in self.VOID:
            return
        skipped = (self.stack and self.stack[-1]) or tag in self.SKIP
        skipped = skipped or ("lang" in a and tag != "html" and a["lang"] != self.lang)
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words.append(data)


def english_left(page: str, lang: str) -> list[str]:
    parser = VisibleText(lang)
    parser.feed(page)
    words = re.findall(r"[A-Za-z][A-Za-z0-9'’-]*", NOT_WORDS.sub(" ", " ".join(parser.words)))
    return sorted({w for w in words if w not in TECHNICAL and not SUITE.match(w) and not re.match(r"^[a-z]+-\d+$", w)})


def sign_in(client, db) -> str:
    from server.issuer.console.admin import issue_admin_token

    r = client.post("/console/login", data={"token": issue_admin_token(db)}, follow_redirects=False)
    assert r.status_code == 303
    return csrf_in_page(client.get("/console").text)


def console_pages(client, csrf: str, lang: str) -> dict[str, tuple[int, str]]:
    """Every console page (and its refusals) as the viewer in ``lang`` sees it."""
    q = f"?lang={lang}"
    pages = {}
    for name, path in [("home", "/console"), ("achievement", "/console/achievements/new"), ("pathway", "/console/pathways/new")]:
        r = client.get(path + q)
        pages[name] = (r.status_code, r.text)
    # an award in the page's language, with its offer (and code) and claim link shown once
    r = client.post(
        "/console/awards",
        data={"csrf": csrf, "achievement": "green-finance", "subject": Wallet().did, "lang": lang, "tx_code": "on"},
    )
    pages["award"] = (r.status_code, r.text)
    # forms refused with the field at fault, and errors from the routes
    r = client.post("/console/achievements", data={"csrf": csrf, "slug": "Not A Slug"})
    pages["achievement refused"] = (r.status_code, r.text)
    r = client.post("/console/pathways", data={"csrf": csrf, "slug": "ok-slug", "name.en": "A", "name.zh-Hans": "甲"})
    pages["pathway refused"] = (r.status_code, r.text)
    r = client.post("/console/awards", data={"csrf": csrf, "achievement": "green-finance", "subject": "mailto:x"})
    pages["bad learner"] = (r.status_code, r.text)
    r = client.get("/console/awards/nope")
    pages["no such award"] = (r.status_code, r.text)
    return pages


EXPECTED_STATUS = {"achievement refused": 400, "pathway refused": 400, "bad learner": 400, "no such award": 404}


@pytest.mark.parametrize("lang", LANGS)
def test_every_console_page_speaks_the_chosen_language(client, db, lang):
    csrf = sign_in(client, db)
    t = catalogue(lang)
    pages = console_pages(client, csrf, lang)
    for name, (status, page) in pages.items():
        assert status == EXPECTED_STATUS.get(name, 200), (name, page[:300])
        assert f'<html lang="{lang}"' in page, name
        if name not in EXPECTED_STATUS or name.endswith("refused"):  # the console's own pages
            # the switcher names every language, the current one marked
            assert f'<a href="?lang={lang}" hreflang="{lang}" lang="{lang}" aria-current="true">' in page, name
        if lang != "en":
            assert english_left(page, lang) == [], (lang, name, english_left(page, lang))
    assert t["console_title"] in pages["home"][1]
    assert t["console_f_slug"] in pages["achievement refused"][1]
    assert t["console_err_slug"] in pages["achievement refused"][1]
    assert t["console_err_requires"] in pages["pathway refused"][1] or t["console_err_awards"] in pages["pathway refused"][1]
    assert t["console_tx_tell"] in pages["award"][1]
    assert t["error_console_invalid_subject"] in pages["bad learner"][1]
    assert t["error_console_unknown_award"] in pages["no such award"][1]


def test_the_english_console_keeps_its_words_and_the_check_can_fail(client, db):
    csrf = sign_in(client, db)
    pages = console_pages(client, csrf, "en")
    assert "Award an achievement" in pages["home"][1]
    # the English page read as if it were Chinese: the check finds its words
    assert "Award" in english_left(pages["home"][1], "zh-Hans")


def test_language_from_the_query_is_kept_in_a_cookie_then_accept_language(client, db):
    client.headers["Accept-Language"] = "zh-TW,zh;q=0.9"
    login = client.get("/console/login")
    assert '<html lang="zh-Hant"' in login.text and LANG_COOKIE not in client.cookies
    client.headers["Accept-Language"] = "en"
    r = client.get("/console/login?lang=zh-Hans")
    assert '<html lang="zh-Hans"' in r.text
    cookie = r.headers["set-cookie"].lower()
    assert f"{LANG_COOKIE}=zh-hans" in cookie and "path=/console" in cookie and "httponly" in cookie
    # kept: the next pages (after sign-in's redirect) speak it without ?lang=
    sign_in(client, db)
    assert '<html lang="zh-Hans"' in client.get("/console").text
    assert catalogue("zh-Hans")["error_console_unknown_award"] in client.get("/console/awards/nope").text
    # a wrong token is refused in the chosen language
    client.cookies.clear()
    r = client.post("/console/login?lang=zh-Hant", data={"token": "wrong"})
    assert r.status_code == 403 and catalogue("zh-Hant")["console_token_invalid"] in r.text


@pytest.mark.e2e
def test_console_pages_are_axe_clean_at_360_px_in_three_languages(live_server, chromium, artifacts):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, bypass_csp=True)  # bypass: axe-core
    page = context.new_page()
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    try:
        page.goto(live_server.url + "/console/login")
        page.fill("#token", admin_token(live_server))
        with page.expect_navigation():
            page.click("form[action='/console/login'] button")
        for lang in LANGS:
            page.goto(f"{live_server.url}/console?lang={lang}")
            page.fill("#subject", Wallet().did)
            page.check("input[name=tx_code]")
            with page.expect_navigation():
                page.click("form[action='/console/awards'] button")
            award_url = page.url.split("?")[0]
            screens = [
                ("login", "/console/login"),
                ("home", "/console"),
                ("achievement", "/console/achievements/new"),
                ("pathway", "/console/pathways/new"),
                ("award", award_url.removeprefix(live_server.url)),
            ]
            for name, path in screens:
                page.goto(live_server.url + path)  # no ?lang=: the cookie keeps the choice
                assert page.evaluate("document.documentElement.lang") == lang, (lang, name)
                assert axe_violations(page) == [], (lang, name)
                assert overflow(page)["scroll"] <= PHONE["width"], (lang, name, overflow(page))
                page.screenshot(path=str(shots / f"console-{lang}-{name}-360.png"), full_page=True)
            # a refused form: the message names the field in the page's language
            page.goto(live_server.url + "/console/achievements/new")
            page.fill("#slug", "ok-slug")
            page.evaluate("document.getElementById('slug').removeAttribute('pattern')")
            with page.expect_navigation():
                page.click("form[action='/console/achievements'] button")
            assert page.locator("#form-error").inner_text().startswith(catalogue(lang)["console_f_name"])
            assert axe_violations(page) == [], (lang, "refused")
    finally:
        context.close()
