"""Server-rendered pages (no JavaScript): check a credential, error pages."""

from __future__ import annotations

import json

from tests.api.test_verify_api import award
from tests.own_vectors import OB3_NAME, ob3_png
from tests.shares.helpers import signed_clr


def test_verify_page_shows_a_form(client):
    r = client.get("/verify")
    assert r.status_code == 200
    assert '<form method="post" action="/verify"' in r.text
    assert "<script" not in r.text


def test_verify_page_renders_the_verdict_of_a_baked_png(client):
    png = ob3_png()
    r = client.post("/verify", files={"data": ("badge.png", png, "image/png")})
    assert r.status_code == 200, r.text
    assert OB3_NAME in r.text
    assert "proof" in r.text


def test_everything_a_credential_says_is_escaped(client):
    credential = award(client)
    credential["credentialSubject"]["achievement"]["name"] = '<script>alert("x")</script>'
    credential["issuer"]["name"] = "<img src=x onerror=alert(1)>"
    body = json.dumps(credential).encode()
    r = client.post("/verify", files={"data": ("evil.json", body, "application/json")})
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;" in r.text


def test_bad_upload_on_the_page_gets_an_html_error(client):
    r = client.post("/verify", files={"data": ("x.json", b'{"a": 1}', "application/json")})
    assert r.status_code == 422
    assert "text/html" in r.headers["content-type"]
    assert 'role="alert"' in r.text


def test_verify_page_lists_a_clr_transcripts_achievements(client):
    body = json.dumps(signed_clr("did:example:meilin")).encode()
    r = client.post("/verify", files={"data": ("clr.json", body, "application/json")})
    assert r.status_code == 200, r.text
    page = r.text
    # step: the CLR's own proof covers its nested credentials
    assert '<tr data-check="proof"><td>Issuer&#39;s signature</td><td class="passed">' in page
    assert 'class="banner valid"' in page
    # step: every nested achievement is listed with its fields (issue 11, CLR 2.0)
    assert 'data-testid="clr-parts"' in page and "Achievements in this record (6)" in page
    for shown in ("Certificate in Community Care", "Human Biology",
                  "Harbour Health Council - Certified Care Assistant", "Grade: A", "Diploma"):
        assert shown in page, shown
    zh = client.post("/verify?lang=zh-Hant", files={"data": ("clr.json", body, "application/json")})
    assert "此記錄中的成就（6 項）" in zh.text
