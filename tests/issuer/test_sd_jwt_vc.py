"""The SD-JWT VC form of an award: delivered by OID4VCI (second credential
configuration) bound to the wallet's key, revocable through the IETF Token
Status List that shares the award's index, selectively disclosable."""

from __future__ import annotations

import base64
import json
import time
import zlib

from server.issuer.documents import OwnDocumentsFetcher
from wallet_core import VerifyOptions, verify
from wallet_core.encoding import b64url_encode
from wallet_core.fetcher import FetchError
from wallet_core.sdjwt import present

from .conftest import BASE
from .test_oid4vci import award_offer, token_for
from .wallet import Wallet, fresh_nonce

SD_JWT_CONFIG = "OpenBadgeAchievement_dc_sd_jwt"
LDP_CONFIG = "OpenBadgeCredential_ldp_vc"
TOKEN_URI = f"{BASE}/issuer/status-token/1"


def b64json(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def fetch(client, token: dict, wallet: Wallet, configuration: str, nonce: str):
    return client.post(
        "/oid4vci/credential",
        json={"credential_configuration_id": configuration, "proofs": {"jwt": [wallet.proof(BASE, nonce)]}},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )


def new_nonce(client) -> str:
    return client.post("/oid4vci/nonce").json()["c_nonce"]


def sd_jwt_by_oid4vci(console, client, wallet: Wallet, **kw) -> tuple[str, dict]:
    offer, _page = award_offer(console, wallet, **kw)
    assert offer["credential_configuration_ids"] == [LDP_CONFIG, SD_JWT_CONFIG]
    token = token_for(client, offer)
    ldp = fetch(client, token, wallet, LDP_CONFIG, fresh_nonce(client))
    assert ldp.status_code == 200, ldp.text
    r = fetch(client, token, wallet, SD_JWT_CONFIG, new_nonce(client))
    assert r.status_code == 200, r.text
    return r.json()["credentials"][0]["credential"], ldp.json()["credentials"][0]["credential"]


def verdict(client, text: str) -> dict:
    r = client.post("/api/v1/verify", content=text.encode())
    assert r.status_code == 200, r.text
    return r.json()["verdict"]


def status_of(v: dict) -> dict:
    return next(c for c in v["checks"] if c["check"] == "status")


def set_status(console, award_id: str, action: str) -> None:
    r = console.post(f"/console/awards/{award_id}/status", data={"csrf": console.csrf, "action": action}, follow_redirects=False)
    assert r.status_code == 303


def test_metadata_offers_the_sd_jwt_configuration(client):
    meta = client.get("/.well-known/openid-credential-issuer").json()
    config = meta["credential_configurations_supported"][SD_JWT_CONFIG]
    assert config["format"] == "dc+sd-jwt"
    assert config["cryptographic_binding_methods_supported"] == ["jwk", "did:key"]
    assert config["vct"] == f"{BASE}/issuer/vct/achievement"
    assert "display" not in config and config["credential_metadata"]["display"][0]["locale"] == "en"


def test_sd_jwt_vc_by_oid4vci_is_bound_valid_and_revocable(console, client):
    wallet = Wallet()
    sd_jwt, ldp = sd_jwt_by_oid4vci(console, client, wallet)
    header = b64json(sd_jwt.split("~")[0].split(".")[0])
    payload = b64json(sd_jwt.split("~")[0].split(".")[1])
    assert header["typ"] == "dc+sd-jwt" and header["kid"] == "did:web:testserver.local#key-1"
    assert payload["iss"] == "did:web:testserver.local"
    meta = client.get("/.well-known/openid-credential-issuer").json()
    assert payload["vct"] == meta["credential_configurations_supported"][SD_JWT_CONFIG]["vct"]
    assert payload["achievement"]["id"] == ldp["credentialSubject"]["achievement"]["id"]
    raw = wallet.key.public_key().public_bytes_raw()
    assert payload["cnf"]["jwk"] == {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    index = int(ldp["credentialStatus"][0]["statusListIndex"])
    assert payload["status"] == {"status_list": {"idx": index, "uri": TOKEN_URI}}
    assert "description" not in payload["achievement"]  # disclosable, so hidden in the signed part

    v = verdict(client, sd_jwt)
    assert v["result"] == "valid", v["checks"]
    assert "not revoked" in status_of(v)["reason"]
    assert v["display"]["level"] == "HKQF 4"

    award_id = ldp["id"].removeprefix("urn:uuid:")
    set_status(console, award_id, "suspend")
    v = verdict(client, sd_jwt)
    assert v["result"] == "invalid" and "suspended" in status_of(v)["reason"]
    set_status(console, award_id, "reinstate")
    assert verdict(client, sd_jwt)["result"] == "valid"
    set_status(console, award_id, "revoke")
    v = verdict(client, sd_jwt)
    assert v["result"] == "invalid" and "revoked" in status_of(v)["reason"]
    assert verdict(client, json.dumps(ldp))["result"] == "invalid"  # one revoke, both forms


def test_each_configuration_once_per_access_token(console, client):
    wallet = Wallet()
    offer, _ = award_offer(console, wallet)
    token = token_for(client, offer)
    assert fetch(client, token, wallet, SD_JWT_CONFIG, fresh_nonce(client)).status_code == 200
    r = fetch(client, token, wallet, SD_JWT_CONFIG, new_nonce(client))
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    assert fetch(client, token, wallet, LDP_CONFIG, new_nonce(client)).status_code == 200
    r = fetch(client, token, wallet, "Nope", new_nonce(client))
    assert r.status_code == 400 and r.json()["error"] == "unknown_credential_configuration"


def test_another_wallet_cannot_take_the_sd_jwt(console, client):
    offer, _ = award_offer(console, Wallet())
    token = token_for(client, offer)
    r = fetch(client, token, Wallet(), SD_JWT_CONFIG, fresh_nonce(client))
    assert r.status_code == 400 and r.json()["error"] == "invalid_proof"


def test_learner_discloses_only_what_they_choose(console, client):
    wallet = Wallet()
    sd_jwt, _ = sd_jwt_by_oid4vci(console, client, wallet)
    shown = present(sd_jwt, ["achievement.level", "achievement.credits"], wallet.key, aud="https://employer.example", nonce="n1", iat=int(time.time()))
    claims_text = "".join(
        base64.urlsafe_b64decode(d + "=" * (-len(d) % 4)).decode() for d in shown.split("~")[1:-1]
    )
    assert "HKQF" in claims_text and wallet.did not in claims_text and "case-study" not in claims_text
    v = verdict(client, shown)
    assert v["result"] in ("valid", "could_not_check"), v["checks"]
    assert all(c["status"] != "failed" for c in v["checks"])
    assert v["display"]["level"] == "HKQF 4" and not v["display"]["description"]
    binding = next(c for c in v["checks"] if c["check"] == "holder_binding")
    assert "bound key" in binding["reason"]


class Fetcher:
    """The app's own documents, with the Status List Token replaced or missing."""

    def __init__(self, db, token: str | None):
        self.own = OwnDocumentsFetcher(lambda: db, BASE)
        self.token = token

    def fetch(self, url: str) -> bytes:
        if url == TOKEN_URI:
            if self.token is None:
                raise FetchError("connection refused")
            return self.token.encode()
        return self.own.fetch(url)


def check_with(db, sd_jwt: str, token: str | None) -> dict:
    v = verify(sd_jwt.encode(), VerifyOptions(fetcher=Fetcher(db, token)))
    return {"result": v.result, "status": next(c for c in v.checks if c.check == "status")}


def test_status_token_is_a_signed_statuslist_jwt_with_lsb_first_bits(console, client, db):
    wallet = Wallet()
    _sd_jwt, ldp = sd_jwt_by_oid4vci(console, client, wallet)
    set_status(console, ldp["id"].removeprefix("urn:uuid:"), "revoke")
    r = client.get("/issuer/status-token/1")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/statuslist+jwt")
    assert r.headers["cache-control"] == "public, max-age=300"
    head, body, _sig = r.text.split(".")
    header, claims = b64json(head), b64json(body)
    assert header == {"alg": "EdDSA", "typ": "statuslist+jwt", "kid": "did:web:testserver.local#key-1"}
    assert claims["sub"] == TOKEN_URI and claims["ttl"] == 300 and claims["iat"] <= time.time() < claims["exp"]
    # decoded here from the draft's text: ZLIB, 2 bits per entry, entry 0 in the low bits of byte 0
    data = zlib.decompress(base64.urlsafe_b64decode(claims["status_list"]["lst"] + "=="))
    index = int(ldp["credentialStatus"][0]["statusListIndex"])
    assert claims["status_list"]["bits"] == 2
    assert (data[index // 4] >> (2 * (index % 4))) & 3 == 1
    assert sum((b).bit_count() for b in data) == 1
    assert client.get("/issuer/status-token/2").status_code == 404


def test_unreachable_status_token_could_not_check_and_tampered_fails(console, client, db):
    wallet = Wallet()
    sd_jwt, ldp = sd_jwt_by_oid4vci(console, client, wallet)
    assert check_with(db, sd_jwt, client.get("/issuer/status-token/1").text)["result"] == "valid"
    out = check_with(db, sd_jwt, None)
    assert out["result"] == "could_not_check" and out["status"].status == "could_not_check"

    set_status(console, ldp["id"].removeprefix("urn:uuid:"), "revoke")
    head, body, sig = client.get("/issuer/status-token/1").text.split(".")
    claims = b64json(body)
    claims["status_list"]["lst"] = b64url_encode(zlib.compress(bytes(32768), 9))  # "nobody is revoked"
    forged = f"{head}.{b64url_encode(json.dumps(claims).encode())}.{sig}"
    out = check_with(db, sd_jwt, forged)
    assert out["result"] == "invalid" and out["status"].status == "failed" and "signature" in out["status"].reason
