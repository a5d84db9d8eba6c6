"""Against the real server process on a loopback port: the learner's claim page,
the SD-JWT VC by OID4VCI over HTTP, and revocation seen through the Status List
Token served over HTTP (decoded here independently from the draft's text)."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import zlib

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.conftest import REPO, LiveServer

from .wallet import (
    Wallet,
    csrf_in_page,
    fresh_nonce,
    offer_from_uri,
    offer_uri_in_page,
    unb58,
    unquote_html,
)

PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("issuer-live-sdjwt") / "data"
    data.mkdir()
    live = LiveServer(data)
    yield live
    live.stop()


def admin_token(server) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "server.cli", "admin-token", "--data-dir", str(server.data_dir)],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=30,
    ).stdout
    return re.search(r"One-time admin token.*: (\S+)", out).group(1)


def b64json(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def status_in_token(token: str, did_doc: dict, index: int) -> int:
    """Check the Status List Token's signature with the DID document's key, then read entry ``index``."""
    head, body, sig = token.split(".")
    header, claims = b64json(head), b64json(body)
    assert header["typ"] == "statuslist+jwt" and header["alg"] == "EdDSA"
    method = next(m for m in did_doc["verificationMethod"] if m["id"] == header["kid"])
    Ed25519PublicKey.from_public_bytes(unb58(method["publicKeyMultibase"][1:])[2:]).verify(
        base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)), f"{head}.{body}".encode()
    )
    bits = claims["status_list"]["bits"]
    data = zlib.decompress(base64.urlsafe_b64decode(claims["status_list"]["lst"] + "=="))
    per_byte = 8 // bits
    return (data[index // per_byte] >> (bits * (index % per_byte))) & ((1 << bits) - 1)


def test_claim_page_then_sd_jwt_by_oid4vci_then_revocation_over_http(server):
    base = server.url
    wallet = Wallet()
    with httpx.Client(base_url=base, follow_redirects=True) as admin, httpx.Client(base_url=base) as phone:
        r = admin.post("/console/login", data={"token": admin_token(server)})
        assert r.status_code == 200 and "Issuer console" in r.text
        csrf = csrf_in_page(r.text)
        page = admin.post("/console/awards", data={"csrf": csrf, "achievement": "green-finance", "subject": wallet.did})
        assert [r.status_code for r in page.history] == [303] and page.status_code == 200
        claim = unquote_html(re.search(r'id="claim-link" href="([^"]+)"', page.text).group(1))
        assert claim.startswith(f"{base}/claim/")

        # The learner opens the claim link on the phone (no console cookie) and scans the offer.
        claim_page = phone.get(claim)
        assert claim_page.status_code == 200
        offer = offer_from_uri(offer_uri_in_page(claim_page.text))
        meta = phone.get("/.well-known/openid-credential-issuer").json()
        config_id = next(
            c for c in offer["credential_configuration_ids"]
            if meta["credential_configurations_supported"][c]["format"] == "dc+sd-jwt"
        )
        code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
        token = phone.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code}).json()
        r = phone.post(
            meta["credential_endpoint"],
            json={"credential_configuration_id": config_id, "proofs": {"jwt": [wallet.proof(base, fresh_nonce(phone))]}},
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        assert r.status_code == 200, r.text
        sd_jwt = r.json()["credentials"][0]["credential"]
        payload = b64json(sd_jwt.split("~")[0].split(".")[1])
        ref = payload["status"]["status_list"]
        assert ref["uri"] == f"{base}/issuer/status-token/1"

        verdict = phone.post("/api/v1/verify", content=sd_jwt.encode()).json()["verdict"]
        assert verdict["result"] == "valid", verdict["checks"]
        did_doc = phone.get("/.well-known/did.json").json()
        assert status_in_token(phone.get(ref["uri"]).text, did_doc, ref["idx"]) == 0

        award_id = re.search(r'action="/console/awards/([^/"]+)/status"', page.text).group(1)
        r = admin.post(f"/console/awards/{award_id}/status", data={"csrf": csrf, "action": "revoke"})
        assert r.status_code == 200 and "revoked" in r.text
        assert status_in_token(phone.get(ref["uri"]).text, did_doc, ref["idx"]) == 1
        verdict = phone.post("/api/v1/verify", content=sd_jwt.encode()).json()["verdict"]
        assert verdict["result"] == "invalid"
        assert any(c["check"] == "status" and "revoked" in c["reason"] for c in verdict["checks"])

        gone = phone.get(claim)
        assert gone.status_code == 410 and "revoked" in gone.text
