"""Server-rendered pages carry one strict policy (CSP with frame-ancestors,
nosniff, Referrer-Policy) whose style hash matches the page's only <style>, and
the console refuses a form whose Origin (or Referer) is another site's, even
with a valid CSRF token, and changes nothing."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from server.issuer.console.admin import issue_admin_token

from .conftest import BASE
from .test_claims_and_forms import award_with_claim


def _inline_styles(html: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html, re.DOTALL)


def assert_strict_page(response, referrer_policy: str = "same-origin") -> None:
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "script-src" not in directives  # default-src 'none': no script at all
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == referrer_policy
    html = response.text
    assert "<script" not in html and " style=" not in html
    # every inline stylesheet is allowed by its exact hash, so browsers apply it
    styles = _inline_styles(html)
    assert styles
    for css in styles:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["style-src"].split()


def test_verify_page_and_its_result(client):
    assert_strict_page(client.get("/verify"))
    result = client.post("/verify", files={"data": ("x.json", b'{"not": "a credential"}', "application/json")})
    assert result.status_code >= 400
    assert_strict_page(result)


def test_error_pages(client):
    assert_strict_page(client.get("/claim/" + "A" * 43))  # 404
    assert_strict_page(client.post("/verify/elsewhere"))  # 404/405 from the router
    assert client.post("/verify/elsewhere").status_code in (404, 405)


def test_console_pages(console, client):
    assert_strict_page(client.get("/console/login"))
    assert_strict_page(console.get("/console"))
    assert_strict_page(console.get("/console/achievements/new"))
    _url, award_id = award_with_claim(console)
    assert_strict_page(console.get(f"/console/awards/{award_id}"))
    form = {"csrf": console.csrf, "tx_code": "on"}
    assert_strict_page(console.post(f"/console/awards/{award_id}/offer", data=form))


def test_claim_page_keeps_no_referrer(console, client):
    url, _ = award_with_claim(console)
    page = client.get(url.removeprefix(BASE))
    assert page.status_code == 200
    assert_strict_page(page, referrer_policy="no-referrer")


def test_json_and_downloads_get_nosniff_and_frame_ancestors(console, client):
    for path in ("/api/v1/health", "/.well-known/did.json"):
        r = client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    _, award_id = award_with_claim(console)
    svg = console.get(f"/console/awards/{award_id}/credential.svg")
    assert svg.status_code == 200 and svg.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in svg.headers["content-security-policy"]


def test_share_page_keeps_its_own_policy(client):
    from server.shares.page import PAGE_CSP

    gone = client.get("/s/" + "A" * 43)
    assert gone.status_code == 404
    assert gone.headers["content-security-policy"] == PAGE_CSP
    assert gone.headers["referrer-policy"] == "no-referrer"
    assert_strict_page(gone, referrer_policy="no-referrer")


def _key_count(db) -> int:
    return db.execute("select count(*) from issuer_signing_keys").fetchone()[0]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.local:8080"},  # another port is another origin
        {"Referer": "https://evil.example/page"},
        {"Referer": "not a url"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_console_post_from_another_origin_is_refused_with_a_valid_csrf_token(console, db, headers):
    before = _key_count(db)
    r = console.post("/console/keys", data={"csrf": console.csrf}, headers=headers, follow_redirects=False)
    assert r.status_code == 403
    assert_strict_page(r)
    assert _key_count(db) == before
    r = console.post(
        "/console/awards",
        data={"csrf": console.csrf, "achievement": "green-finance", "subject": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
        headers=headers,
    )
    assert r.status_code == 403
    assert db.execute("select count(*) from awards").fetchone()[0] == 0


def test_console_post_from_its_own_origin_is_accepted(console, db):
    before = _key_count(db)
    for headers in ({"Origin": BASE}, {"Referer": f"{BASE}/console"}, {}):
        r = console.post("/console/keys", data={"csrf": console.csrf}, headers=headers, follow_redirects=False)
        assert r.status_code == 303, r.text
    assert _key_count(db) == before + 3


def test_console_login_from_another_origin_does_not_spend_the_token(client, db):
    token = issue_admin_token(db)
    r = client.post("/console/login", data={"token": token}, headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert r.status_code == 403 and "set-cookie" not in r.headers
    r = client.post("/console/login", data={"token": token}, headers={"Origin": BASE}, follow_redirects=False)
    assert r.status_code == 303
