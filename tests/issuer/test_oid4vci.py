"""The OID4VCI pre-authorised code flow against the real app and SQLite file:
award in the console, scan the offer, get a token, prove the DID, receive the
credential, verify it; and every refused request with its OAuth error code."""

from __future__ import annotations

import json

import pytest

from .conftest import BASE
from .wallet import Wallet, fresh_nonce, offer_from_uri, offer_uri_in_page

PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def award_offer(console, wallet: Wallet, slug="green-finance", tx_code=False, lang="en") -> tuple[dict, str]:
    form = {"csrf": console.csrf, "achievement": slug, "subject": wallet.did, "lang": lang}
    if tx_code:
        form["tx_code"] = "on"
    page = console.post("/console/awards", data=form)
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200, page.text
    return offer_from_uri(offer_uri_in_page(page.text)), page.text


def token_for(client, offer: dict, **extra) -> dict:
    code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code, **extra})
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    assert "c_nonce" not in r.json()  # 1.0: the token response carries no nonce
    return r.json()


def request_credential(client, token: dict, jwt: str):
    return client.post(
        "/oid4vci/credential",
        json={"credential_configuration_id": "OpenBadgeCredential_ldp_vc", "proofs": {"jwt": [jwt]}},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )


def verdict_of(client, credential: dict) -> dict:
    r = client.post("/api/v1/verify", content=json.dumps(credential).encode())
    assert r.status_code == 200
    return r.json()["verdict"]


def test_metadata_names_the_endpoints(client):
    meta = client.get("/.well-known/openid-credential-issuer").json()
    assert meta["credential_issuer"] == BASE
    assert meta["credential_endpoint"] == f"{BASE}/oid4vci/credential"
    config = meta["credential_configurations_supported"]["OpenBadgeCredential_ldp_vc"]
    assert config["format"] == "ldp_vc" and "jwt" in config["proof_types_supported"]
    auth = client.get("/.well-known/oauth-authorization-server").json()
    assert auth["token_endpoint"] == f"{BASE}/oid4vci/token"
    assert PRE_AUTH in auth["grant_types_supported"]


def test_full_exchange_delivers_a_valid_credential_then_revocation_invalidates_it(console, client):
    wallet = Wallet()
    offer, page = award_offer(console, wallet)
    assert "<svg" in page  # the QR code
    assert offer["credential_issuer"] == BASE
    token = token_for(client, offer)
    r = request_credential(client, token, wallet.proof(BASE, fresh_nonce(client)))
    assert r.status_code == 200, r.text
    credential = r.json()["credentials"][0]["credential"]
    assert credential["credentialSubject"]["id"] == wallet.did
    assert credential["issuer"]["id"] == "did:web:testserver.local"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    verdict = verdict_of(client, credential)
    assert verdict["result"] == "valid", verdict["checks"]
    status = next(c for c in verdict["checks"] if c["check"] == "status")
    assert "not revoked" in status["reason"]

    award_id = credential["id"].removeprefix("urn:uuid:")
    r = console.post(f"/console/awards/{award_id}/status", data={"csrf": console.csrf, "action": "revoke"}, follow_redirects=False)
    assert r.status_code == 303
    verdict = verdict_of(client, credential)
    assert verdict["result"] == "invalid"
    assert any(c["check"] == "status" and c["status"] == "failed" and "revoked" in c["reason"] for c in verdict["checks"])


def test_suspension_and_reinstatement(console, client):
    wallet = Wallet()
    offer, _ = award_offer(console, wallet, "teacher-cpd")
    token = token_for(client, offer)
    credential = request_credential(client, token, wallet.proof(BASE, fresh_nonce(client))).json()["credentials"][0]["credential"]
    award_id = credential["id"].removeprefix("urn:uuid:")
    console.post(f"/console/awards/{award_id}/status", data={"csrf": console.csrf, "action": "suspend"})
    verdict = verdict_of(client, credential)
    assert verdict["result"] == "invalid" and "suspended" in json.dumps(verdict["checks"])
    console.post(f"/console/awards/{award_id}/status", data={"csrf": console.csrf, "action": "reinstate"})
    assert verdict_of(client, credential)["result"] == "valid"


def test_tx_code_is_required_and_checked(console, client):
    wallet = Wallet()
    offer, page = award_offer(console, wallet, tx_code=True)
    grant = offer["grants"][PRE_AUTH]
    assert grant["tx_code"]["length"] == 6
    tx_code = page.split('id="tx-code">')[1][:6]
    code = grant["pre-authorized_code"]
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    wrong = "000000" if tx_code != "000000" else "111111"
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code, "tx_code": wrong})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    token_for(client, offer, tx_code=tx_code)


def test_wrong_code_is_invalid_grant(client):
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": "not-a-code"})
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_grant"


def test_other_grant_type_and_json_body_are_refused(client):
    r = client.post("/oid4vci/token", data={"grant_type": "authorization_code", "code": "x"})
    assert r.json()["error"] == "unsupported_grant_type"
    r = client.post("/oid4vci/token", json={"grant_type": PRE_AUTH, "pre-authorized_code": "x"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"


def test_replayed_code_is_invalid_grant(console, client):
    offer, _ = award_offer(console, Wallet())
    token_for(client, offer)
    code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert "already been used" in r.json()["error_description"]


def test_expired_offer_is_invalid_grant(console, client, db):
    offer, _ = award_offer(console, Wallet())
    db.execute("update offers set expires = 0")  # the clock moved past the offer's lifetime
    code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert "expired" in r.json()["error_description"]


def test_proof_for_another_did_is_invalid_proof_and_delivers_nothing(console, client):
    learner, intruder = Wallet(), Wallet()
    offer, _ = award_offer(console, learner)
    token = token_for(client, offer)
    r = request_credential(client, token, intruder.proof(BASE, fresh_nonce(client)))
    assert r.status_code == 400 and r.json()["error"] == "invalid_proof"
    assert "credential" not in r.json()
    # the learner can still collect it with a fresh nonce
    nonce = client.post("/oid4vci/nonce").json()["c_nonce"]
    assert request_credential(client, token, learner.proof(BASE, nonce)).status_code == 200


def test_forged_signature_is_invalid_proof(console, client):
    learner, intruder = Wallet(), Wallet()
    offer, _ = award_offer(console, learner)
    token = token_for(client, offer)
    forged = intruder.proof(BASE, fresh_nonce(client), kid=learner.kid)
    r = request_credential(client, token, forged)
    assert r.status_code == 400 and r.json()["error"] == "invalid_proof"


@pytest.mark.parametrize(
    "change",
    [{"typ": "JWT"}, {"aud": "https://elsewhere.example"}, {"iat": 1_000_000_000}],
    ids=["wrong-typ", "wrong-aud", "stale-iat"],
)
def test_malformed_proofs_are_invalid_proof(console, client, change):
    wallet = Wallet()
    offer, _ = award_offer(console, wallet)
    token = token_for(client, offer)
    aud = change.get("aud", BASE)
    jwt = wallet.proof(aud, fresh_nonce(client), typ=change.get("typ", "openid4vci-proof+jwt"), iat=change.get("iat"))
    r = request_credential(client, token, jwt)
    assert r.status_code == 400 and r.json()["error"] == "invalid_proof"


def test_unknown_or_replayed_nonce_is_invalid_nonce(console, client):
    wallet = Wallet()
    offer, _ = award_offer(console, wallet)
    token = token_for(client, offer)
    r = request_credential(client, token, wallet.proof(BASE, "made-up-nonce"))
    assert r.status_code == 400 and r.json()["error"] == "invalid_nonce"
    assert "c_nonce" not in r.json()  # 1.0: nonces come only from the nonce endpoint
    fresh = fresh_nonce(client)
    assert request_credential(client, token, wallet.proof(BASE, fresh)).status_code == 200
    # the spent nonce again (with a new offer and token) is refused
    offer2, _ = award_offer(console, wallet)
    token2 = token_for(client, offer2)
    r = request_credential(client, token2, wallet.proof(BASE, fresh))
    assert r.status_code == 400 and r.json()["error"] == "invalid_nonce"


def test_missing_or_spent_access_token_is_invalid_token(console, client):
    wallet = Wallet()
    r = client.post("/oid4vci/credential", json={"credential_configuration_id": "OpenBadgeCredential_ldp_vc"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    assert "Bearer" in r.headers["www-authenticate"]
    offer, _ = award_offer(console, wallet)
    token = token_for(client, offer)
    assert request_credential(client, token, wallet.proof(BASE, fresh_nonce(client))).status_code == 200
    nonce = client.post("/oid4vci/nonce").json()["c_nonce"]
    r = request_credential(client, token, wallet.proof(BASE, nonce))
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"


def test_unknown_configuration_is_refused(console, client):
    wallet = Wallet()
    offer, _ = award_offer(console, wallet)
    token = token_for(client, offer)
    r = client.post(
        "/oid4vci/credential",
        json={"credential_configuration_id": "Diploma", "proofs": {"jwt": [wallet.proof(BASE, fresh_nonce(client))]}},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert r.status_code == 400 and r.json()["error"] == "unknown_credential_configuration"
