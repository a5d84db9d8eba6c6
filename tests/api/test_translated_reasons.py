"""Check reasons and server pages in the viewer's language (wallet_core/reasons.py, server/i18n)."""

from __future__ import annotations

import html
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.own_vectors import ob3_png
from tests.shares.helpers import Learner, signed_credential
from wallet_core.sign import did_key_for, sign_eddsa_jcs_2022


@pytest.fixture
def learner() -> Learner:
    return Learner(seed=11)


def test_share_page_shows_reasons_in_the_viewers_language(client, learner):
    share = learner.share(client, [learner.credential(client, "green-finance")])
    url = f"/s/{share['token']}"
    english = client.get(url + "?lang=en").text
    assert "signature is valid (key resolved from did:" in english
    hant = client.get(url + "?lang=zh-Hant").text
    assert "簽名有效（密鑰由 did:" in hant
    assert "signature is valid" not in hant
    hans = client.get(url, headers={"Accept-Language": "zh-CN"}).text
    assert "签名有效（密钥由 did:" in hans


def test_verify_page_speaks_simplified_chinese(client):
    png = ob3_png()
    r = client.post("/verify?lang=zh-Hans", files={"data": ("simple-json.png", png, "image/png")})
    assert r.status_code == 200, r.text
    assert '<html lang="zh-Hans"' in r.text
    for label in ("检查项目", "颁发机构", "必填字段", "格式"):
        assert label in r.text, label
    assert "的必需字段齐全且类型正确" in r.text  # a reason, translated
    assert "fields are present and well-typed" not in r.text
    form = client.get("/verify", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "检查证书" in form.text and 'action="/verify?lang=zh-Hans"' in form.text
    english = client.post("/verify", files={"data": ("simple-json.png", png, "image/png")})
    assert "fields are present and well-typed" in english.text and "Checks" in english.text


def test_error_page_in_chinese_keeps_the_english_detail(client):
    r = client.post("/verify?lang=zh-Hant", files={"data": ("x.json", b'{"a": 1}', "application/json")})
    assert r.status_code == 422
    assert '<html lang="zh-Hant"' in r.text
    assert "Satchel 能檢查的證書" in r.text or "不支援" in r.text or "無法" in r.text
    assert 'role="alert"' in r.text


ROW = re.compile(r'<tr><td>([^<]*)</td><td class="(?:passed|failed|could_not_check)">[^<]*</td><td>([^<]*)</td>')
HAN = re.compile(r"[\u4e00-\u9fff]")


def _reasons(client, url: str, lang: str) -> list[tuple[str, str]]:
    rows = ROW.findall(client.get(f"{url}?lang={lang}").text)
    return [(html.unescape(label), html.unescape(reason)) for label, reason in rows]


def test_chinese_share_page_shows_no_english_reason(client, learner):
    """Every check reason on a share page (the presentation's and each credential's)
    is rendered from a catalogue in the viewer's language: none falls back to English."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    teamwork = signed_credential(learner.did, key, name="Teamwork")
    del teamwork["proof"]
    # a status list type Satchel does not know: "could not check", with its own reason
    teamwork["credentialStatus"] = {"id": "https://example.com/status#1", "type": "SomeStatusList2030"}
    credentials = [
        learner.credential(client, "green-finance"),
        sign_eddsa_jcs_2022(teamwork, key, did_key_for(key)[1], "2025-01-01T00:00:00Z"),
    ]
    share = learner.share(client, credentials)
    url = f"/s/{share['token']}"
    english = _reasons(client, url, "en")
    assert len(english) >= 12, english
    assert any("eddsa-jcs-2022 signature is valid" in r for _, r in english), english
    assert any("SomeStatusList2030" in r for _, r in english), english
    for lang in ("zh-Hans", "zh-Hant"):
        translated = _reasons(client, url, lang)
        assert len(translated) == len(english), lang
        untranslated = [row for row in translated if not HAN.search(row[1])]
        assert not untranslated, (lang, untranslated)


def test_share_page_says_credits_and_achievement_type_in_the_viewers_language(client, learner):
    share = learner.share(client, [learner.credential(client, "green-finance")])
    url = f"/s/{share['token']}"
    english = client.get(url + "?lang=en").text
    assert "<dd>5 credits</dd>" in english and "<dd>Micro-credential</dd>" in english
    hans = client.get(url + "?lang=zh-Hans").text
    assert "<dd>5 学分</dd>" in hans and "<dd>微证书</dd>" in hans
    hant = client.get(url + "?lang=zh-Hant").text
    assert "<dd>5 學分</dd>" in hant and "<dd>微證書</dd>" in hant
    assert "MicroCredential" not in hans + hant and "credits<" not in hans + hant
