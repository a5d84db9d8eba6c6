"""Independent OpenID4VCI 1.0 wallets against Satchel's issuer on a live server:
@sphereon/oid4vci-client and @openid4vc/openid4vci (OpenWallet Foundation) each
collect the Open Badges 3.0 ``ldp_vc`` (EdDSA proof, key by did:key ``kid``) and
the SD-JWT VC ``dc+sd-jwt`` (ES256 proof, key by ``jwk``), from offers by value
and by reference. The node scripts name each protocol step; the credentials they
receive must verify in wallet_core (the server's verifier) and be bound to the
wallet's key."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer
from tests.issuer.test_live_exchange import printed_token
from tests.issuer.wallet import csrf_in_page, unquote_html

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LDP = "OpenBadgeCredential_ldp_vc"
SD_JWT = "OpenBadgeAchievement_dc_sd_jwt"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (REPO / "node_modules" / "@sphereon" / "oid4vci-client").exists(),
    reason="node and the dev dependencies (npm ci) are needed for the interop wallets",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("oid4vci-interop") / "data"
    data.mkdir()
    live = LiveServer(data)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def console(server):
    with httpx.Client(base_url=server.url, follow_redirects=True) as admin:
        r = admin.post("/console/login", data={"token": printed_token(server)})
        assert r.status_code == 200
        admin.csrf = csrf_in_page(r.text)
        yield admin


def node(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", str(HERE / script), *args], check=False, cwd=REPO, capture_output=True, text=True, timeout=120
    )


def new_holder(kind: str) -> dict:
    r = node("keygen.mjs", kind)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def award(console, did: str) -> dict[str, str]:
    """Award an achievement to ``did`` in the console; the offer links it shows."""
    page = console.post("/console/awards", data={"csrf": console.csrf, "achievement": "green-finance", "subject": did})
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200, page.text
    links = {}
    for name in ("offer-link", "offer-ref-link"):
        start = page.text.index(f'id="{name}" href="') + len(f'id="{name}" href="')
        links[name] = unquote_html(page.text[start : page.text.index('"', start)])
    return {"by value": links["offer-link"], "by reference": links["offer-ref-link"]}


def run_wallet(tmp_path, script: str, offer_uri: str, configuration: str, holder: dict) -> dict:
    job = tmp_path / f"job-{script}-{configuration}.json"
    job.write_text(json.dumps({"offer_uri": offer_uri, "configuration": configuration, "holder": holder}))
    r = node(script, str(job))
    try:
        result = json.loads(r.stdout)
    except ValueError:
        raise AssertionError(f"{script} printed no result: {r.stdout[:500]} {r.stderr[-2000:]}") from None
    done = [s["step"] for s in result["steps"] if s["ok"]]
    broken = [s for s in result["steps"] if not s["ok"]]
    assert result["ok"], f"{script}: completed {done}; broke at {broken or result.get('error')}\n{r.stderr[-2000:]}"
    assert not result["token_has_c_nonce"], "1.0: the token response carries no c_nonce"
    assert result["response_keys"] == ["credentials"], result["response_keys"]
    if script == "owf_wallet.mjs":  # the library reads the metadata as OpenID4VCI 1.0
        assert result["version"] == "V1", result["version"]
    return result


def verdict(server, credential: dict | str) -> dict:
    """wallet_core's verdict, from the server's verifier (which resolves its own did:web)."""
    text = json.dumps(credential) if isinstance(credential, dict) else credential
    r = httpx.post(server.url + "/api/v1/verify", content=text.encode())
    assert r.status_code == 200, r.text
    return r.json()["verdict"]


def b64json(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


WALLETS = ["sphereon_wallet.mjs", "owf_wallet.mjs"]


@pytest.mark.parametrize("script", WALLETS)
@pytest.mark.parametrize("form", ["by value", "by reference"])
def test_ldp_vc_with_eddsa_did_key_proof(server, console, tmp_path, script, form):
    holder = new_holder("ed25519-did-key")
    offers = award(console, holder["did"])
    result = run_wallet(tmp_path, script, offers[form], LDP, holder)
    credential = result["credential"]
    assert credential["credentialSubject"]["id"] == holder["did"]
    v = verdict(server, credential)
    assert v["result"] == "valid", v["checks"]


@pytest.mark.parametrize("script", WALLETS)
@pytest.mark.parametrize("form", ["by value", "by reference"])
def test_sd_jwt_vc_with_es256_jwk_proof(server, console, tmp_path, script, form):
    holder = new_holder("p256-jwk")
    offers = award(console, holder["did"])
    result = run_wallet(tmp_path, script, offers[form], SD_JWT, holder)
    sd_jwt = result["credential"]
    payload = b64json(sd_jwt.split("~")[0].split(".")[1])
    meta = httpx.get(server.url + "/.well-known/openid-credential-issuer").json()
    assert payload["vct"] == meta["credential_configurations_supported"][SD_JWT]["vct"]
    public = holder["publicJwk"]
    assert {k: payload["cnf"]["jwk"][k] for k in ("kty", "crv", "x", "y")} == {
        "kty": "EC", "crv": "P-256", "x": public["x"], "y": public["y"]
    }
    v = verdict(server, sd_jwt)
    assert v["result"] == "valid", v["checks"]
