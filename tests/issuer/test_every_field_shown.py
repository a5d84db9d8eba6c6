"""Every micro-credential field of an award comes back from /api/v1/verify, from
its new, signed place (issue 11): the OB 3.0 JSON and the SD-JWT VC with all its
disclosures give the same display; the share page and /verify show each field."""

from __future__ import annotations

import json

import pytest

from .test_console import award_id_from
from .wallet import Wallet

EXPECTED = {
    "level": "HKQF 4",
    "workload_hours": "50",
    "mode": "online",
    "credits": "5",  # the unit is said in the reader's language (5 学分)
    "quality_assurance": "经资历架构第四级评审（演示）",
    "prerequisites": ["无"],
    "stacks_into": ["可持续金融证书"],
    "assessment": "书面案例分析",
}


def verdict_of(client, text: str) -> dict:
    r = client.post("/api/v1/verify", content=text.encode())
    assert r.status_code == 200
    return r.json()["verdict"]


@pytest.fixture
def award_id(console):
    page = console.post(
        "/console/awards",
        data={"csrf": console.csrf, "achievement": "green-finance", "subject": Wallet().did, "lang": "zh-Hans"},
    )
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200
    return award_id_from(page.text)


@pytest.mark.parametrize("download", ["credential.json", "credential.sd-jwt"])
def test_verify_returns_every_field(console, award_id, download):
    text = console.get(f"/console/awards/{award_id}/{download}").text
    verdict = verdict_of(console, text)
    assert verdict["result"] == "valid", verdict["checks"]
    d = verdict["display"]
    assert {k: d[k] for k in EXPECTED} == EXPECTED
    assert len(d["learning_outcomes"]) == 2 and all(d["learning_outcomes"])
    # learning outcomes are not listed as skills
    assert not set(d["learning_outcomes"]) & {a["name"] for a in d["alignments"]}


def test_verify_page_shows_every_field(console, award_id):
    credential = console.get(f"/console/awards/{award_id}/credential.json").json()
    page = console.post("/verify?lang=zh-Hans", files={"file": ("c.json", json.dumps(credential).encode(), "application/json")})
    assert page.status_code == 200
    for value in ("HKQF 4", "经资历架构第四级评审（演示）", "可持续金融证书", "书面案例分析", "50 小时", "在线", "<dd>5 学分</dd>"):
        assert value in page.text, value
    for outcome in credential["credentialSubject"]["achievement"]["alignment"]:
        if outcome.get("targetType") == "ext:LearningOutcome":
            assert outcome["targetName"] in page.text


def test_skills_and_learning_outcomes_stay_apart(console):
    page = console.post(
        "/console/awards", data={"csrf": console.csrf, "achievement": "ai-foundations", "subject": Wallet().did}
    )
    award_id = award_id_from(page.text)
    for download in ("credential.json", "credential.sd-jwt"):
        d = verdict_of(console, console.get(f"/console/awards/{award_id}/{download}").text)["display"]
        assert [a["name"] for a in d["alignments"]] == ["digital competence"], download
        assert d["alignments"][0]["framework"] == "ESCO" and d["alignments"][0]["code"] == "S5"
        assert d["learning_outcomes"] == [
            "Explain the basic concepts of machine learning and generative AI",
            "Design a classroom activity that uses an AI tool responsibly",
        ], download
        assert d["workload_hours"] == "20" and d["mode"] == "online"
