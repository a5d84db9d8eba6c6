"""A learner's record file (decision D29) at the server: POST /api/v1/presentations/verify
and the /verify page verify the holder's proof and every credential it carries (a VC-JWT
or SD-JWT VC enveloped in a data: URL as the credential it holds), say "could not check"
for what a file cannot prove (who is presenting it: no audience, no challenge), and
refuse a changed record. Real server on loopback, real credentials, the PWA's own code."""

from __future__ import annotations

import copy
import json
import re

import httpx
import pytest

from tests.records import record_for

RECORD_CHECKS = [
    ("holder_signature", "passed", "presentation.holder_signed"),
    ("audience", "could_not_check", "presentation.record_audience"),
    ("nonce", "could_not_check", "presentation.record_replay"),
    ("freshness", "passed", "presentation.record_signed"),
]


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


@pytest.fixture(scope="module")
def made(server):
    return record_for(server)


def post(server, body: bytes) -> httpx.Response:
    return httpx.post(server.url + "/api/v1/presentations/verify", content=body,
                      headers={"Content-Type": "application/json"}, timeout=60)


def codes(checks: list[dict]) -> list[tuple[str, str, str]]:
    return [(c["check"], c["status"], c["code"]) for c in checks]


def test_a_record_gets_a_verdict_for_its_proof_and_each_credential(server, made):
    r = post(server, json.dumps(made["record"], ensure_ascii=False).encode())
    assert r.status_code == 200, r.text
    verdict = r.json()["verdict"]
    assert verdict["format"] == "ldp-vp"
    assert verdict["holder"] == made["did"]
    assert codes(verdict["checks"]) == RECORD_CHECKS
    ob3, sd_jwt, entry = verdict["credentials"]
    assert (ob3["verdict"]["format"], ob3["result"]) == ("ob3-ldp", "valid"), ob3["verdict"]["checks"]
    assert ob3["holder_binding"]["code"] == "holder_binding.subject_match"
    # the enveloped SD-JWT VC, verified as itself, bound to the holder by its cnf key
    assert (sd_jwt["verdict"]["format"], sd_jwt["result"]) == ("sd-jwt-vc", "valid"), sd_jwt["verdict"]["checks"]
    assert sd_jwt["holder_binding"]["code"] == "holder_binding.cnf_match"
    # the self-asserted entry: its own proof checks out, and it says who wrote it
    assert entry["verdict"]["display"]["self_asserted"] is True
    assert entry["verdict"]["issuer"]["id"] == made["did"]
    # a file cannot show who is presenting it: never better than could_not_check
    assert verdict["result"] == "could_not_check"


@pytest.mark.parametrize("change", ["credential", "entry", "holder"])
def test_a_changed_record_fails_its_holder_signature(server, made, change):
    record = copy.deepcopy(made["record"])
    if change == "credential":
        record["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "AI Mastery"
    elif change == "entry":
        record["verifiableCredential"][2]["name"] = "Head barista"
    else:
        record["holder"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    verdict = post(server, json.dumps(record).encode()).json()["verdict"]
    assert verdict["checks"][0]["check"] == "holder_signature"
    assert verdict["checks"][0]["status"] == "failed"
    assert verdict["result"] == "invalid"


def test_the_verify_page_shows_a_record_as_a_presentation(server, made):
    body = json.dumps(made["record"]).encode()
    r = httpx.post(server.url + "/verify", files={"data": ("satchel-record.json", body, "application/json")}, timeout=60)
    assert r.status_code == 200, r.text[:500]
    page = r.text
    assert 'id="record-result"' in page and "A learner&#39;s record of 3 credentials" in page
    assert 'class="banner could_not_check"' in page
    assert page.count('<section class="cred"') == 3
    # the entry is never shown as "Verified": it is the holder's own word
    assert page.count('class="tag self_asserted"') == 1 and page.count('class="tag valid"') == 2
    assert made["did"] in page
    assert "a record file answers no verifier&#39;s challenge" in page
    zh = httpx.post(server.url + "/verify?lang=zh-Hans", files={"data": ("r.json", body, "application/json")}, timeout=60)
    assert "包含 3 份证书的学习者记录" in zh.text


def test_a_record_posted_as_one_credential_is_refused_with_where_to_send_it(server, made):
    r = httpx.post(server.url + "/api/v1/verify", content=json.dumps(made["record"]).encode(), timeout=60)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "not_a_credential"
    assert re.search(r"/api/v1/presentations/verify", r.json()["message"])
