"""Issue 14 on the server's own pages and API: an Open Badges 2.0 assertion whose
documents live on a host that cannot exist (.invalid, RFC 6761) is answered in plain,
translated words, says what is missing instead of "Untitled" / "unknown", and keeps
the resolver's technical words in a <details> fold (no JavaScript)."""

from __future__ import annotations

import json

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings

ASSERTION = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Assertion",
    "id": "https://badges.invalid/assertions/7.json",
    "recipient": {"type": "email", "hashed": False, "identity": "learner@example.com"},
    "issuedOn": "2024-03-01T00:00:00Z",
    "badge": "https://badges.invalid/badge-classes/robotics.json",
    "verification": {"type": "hosted"},
}


@pytest.fixture
def online(tmp_path):
    # Not offline: the real fetcher looks the host up, and .invalid never resolves.
    with TestClient(app=create_app(Settings(data_dir=tmp_path / "data"))) as client:
        yield client


def test_the_api_codes_an_unresolvable_host(online):
    r = online.post("/api/v1/verify", content=json.dumps(ASSERTION).encode())
    assert r.status_code == 200, r.text
    checks = {c["check"]: c for c in r.json()["verdict"]["checks"]}
    for name, what in (("proof", "what.hosted_assertion"), ("issuer", "what.badge_class")):
        assert checks[name]["status"] == "could_not_check"
        assert checks[name]["code"] == "fetch.unresolved", checks[name]
        assert checks[name]["params"]["what_code"] == what and checks[name]["params"]["host"] == "badges.invalid"
        assert "could not be resolved" in checks[name]["params"]["detail"]
        assert "could not be resolved" not in checks[name]["reason"]


def test_the_verify_page_says_what_is_missing_with_the_technical_words_folded(online):
    body = json.dumps(ASSERTION).encode()
    page = online.post("/verify", files={"data": ("badge.json", body, "application/json")}).text
    # step: title and issuer say what could not be fetched
    assert "description could not be fetched</h2>" in page
    assert "profile could not be fetched from badges.invalid" in page
    assert "Untitled credential" not in page and ">unknown<" not in page
    # step: plain words in the table, the resolver's words folded
    assert "the address badges.invalid was not found" in page
    fold = page[page.index("<details><summary>Technical details</summary>"):]
    assert "could not be resolved" in fold[: fold.index("</details>")]
    assert "<script" not in page
    # step: the same in Simplified and Traditional Chinese
    zh = online.post("/verify?lang=zh-Hans", files={"data": ("badge.json", body, "application/json")}).text
    assert "找不到地址 badges.invalid" in zh and "无标题：无法获取徽章的说明" in zh and "技术细节" in zh
    hant = online.post("/verify?lang=zh-Hant", files={"data": ("badge.json", body, "application/json")}).text
    assert "找不到位址 badges.invalid" in hant and "無法從 badges.invalid 取得發證方資料" in hant


@pytest.mark.parametrize(
    "lang, title, issuer",
    [
        ("en", "Untitled: the badge&#39;s description could not be fetched", "the issuer&#39;s profile could not be fetched from badges.invalid"),
        ("zh-Hans", "无标题：无法获取徽章的说明", "无法从 badges.invalid 获取发证方资料"),
        ("zh-Hant", "無標題：無法取得徽章的說明", "無法從 badges.invalid 取得發證方資料"),
    ],
)
def test_the_share_page_card_says_what_is_missing(lang, title, issuer):
    """The share page and the OpenID4VP result page draw credentials with _presented.html:
    an OB 2.0 card whose badge class and issuer profile could not be fetched says so."""
    from jinja2 import Environment, FileSystemLoader

    from server.app import TEMPLATES_DIR
    from server.i18n import page_context
    from wallet_core import verify
    from wallet_core.fetcher import HttpsFetcher

    # step: a real verdict: the real fetcher cannot resolve badges.invalid
    from wallet_core.options import VerifyOptions
    from wallet_core.presentations.model import PresentationVerdict, PresentedCredential
    from wallet_core.verdict import Check

    verdict = verify(json.dumps(ASSERTION).encode(), VerifyOptions(fetcher=HttpsFetcher()))
    assert {c.code for c in verdict.checks} >= {"fetch.unresolved"}
    presented = PresentationVerdict(
        format="vp-jwt", result="could_not_check", holder="did:example:learner", audience=None, nonce=None,
        issued_at=None, checks=[], checked_at="2026-01-01T00:00:00Z",
        credentials=[PresentedCredential(verdict=verdict, holder_binding=Check("holder_binding", "passed", "ok"),
                                         result="could_not_check")],
    )
    # step: the card, rendered as the pages render it
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    html = env.get_template("_presented.html").render(**page_context(lang), date=str, verdict=presented)
    card = html[: html.index("<details")]
    assert f">{title}</h2>" in card
    assert issuer in card
    assert "Untitled credential" not in html and ">unknown<" not in html and "Unknown" not in html
