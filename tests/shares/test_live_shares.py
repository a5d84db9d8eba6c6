"""Share links on a real server on a loopback port: tokens never reach the log."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from server.i18n import catalogue, language_name, languages, message_keys, negotiate, translator
from tests.conftest import LiveServer
from tests.shares.helpers import Learner


@pytest.fixture(scope="module")
def server(tmp_path_factory, module_database):
    data = tmp_path_factory.mktemp("shares") / "data"
    data.mkdir()
    # the most talkative level uvicorn has short of "trace"
    live = LiveServer(data, ["--log-level", "debug"], database=module_database)
    yield live
    live.stop()


def test_share_tokens_never_appear_in_the_server_log(server):
    learner = Learner()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        share = learner.share(client, [learner.credential(server), learner.credential(server, "teacher-cpd")])
        token = share["token"]
        assert client.get(f"/s/{token}").status_code == 200
        assert client.get(f"/s/{token}?lang=zh-Hant").status_code == 200
        assert client.post(f"/s/{token}", data={"verifier_name": "Acme"}).status_code == 200
        assert client.get(f"/s/{token}/report.json").status_code == 200
        assert client.get(f"/s/{token[:-1]}x").status_code == 404
        assert client.get(f"/s/{token}/nope").status_code in (404, 503)
        assert client.delete(f"/api/v1/shares/{share['id']}", headers=learner.auth).status_code == 200
        assert client.get(f"/s/{token}").status_code == 410
        views = client.get(f"/api/v1/shares/{share['id']}", headers=learner.auth).json()
        assert views["view_count"] == 3
    server.log.flush()
    log = (server.data_dir.parent / f"server-{server.port}.log").read_text(errors="replace")
    assert "Satchel:" in log  # the log is really this server's
    assert token not in log and token[:16] not in log
    assert "/s/" not in log
    assert learner.secret not in log


def test_every_catalogue_has_every_key_and_negotiation_picks_scripts():
    keys = message_keys(catalogue("en"))
    assert set(languages()) >= {"en", "zh-Hans", "zh-Hant"}
    for lang in languages():
        own = json.loads((__import__("server.i18n").i18n.DIR / f"{lang}.json").read_text())
        assert message_keys(own) == keys, lang
    assert negotiate(None, "zh-HK, en;q=0.5") == "zh-Hant"
    assert negotiate(None, "zh-Hant-TW") == "zh-Hant"
    assert negotiate(None, "zh, en") == "zh-Hans"
    assert negotiate(None, "fr, en-GB;q=0.8") == "en"
    assert negotiate(None, "en;q=0, zh-CN;q=0.1") == "zh-Hans"
    assert negotiate("zh-hant", "en") == "zh-Hant"
    assert negotiate("xx", "zh-SG") == "zh-Hans"
    assert negotiate(None, None) == "en"


@pytest.mark.parametrize(
    "lang, english, simplified",
    [("en", "English", "Simplified Chinese"), ("zh-Hans", "英语", "简体中文"), ("zh-Hant", "英文", "簡體中文")],
)
def test_share_page_names_the_credential_language_in_the_page_language(server, lang, english, simplified):
    """Issue 14: the share page showed the raw tag ("Language: zh-Hans")."""
    learner = Learner()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        credentials = [learner.credential(server, "green-finance", "en"), learner.credential(server, "teacher-cpd", "zh-Hans")]
        share = learner.share(client, credentials)
        page = client.get(f"/s/{share['token']}?lang={lang}").text
    label = catalogue(lang)["f_language"]
    shown = re.findall(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", page)
    assert shown == [english, simplified]


def test_language_names_fall_back_to_the_language_then_the_tag():
    t = translator("en")
    assert language_name(t, "en-GB") == "English"
    assert language_name(t, "ZH-hant") == "Traditional Chinese"
    assert language_name(translator("zh-Hans"), "zh-Hant-TW") == "中文"
    assert language_name(t, "tlh") == "tlh"  # not in the table: the tag itself
    assert language_name(t, None) is None
