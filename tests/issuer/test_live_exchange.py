"""End to end against the real server process on a loopback port: the admin
token printed at first start, the console, the OID4VCI exchange over HTTP, and
verification by Satchel's verifier and by an independent eddsa-rdfc-2022 check."""

from __future__ import annotations

import base64
import copy
import gzip
import re
import time

import httpx
import pytest

from tests.conftest import LiveServer

from .wallet import (
    Wallet,
    csrf_in_page,
    fresh_nonce,
    independent_eddsa_rdfc_verify,
    offer_from_uri,
    offer_uri_in_page,
)

PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("issuer-live") / "data"
    data.mkdir()
    live = LiveServer(data)
    yield live
    live.stop()


def printed_token(server) -> str:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        text = (server.data_dir.parent / f"server-{server.port}.log").read_text()
        match = re.search(r"One-time admin token \(shown once\): (\S+)", text)
        if match:
            return match.group(1)
        time.sleep(0.1)
    raise AssertionError("the server printed no admin token")


def bit(encoded_list: str, index: int) -> bool:
    raw = base64.urlsafe_b64decode(encoded_list[1:] + "=" * (-len(encoded_list[1:]) % 4))
    bits = gzip.decompress(raw)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_oid4vci_exchange_with_the_real_server(server):
    base = server.url
    wallet = Wallet()
    with httpx.Client(base_url=base, follow_redirects=True) as admin, httpx.Client(base_url=base) as phone:
        r = admin.post("/console/login", data={"token": printed_token(server)})
        assert r.status_code == 200 and "Issuer console" in r.text  # followed the redirect
        csrf = csrf_in_page(r.text)
        page = admin.post(
            "/console/awards",
            data={"csrf": csrf, "achievement": "green-finance", "subject": wallet.did, "lang": "zh-Hans"},
        )
        assert [r.status_code for r in page.history] == [303] and page.status_code == 200
        offer = offer_from_uri(offer_uri_in_page(page.text))

        # The wallet side: metadata, token, credential (only the offer crosses over).
        meta = phone.get("/.well-known/openid-credential-issuer").json()
        assert meta["credential_issuer"] == offer["credential_issuer"] == base
        auth = phone.get("/.well-known/oauth-authorization-server").json()
        code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
        token = phone.post(auth["token_endpoint"], data={"grant_type": PRE_AUTH, "pre-authorized_code": code}).json()
        r = phone.post(
            meta["credential_endpoint"],
            json={
                "credential_configuration_id": offer["credential_configuration_ids"][0],
                "proofs": {"jwt": [wallet.proof(base, fresh_nonce(phone))]},
            },
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        assert r.status_code == 200, r.text
        credential = r.json()["credentials"][0]["credential"]

        # Satchel's own verifier (resolves its own did:web from its database).
        verdict = phone.post("/api/v1/verify", json=credential).json()["verdict"]
        assert verdict["result"] == "valid", verdict["checks"]
        assert verdict["issuer"]["id"] == "did:web:127.0.0.1%3A" + str(server.port)

        # An independent check of the signature from the DID document served over HTTP.
        did_doc = phone.get("/.well-known/did.json").json()
        assert independent_eddsa_rdfc_verify(credential, did_doc)
        tampered = copy.deepcopy(credential)
        tampered["credentialSubject"]["achievement"]["creditsAvailable"] = 50
        assert not independent_eddsa_rdfc_verify(tampered, did_doc)

        # Replaying the code is refused.
        r = phone.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code})
        assert r.status_code == 400 and r.json()["error"] == "invalid_grant"

        # Revoke: the published list has the bit set, and the verdict turns invalid.
        entry = next(e for e in credential["credentialStatus"] if e["statusPurpose"] == "revocation")
        listing = phone.get("/issuer/status/1").json()
        assert not bit(listing["credentialSubject"]["encodedList"], int(entry["statusListIndex"]))
        award_id = credential["id"].removeprefix("urn:uuid:")
        r = admin.post(f"/console/awards/{award_id}/status", data={"csrf": csrf, "action": "revoke"})
        assert r.status_code == 200 and "revoked" in r.text
        listing = phone.get("/issuer/status/1")
        assert listing.headers["cache-control"] == "public, max-age=300"
        assert bit(listing.json()["credentialSubject"]["encodedList"], int(entry["statusListIndex"]))
        assert independent_eddsa_rdfc_verify(listing.json(), did_doc)
        verdict = phone.post("/api/v1/verify", json=credential).json()["verdict"]
        assert verdict["result"] == "invalid"
        assert any(c["check"] == "status" and c["status"] == "failed" for c in verdict["checks"])
