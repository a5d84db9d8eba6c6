"""POST /api/v1/verify against the real app (real SQLite file, real signatures)."""

from __future__ import annotations

import json

import pytest

from tests.issued import award_credential
from tests.own_vectors import ob3_bytes, ob3_png, plain_png

LEARNER_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def award(client, slug="green-finance", lang="en") -> dict:
    return award_credential(client, LEARNER_DID, slug, lang)


def checks_by_name(verdict: dict) -> dict[str, dict]:
    return {c["check"]: c for c in verdict["checks"]}


def test_issued_credential_verifies_as_valid(client):
    credential = award(client)
    r = client.post("/api/v1/verify", content=json.dumps(credential))
    assert r.status_code == 200, r.text
    verdict = r.json()["verdict"]
    assert verdict["result"] == "valid", verdict["checks"]
    assert verdict["container"] == "json"
    assert verdict["subject"] == LEARNER_DID
    assert checks_by_name(verdict)["proof"]["status"] == "passed"
    assert verdict["display"]["name"] == "Green Finance"
    assert verdict["display"]["issuer_name"] == "Satchel Demo Academy"


def test_issued_credential_in_chinese_keeps_its_language(client):
    credential = award(client, "cloud-computing-basics", "zh-Hans")
    verdict = client.post("/api/v1/verify", content=json.dumps(credential)).json()["verdict"]
    assert verdict["display"]["name"] == "云计算基础"
    assert verdict["display"]["issuer_name"] == "Satchel 演示学院"
    assert verdict["result"] == "valid"


def test_tampered_credential_is_invalid(client):
    credential = award(client)
    credential["credentialSubject"]["achievement"]["name"] = "Quantum Finance"
    verdict = client.post("/api/v1/verify", content=json.dumps(credential)).json()["verdict"]
    assert verdict["result"] == "invalid"
    assert checks_by_name(verdict)["proof"]["status"] == "failed"


def test_ob30_json_signed_by_another_library_gets_a_verdict(client):
    r = client.post("/api/v1/verify", content=ob3_bytes())
    assert r.status_code == 200, r.text
    verdict = r.json()["verdict"]
    assert verdict["format"].startswith("ob3")
    assert checks_by_name(verdict)["proof"]["status"] == "passed"


def test_ob30_baked_png_is_unbaked_and_verified(client):
    r = client.post(
        "/api/v1/verify",
        content=ob3_png(),
        headers={"Content-Type": "image/png"},
    )
    assert r.status_code == 200, r.text
    verdict = r.json()["verdict"]
    assert verdict["container"] == "png"
    assert verdict["display"]["name"]
    assert json.loads(verdict["credential"])["type"][0] == "VerifiableCredential"


def test_non_credential_json_is_refused(client):
    r = client.post("/api/v1/verify", content=b'{"hello": "world"}')
    assert r.status_code == 422
    assert r.json()["error"] == "not_a_credential"
    assert r.json()["message"]


def test_broken_json_is_refused_with_a_reason(client):
    r = client.post("/api/v1/verify", content=b'{"@context": ["https://www.w3.org/ns/credentials/v2",')
    assert r.status_code == 400
    assert r.json()["error"] == "malformed"
    assert "JSON" in r.json()["message"]


def test_png_without_a_credential_is_refused(client):
    r = client.post("/api/v1/verify", content=plain_png(), headers={"Content-Type": "image/png"})
    assert r.status_code == 422
    assert r.json()["error"] == "not_a_credential"


def test_twenty_megabyte_upload_is_refused_with_413(client):
    r = client.post("/api/v1/verify", content=b"0" * (20 * 1024 * 1024))
    assert r.status_code == 413
    assert r.json()["error"] == "too_large"


def test_empty_body_is_refused(client):
    r = client.post("/api/v1/verify", content=b"")
    assert 400 <= r.status_code < 500
    assert r.json()["message"]



def test_the_issuer_name_comes_from_settings(tmp_path):
    from litestar.testing import TestClient

    from server.app import create_app
    from server.settings import Settings

    names = {"en": "Riverside College", "zh-Hant": "河畔學院"}
    settings = Settings(data_dir=tmp_path / "data", offline=True, issuer_names=names)
    with TestClient(app=create_app(settings)) as client:
        for lang, name in (("en", "Riverside College"), ("zh-Hant", "河畔學院"), ("zh-Hans", "Riverside College")):
            credential = award(client, "green-finance", lang)
            assert credential["issuer"]["name"] == name
            verdict = client.post("/api/v1/verify", content=json.dumps(credential)).json()["verdict"]
            assert verdict["result"] == "valid" and verdict["display"]["issuer_name"] == name
        metadata = client.get("/.well-known/openid-credential-issuer").json()
        assert metadata["display"] == [{"name": "Riverside College", "locale": "en"}, {"name": "河畔學院", "locale": "zh-Hant"}]
    with pytest.raises(ValueError, match="name in English"):
        Settings(issuer_names={"zh-Hant": "河畔學院"})
