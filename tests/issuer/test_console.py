"""Issuer console: admin login, CSRF, key rotation, versions, downloads, did:web."""

from __future__ import annotations

import json

from server.issuer.console.admin import issue_admin_token
from wallet_core.containers import png, svg

from .conftest import BASE
from .test_oid4vci import award_offer, verdict_of
from .wallet import Wallet, independent_eddsa_rdfc_verify


def award_id_from(page: str) -> str:
    return page.split('action="/console/awards/')[1].split("/")[0]


def test_console_needs_a_login_and_the_token_works_once(client, db):
    r = client.get("/console", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/login"
    token = issue_admin_token(db)
    r = client.post("/console/login", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/console" in cookie
    client.cookies.clear()
    r = client.post("/console/login", data={"token": token}, follow_redirects=False)
    assert r.status_code == 403


def test_award_without_csrf_is_refused_and_writes_nothing(console, db):
    before = db["awards"].count
    r = console.post("/console/awards", data={"achievement": "green-finance", "subject": Wallet().did})
    assert r.status_code == 403
    r = console.post("/console/awards", data={"csrf": "guess", "achievement": "green-finance", "subject": Wallet().did})
    assert r.status_code == 403
    assert db["awards"].count == before


def test_bad_award_input_is_4xx_and_writes_nothing(console, db):
    before = db["awards"].count
    r = console.post("/console/awards", data={"csrf": console.csrf, "achievement": "green-finance", "subject": "mailto:a@b"})
    assert r.status_code == 400
    r = console.post("/console/awards", data={"csrf": console.csrf, "achievement": "nope", "subject": Wallet().did})
    assert r.status_code == 404
    assert db["awards"].count == before


def test_did_document_is_did_web_of_the_public_url(client):
    doc = client.get("/.well-known/did.json").json()
    assert doc["id"] == "did:web:testserver.local"
    # the Ed25519 key, and the P-256 key for ecdsa-rdfc-2019 awards (test_ecdsa_award)
    assert doc["assertionMethod"] == ["did:web:testserver.local#key-1", "did:web:testserver.local#p256-key-1"]


def test_status_list_is_signed_large_and_cacheable(client):
    r = client.get("/issuer/status/1")
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=300"
    listing = r.json()
    assert listing["credentialSubject"]["statusPurpose"] == "revocation"
    assert listing["credentialSubject"]["encodedList"].startswith("u")
    from wallet_core.status.bitstring import decode_list

    assert len(decode_list(listing["credentialSubject"]["encodedList"])) * 8 >= 131072
    assert client.get("/issuer/status/9").status_code == 404


def test_key_rotation_keeps_old_credentials_verifiable(console, client):
    wallet = Wallet()
    _, page = award_offer(console, wallet)
    old = console.get(f"/console/awards/{award_id_from(page)}/credential.json").json()
    assert old["proof"]["verificationMethod"].endswith("#key-1")
    r = console.post("/console/keys", data={"csrf": console.csrf}, follow_redirects=False)
    assert r.status_code == 303
    _, page = award_offer(console, wallet)
    new = console.get(f"/console/awards/{award_id_from(page)}/credential.json").json()
    assert new["proof"]["verificationMethod"].endswith("#key-2")
    doc = client.get("/.well-known/did.json").json()
    ed25519 = [m for m in doc["verificationMethod"] if m["publicKeyMultibase"].startswith("z6Mk")]
    assert len(ed25519) == 2  # beside them, the P-256 key (test_ecdsa_award)
    for credential in (old, new):
        assert verdict_of(client, credential)["result"] == "valid"
        assert independent_eddsa_rdfc_verify(credential, doc)


def test_new_version_leaves_awarded_credentials_unchanged(console, client):
    wallet = Wallet()
    _, page = award_offer(console, wallet, "cloud-computing-basics")
    award_id = award_id_from(page)
    before = console.get(f"/console/awards/{award_id}/credential.json").json()
    form = {"csrf": console.csrf, "description.en": "Revised course.", "description.zh-Hans": "修订课程。"}
    r = console.post("/console/achievements/cloud-computing-basics/versions", data=form, follow_redirects=False)
    assert r.status_code == 303
    published = {a["slug"]: a for a in client.get("/api/v1/issuer/achievements").json()}
    assert published["cloud-computing-basics"]["version"] == 2
    assert published["cloud-computing-basics"]["description"]["en"] == "Revised course."
    after = console.get(f"/console/awards/{award_id}/credential.json").json()
    assert after == before and before["credentialSubject"]["achievement"]["version"] == "1"
    assert verdict_of(client, after)["result"] == "valid"
    _, page = award_offer(console, wallet, "cloud-computing-basics")
    newer = console.get(f"/console/awards/{award_id_from(page)}/credential.json").json()
    assert newer["credentialSubject"]["achievement"]["description"] == "Revised course."
    assert newer["credentialSubject"]["achievement"]["id"].endswith("/cloud-computing-basics/v2")
    assert client.get("/issuer/achievements/cloud-computing-basics/v1").json()["version"] == 1


def test_a_version_with_one_language_is_refused(console, db):
    before = db["achievements"].count
    form = {"csrf": console.csrf, "description.en": "Only English", "description.zh-Hans": "", "description.zh-Hant": ""}
    r = console.post("/console/achievements/teacher-cpd/versions", data=form)
    assert r.status_code == 400
    assert db["achievements"].count == before


def test_baked_downloads_verify(console, client):
    wallet = Wallet()
    _, page = award_offer(console, wallet, "ai-foundations", lang="zh-Hant")
    award_id = award_id_from(page)
    for kind, unbake in (("png", png.unbake), ("svg", svg.unbake)):
        r = console.get(f"/console/awards/{award_id}/credential.{kind}")
        assert r.status_code == 200
        credential = json.loads(unbake(r.content))
        assert credential["credentialSubject"]["id"] == wallet.did
        verdict = client.post("/api/v1/verify", content=r.content).json()["verdict"]
        assert verdict["result"] == "valid" and verdict["container"] == kind
        assert verdict["display"]["language"] == "zh-Hant"
    assert console.get(f"/console/awards/{award_id}/credential.exe").status_code == 404
    assert console.get("/console/awards/no-such-award/credential.json").status_code == 404


def test_demo_issuer_has_bilingual_achievements_and_the_stackable_pathway(client):
    achievements = client.get("/api/v1/issuer/achievements").json()
    assert len(achievements) >= 7
    for a in achievements:
        assert len([t for t in a["name"].values() if t]) >= 2
    green = next(a for a in achievements if a["slug"] == "green-finance")
    assert green["creditsAvailable"] == 5 and green["level"] == {"framework": "HKQF", "level": "4"}
    (pathway,) = client.get("/api/v1/issuer/pathways").json()
    assert [r["slug"] for r in pathway["requires"]] == ["green-finance", "esg-investing", "carbon-markets"]
    assert pathway["awards"]["slug"] == "sustainable-finance-certificate"
    assert pathway["requires"][0]["id"] == f"{BASE}/issuer/achievements/green-finance/v1"


def test_non_ascii_csrf_field_is_refused_with_403_not_500(console, db):
    # compare_digest refuses non-ASCII text; the console compares bytes
    before = db["awards"].count
    form = {"csrf": "caf\u00e9", "achievement": "green-finance", "subject": Wallet().did}
    r = console.post("/console/awards", data=form)
    assert r.status_code == 403
    assert db["awards"].count == before
