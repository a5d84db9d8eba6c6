"""OpenID4VCI 1.0 final specifics: JSON 404s where programs probe, CORS on the
wallet-facing endpoints, offers by reference, nonces only from the nonce
endpoint, ``proofs`` only, and proofs naming their key by ``jwk``."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from .conftest import BASE
from .test_oid4vci import PRE_AUTH, award_offer, token_for
from .wallet import Wallet, b58, b64url, fresh_nonce, offer_from_uri, offer_uri_in_page

SD_JWT_CONFIG = "OpenBadgeAchievement_dc_sd_jwt"
LDP_CONFIG = "OpenBadgeCredential_ldp_vc"


def jwk_proof(wallet: Wallet, nonce: str, aud: str = BASE) -> str:
    """A proof JWT naming its key by ``jwk`` (no kid)."""
    x = b64url(wallet.key.public_key().public_bytes_raw())
    header = {"alg": "EdDSA", "typ": "openid4vci-proof+jwt", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": x}}
    payload = {"aud": aud, "iat": int(time.time()), "nonce": nonce}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
    return signing_input + "." + b64url(wallet.key.sign(signing_input.encode()))


def ask(client, token: dict, configuration: str, body: dict):
    return client.post(
        "/oid4vci/credential",
        json={"credential_configuration_id": configuration, **body},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )


@pytest.mark.parametrize(
    "path",
    ["/.well-known/openid-configuration", "/.well-known/nothing", "/oid4vci/nothing", "/api/nothing", "/issuer/nothing"],
)
def test_unknown_machine_paths_are_json_404s_not_the_wallet_app(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == "not_found"


def test_cors_on_metadata_token_nonce_and_credential_endpoints(client):
    origin = {"Origin": "https://wallet.example"}
    for path in ("/.well-known/openid-credential-issuer", "/.well-known/oauth-authorization-server"):
        assert client.get(path, headers=origin).headers["access-control-allow-origin"] == "*"
    assert client.post("/oid4vci/nonce", headers=origin).headers["access-control-allow-origin"] == "*"
    refused = client.post("/oid4vci/credential", json={}, headers=origin)
    assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == "*"
    assert "WWW-Authenticate" in refused.headers["access-control-expose-headers"]
    preflight = client.options(
        "/oid4vci/token",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code in (200, 204)
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    # the console and other pages stay same-origin only
    assert "access-control-allow-origin" not in client.get("/console/login").headers


def test_metadata_is_in_the_1_0_shape(client):
    meta = client.get("/.well-known/openid-credential-issuer").json()
    assert meta["nonce_endpoint"] == f"{BASE}/oid4vci/nonce"
    for config in meta["credential_configurations_supported"].values():
        assert "display" not in config and config["credential_metadata"]["display"]
        assert set(config["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"]) == {"EdDSA", "ES256"}


def test_offer_by_reference_until_the_code_is_used(console, client):
    wallet = Wallet()
    _, page = award_offer(console, wallet)
    link = next(line for line in page.split('"') if line.startswith("openid-credential-offer://?credential_offer_uri="))
    offer_uri = unquote(parse_qs(urlsplit(link.replace("&amp;", "&")).query)["credential_offer_uri"][0])
    assert offer_uri.startswith(f"{BASE}/oid4vci/offers/")
    r = client.get(offer_uri)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    offer = r.json()
    assert offer["credential_issuer"] == BASE
    token = token_for(client, offer)
    r = ask(client, token, LDP_CONFIG, {"proofs": {"jwt": [wallet.proof(BASE, fresh_nonce(client))]}})
    assert r.status_code == 200, r.text
    assert client.get(offer_uri).status_code == 404  # used: the reference is gone
    assert client.get(f"{BASE}/oid4vci/offers/made-up").status_code == 404


def test_jwk_proof_for_the_sd_jwt_when_it_is_the_learners_key(console, client):
    wallet = Wallet()
    offer, _ = award_offer(console, wallet)
    token = token_for(client, offer)
    r = ask(client, token, SD_JWT_CONFIG, {"proofs": {"jwt": [jwk_proof(wallet, fresh_nonce(client))]}})
    assert r.status_code == 200, r.text
    assert list(r.json()) == ["credentials"]  # no legacy singular credential, no c_nonce


def test_jwk_proof_of_another_key_is_refused(console, client):
    learner, intruder = Wallet(), Wallet()
    offer, _ = award_offer(console, learner)
    token = token_for(client, offer)
    r = ask(client, token, SD_JWT_CONFIG, {"proofs": {"jwt": [jwk_proof(intruder, fresh_nonce(client))]}})
    assert r.status_code == 400 and r.json()["error"] == "invalid_proof"
    # the ldp_vc binds to a did:key: a jwk proof is refused even with the right key
    r = ask(client, token, LDP_CONFIG, {"proofs": {"jwt": [jwk_proof(learner, fresh_nonce(client))]}})
    assert r.status_code == 400 and "kid" in r.json()["error_description"]
    # the learner still gets both
    for config in (LDP_CONFIG, SD_JWT_CONFIG):
        r = ask(client, token, config, {"proofs": {"jwt": [learner.proof(BASE, fresh_nonce(client))]}})
        assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    "body, code",
    [
        ({"proof": {"proof_type": "jwt", "jwt": "x.y.z"}}, "invalid_credential_request"),
        ({"proofs": {"jwt": []}}, "invalid_proof"),
        ({"proofs": {"jwt": ["a.b.c", "d.e.f"]}}, "invalid_proof"),
        ({"proofs": {"ldp_vp": [{}]}}, "invalid_proof"),
        ({}, "invalid_proof"),
    ],
    ids=["singular-proof", "no-jwt", "two-proofs", "other-type", "no-proofs"],
)
def test_only_one_proof_in_proofs_is_accepted(console, client, body, code):
    wallet = Wallet()
    offer, _ = award_offer(console, wallet)
    token = token_for(client, offer)
    r = ask(client, token, LDP_CONFIG, body)
    assert r.status_code == 400 and r.json()["error"] == code
    r = ask(client, token, LDP_CONFIG, {"proofs": {"jwt": [wallet.proof(BASE, fresh_nonce(client))]}})
    assert r.status_code == 200  # the refused requests spent nothing


def test_nonces_are_single_use_and_unknown_code_is_refused(client):
    a, b = fresh_nonce(client), fresh_nonce(client)
    assert a != b
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": "nope"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_console_award_is_post_redirect_get_and_shows_its_secrets_once(console, client, db):
    wallet = Wallet()
    before = db["awards"].count
    form = {"csrf": console.csrf, "achievement": "green-finance", "subject": wallet.did, "lang": "en"}
    r = console.post("/console/awards", data=form, follow_redirects=False)
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("/console/awards/") and "?once=" in location
    page = console.get(location)
    assert page.status_code == 200 and 'id="offer-link"' in page.text and 'id="claim-link"' in page.text
    # reloading the result makes nothing and shows no secret again
    again = console.get(location)
    assert again.status_code == 200 and 'id="offer-link"' not in again.text and 'id="claim-link"' not in again.text
    assert db["awards"].count == before + 1
    # a new offer redirects the same way
    award_id = location.split("/")[3].split("?")[0]
    r = console.post(f"/console/awards/{award_id}/offer", data={"csrf": console.csrf}, follow_redirects=False)
    assert r.status_code == 303 and "?once=" in r.headers["location"]


def test_the_once_page_belongs_to_the_session_that_made_it(console, client, db):
    form = {"csrf": console.csrf, "achievement": "green-finance", "subject": Wallet().did, "lang": "en"}
    location = console.post("/console/awards", data=form, follow_redirects=False).headers["location"]
    session = db["console_once"].rows_where("id = ?", [location.split("once=")[1]])
    assert len(list(session)) == 1
    db.execute("update console_once set session_hash = 'another session'")
    assert 'id="offer-link"' not in console.get(location).text


def test_console_qr_is_an_https_offer_page_offering_satchel_and_other_wallets(console, client):
    wallet = Wallet()
    _, page = award_offer(console, wallet)
    start = page.index('id="offer-page" href="') + len('id="offer-page" href="')
    offer_page = page[start : page.index('"', start)]
    assert offer_page.startswith(f"{BASE}/offer/")
    r = client.get(offer_page.removeprefix(BASE))
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert 'id="app-link" href="http://testserver.local/#/offer?credential_offer_uri=' in r.text
    assert 'id="offer-link" href="openid-credential-offer://?credential_offer_uri=' in r.text
    assert 'id="downloads"' not in r.text  # the offer, not the credential
    # once the offer is used, the page says so
    ref = offer_page.rsplit("/", 1)[1]
    offer = client.get(f"/oid4vci/offers/{ref}").json()
    token = token_for(client, offer)
    assert ask(client, token, LDP_CONFIG, {"proofs": {"jwt": [wallet.proof(BASE, fresh_nonce(client))]}}).status_code == 200
    assert client.get(f"/offer/{ref}").status_code == 404


def test_es256_proof_by_did_key_kid_for_both_configurations(console, client):
    """A P-256 did:key (zDn…) wallet: ES256 proofs naming the key by kid."""
    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    multibase = "z" + b58(b"\x80\x24" + point)  # multicodec p256-pub
    did = f"did:key:{multibase}"

    def proof(nonce: str) -> str:
        header = {"alg": "ES256", "typ": "openid4vci-proof+jwt", "kid": f"{did}#{multibase}"}
        payload = {"aud": BASE, "iat": int(time.time()), "nonce": nonce}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
        r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
        return signing_input + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))

    form = {"csrf": console.csrf, "achievement": "green-finance", "subject": did, "lang": "en"}
    page = console.post("/console/awards", data=form)
    assert page.status_code == 200, page.text
    token = token_for(client, offer_from_uri(offer_uri_in_page(page.text)))
    for config in (LDP_CONFIG, SD_JWT_CONFIG):
        r = ask(client, token, config, {"proofs": {"jwt": [proof(fresh_nonce(client))]}})
        assert r.status_code == 200, r.text
