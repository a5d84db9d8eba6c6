"""A live Satchel server and an SD-JWT VC its issuer made (console + OID4VCI) for
a holder key made here: what the independent holder presents."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import LiveServer
from tests.issuer.test_live_sd_jwt import PRE_AUTH, admin_token
from tests.issuer.wallet import (
    Wallet,
    b64url,
    csrf_in_page,
    fresh_nonce,
    offer_from_uri,
    offer_uri_in_page,
    unquote_html,
)


# One server per module, with the per-client limits lifted: every request and
# answer here comes from 127.0.0.1, and the verifier allows one client 20 requests
# and then one every 3 s (the limits have their own tests in tests/verifier).
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("oid4vp-verifier") / "data"
    data.mkdir()
    live = LiveServer(data, unlimited=True)
    yield live
    live.stop()


def _redeem(server, fmt: str):
    """(credential, holder private JWK): an award made with Satchel's console and
    redeemed by OID4VCI in the configuration of format ``fmt``, for a holder key made here."""
    base = server.url
    wallet = Wallet()
    with httpx.Client(base_url=base, follow_redirects=True) as admin, httpx.Client(base_url=base) as phone:
        r = admin.post("/console/login", data={"token": admin_token(server)})
        csrf = csrf_in_page(r.text)
        page = admin.post("/console/awards", data={"csrf": csrf, "achievement": "ai-foundations", "subject": wallet.did})
        assert [r.status_code for r in page.history] == [303] and page.status_code == 200
        claim = unquote_html(re.search(r'id="claim-link" href="([^"]+)"', page.text).group(1))
        offer = offer_from_uri(offer_uri_in_page(phone.get(claim).text))
        meta = phone.get("/.well-known/openid-credential-issuer").json()
        config_id = next(
            c for c in offer["credential_configuration_ids"]
            if meta["credential_configurations_supported"][c]["format"] == fmt
        )
        code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
        token = phone.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code}).json()
        r = phone.post(
            meta["credential_endpoint"],
            json={"credential_configuration_id": config_id, "proofs": {"jwt": [wallet.proof(base, fresh_nonce(phone))]}},
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        assert r.status_code == 200, r.text
    credential = r.json()["credentials"][0]["credential"]
    raw = wallet.key.private_bytes_raw()
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(wallet.key.public_key().public_bytes_raw()), "d": b64url(raw)}
    return credential, jwk


@pytest.fixture(scope="module")
def held(server):
    """(SD-JWT VC, holder private JWK): issued by Satchel's console + OID4VCI to a holder key made here."""
    return _redeem(server, "dc+sd-jwt")


@pytest.fixture(scope="module")
def held_ldp(server):
    """(Open Badges 3.0 credential with an eddsa-rdfc-2022 proof, holder private JWK), the same way."""
    return _redeem(server, "ldp_vc")
