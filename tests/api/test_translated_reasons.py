"""Check reasons and server pages in the viewer's language (wallet_core/reasons.py, server/i18n)."""

from __future__ import annotations

import pytest

from tests.own_vectors import ob3_png
from tests.shares.helpers import Learner


@pytest.fixture
def learner() -> Learner:
    return Learner(seed=11)


def test_share_page_shows_reasons_in_the_viewers_language(client, learner):
    share = learner.share(client, [learner.demo_credential(client, "green-finance")])
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
    assert "检查凭证" in form.text and 'action="/verify?lang=zh-Hans"' in form.text
    english = client.post("/verify", files={"data": ("simple-json.png", png, "image/png")})
    assert "fields are present and well-typed" in english.text and "Checks" in english.text


def test_error_page_in_chinese_keeps_the_english_detail(client):
    r = client.post("/verify?lang=zh-Hant", files={"data": ("x.json", b'{"a": 1}', "application/json")})
    assert r.status_code == 422
    assert '<html lang="zh-Hant"' in r.text
    assert "Satchel 能檢查的憑證" in r.text or "不支援" in r.text or "無法" in r.text
    assert 'role="alert"' in r.text
