"""Satchel's wallet as an OpenID4VP 1.0 holder, against an independent verifier built on the
OpenWallet Foundation's @openid4vc/openid4vp with the dcql package and @sd-jwt/sd-jwt-vc
(verifier.mjs). The learner receives an SD-JWT VC from the real issuer (OpenID4VCI) in real
headless Chromium; the verifier makes a request by value (client identifier prefix
redirect_uri, response_mode direct_post, a DCQL query); the learner opens it, sees who asks
and exactly which claims, shares; the verifier checks everything and its verdict is asserted.
Each protocol step is named in the assertion messages."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations, create_wallet, paste
from tests.e2e.test_share import receive_both_forms, sd_jwt_ids

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(chromium):
    # The verifier's TLS certificate is self-signed for 127.0.0.1: this context accepts it.
    context = chromium.new_context(
        viewport=PHONE,
        device_scale_factor=1,
        locale="en-GB",
        bypass_csp=True,
        ignore_https_errors=True,
    )
    yield context.new_page()
    context.close()


def stored_text(page, record_id: str) -> str:
    return page.evaluate(
        """(id) => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('credentials').objectStore('credentials').get(id);
              req.onsuccess = () => resolve(req.result.credential);
            };
        })""",
        record_id,
    )


def jwt_payload(sd_jwt: str) -> dict:
    part = sd_jwt.split("~")[0].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def wait_result(vp_verifier, request_id: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        result = vp_verifier.result(request_id)
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("direct_post: the verifier never received a response")


def share(page, vp_verifier, request_id: str) -> dict:
    """Press Share; the wallet posts to response_uri (direct_post). The verifier's verdict."""
    page.get_by_test_id("present-send").click()
    page.locator('[data-testid="present-done"], [data-testid="present-error"]').first.wait_for()
    result = vp_verifier.result(request_id)
    assert result is not None, "direct_post: the verifier never received a response"
    assert result["verified"], (
        f"verifier: {result.get('error')} (steps passed: {list(result['steps'])})"
    )
    expect(
        page.get_by_test_id("present-done"), "direct_post: the wallet shows the verifier accepted"
    ).to_have_attribute("data-declined", "false")
    return result


def test_sd_jwt_by_value_redirect_uri_direct_post(
    live_server, console, vp_verifier, page, artifacts
):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did)
    [sd_id] = sd_jwt_ids(page)
    vct = jwt_payload(stored_text(page, sd_id))["vct"]

    # Step 1: the independent verifier creates the request (by value, redirect_uri, direct_post, DCQL).
    dcql = {
        "credentials": [
            {
                "id": "badge",
                "format": "dc+sd-jwt",
                "meta": {"vct_values": [vct]},
                "claims": [{"path": ["achievement", "name"]}, {"path": ["achievement", "credits"]}],
            }
        ]
    }
    req = vp_verifier.request(dcql)
    assert req["uri"].startswith("openid4vp://"), "request: the library makes an openid4vp:// link"
    verifier_host = urlsplit(req["payload"]["response_uri"]).netloc

    # Step 2: the learner pastes the openid4vp:// link (what the scanner reads from a QR code).
    page.goto(live_server.url + "/")
    paste(page, req["uri"])
    card = page.get_by_test_id("present-verifier")
    expect(card, "request: the wallet shows the verifier").to_contain_text(verifier_host)
    expect(card).to_contain_text("Interop Test Verifier")
    expect(card).to_have_attribute("data-prefix", "redirect_uri")
    expect(
        page.get_by_test_id("present-proves"),
        "client id: redirect_uri proves nothing but the destination",
    ).to_contain_text("Not verified")
    # Step 3: DCQL evaluated against the wallet: the one SD-JWT VC, exactly the two claims asked.
    query = page.get_by_test_id("present-query")
    expect(query, "dcql: one credential query").to_have_count(1)
    expect(
        query.get_by_test_id("present-candidate-only"), "dcql: the SD-JWT VC matches"
    ).to_have_attribute("data-record", sd_id)
    claims = query.get_by_test_id("present-claim")
    expect(claims, "dcql: exactly the requested claims are shown").to_have_count(2)
    assert [claims.nth(i).get_attribute("data-path") for i in range(2)] == [
        "achievement.name",
        "achievement.credits",
    ]
    page.wait_for_timeout(150)
    assert axe_violations(page) == [], "request screen: axe"
    screens = artifacts / "screens"
    screens.mkdir(exist_ok=True)
    page.screenshot(path=str(screens / "en-present-request-360.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, (
        "request screen fits 360 px"
    )

    # Step 4: the learner shares; the wallet posts vp_token to response_uri (direct_post).
    result = share(page, vp_verifier, req["id"])
    # Step 5: the independent verifier's verdict, step by step.
    steps = result["steps"]
    assert "response: parsed and validated (state, vp_token shape) by @openid4vc/openid4vp" in steps
    assert "badge[0]: issuer signature, disclosures, key binding signature, sd_hash, nonce" in steps
    assert "badge[0]: key binding aud is the client_id" in steps
    assert "dcql: presentations satisfy the query" in steps
    disclosed = result["claims"]["badge[0]"]
    assert disclosed["achievement"]["credits"], "disclosure: credits were shared"
    assert "description" not in disclosed["achievement"], (
        "disclosure: nothing beyond the query (description withheld)"
    )
    assert "sub" not in disclosed, "disclosure: the learner's DID was not asked and not shared"
    assert disclosed["cnf"]["jwk"]["kty"] == "OKP"


def test_declined_request_tells_the_verifier_and_shares_nothing(
    live_server, console, vp_verifier, page
):
    create_wallet(page, live_server.url)
    dcql = {
        "credentials": [
            {"id": "any", "format": "dc+sd-jwt", "claims": [{"path": ["achievement", "name"]}]}
        ]
    }
    req = vp_verifier.request(dcql)
    page.goto(live_server.url + "/#/present?" + req["uri"].split("?", 1)[1])
    expect(
        page.get_by_test_id("present-nomatch"), "dcql: an empty wallet matches nothing"
    ).to_be_visible()
    expect(page.get_by_test_id("present-send")).to_have_count(0)
    page.get_by_test_id("present-decline").click()
    expect(page.get_by_test_id("present-done")).to_have_attribute("data-declined", "true")
    result = wait_result(vp_verifier, req["id"])
    assert not result["verified"]
    assert result["error"] == "access_denied", "error response: the verifier was told access_denied"
    assert result["state_matches"], "error response: the request's state came back"


def held(page) -> list[dict]:
    """Every stored credential: {id, name, sd (an SD-JWT?), text}."""
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('satchel');
            open.onsuccess = () => {
              const req = open.result.transaction('credentials').objectStore('credentials').getAll();
              req.onsuccess = () => resolve(req.result.map((r) => ({
                id: r.id, name: (r.verdict && r.verdict.display && r.verdict.display.name) || '',
                sd: !r.credential.trim().startsWith('{') && r.credential.includes('~'), text: r.credential})));
            };
        })"""
    )


OB_TYPES = [
    "https://www.w3.org/2018/credentials#VerifiableCredential",
    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
]


def test_ldp_vc_choice_among_two_and_optional_sd_jwt_with_fewer_claims(
    live_server, console, vp_verifier, page, artifacts
):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did, "green-finance")
    receive_both_forms(page, live_server.url, console, did, "teacher-cpd")
    records = held(page)
    badges = [r for r in records if not r["sd"]]
    assert len(badges) == 2
    teacher = next(
        r
        for r in badges
        if json.loads(r["text"])["credentialSubject"]["achievement"]["id"].find("teacher-cpd") >= 0
    )
    # every Satchel SD-JWT VC has the same vct (the achievement is a claim): pick by name
    green_sd = next(r for r in records if r["sd"] and "Green Finance" in r["name"])
    vct = jwt_payload(green_sd["text"])["vct"]

    # Step 1: one required ldp_vc (two in the wallet match) and one optional SD-JWT VC whose
    # claim_sets let the learner leave out the credits.
    dcql = {
        "credentials": [
            {
                "id": "badge",
                "format": "ldp_vc",
                "meta": {"type_values": [OB_TYPES]},
                "claims": [{"path": ["credentialSubject", "achievement", "name"]}],
            },
            {
                "id": "extra",
                "format": "dc+sd-jwt",
                "meta": {"vct_values": [vct]},
                "claims": [
                    {"id": "n", "path": ["achievement", "name"], "values": ["Green Finance"]},
                    {"id": "c", "path": ["achievement", "credits"]},
                ],
                "claim_sets": [["n", "c"], ["n"]],
            },
        ],
        "credential_sets": [{"options": [["badge"]]}, {"options": [["extra"]], "required": False}],
    }
    req = vp_verifier.request(dcql)
    page.goto(live_server.url + "/#/present?" + req["uri"].split("?", 1)[1])

    # Step 2: DCQL against the wallet: both Open Badges match the ldp_vc query; the learner picks one.
    badge = page.locator('[data-testid="present-query"][data-id="badge"]')
    expect(
        badge.get_by_test_id("present-candidate"), "dcql: both ldp_vc badges match"
    ).to_have_count(2)
    expect(
        badge.get_by_test_id("present-whole"),
        "ldp_vc: the learner is told the whole credential goes",
    ).to_be_visible()
    badge.locator(f'[data-testid="present-candidate"][data-record="{teacher["id"]}"]').check()
    # Step 3: the optional credential: include it, with the smaller claim set (no credits).
    extra = page.locator('[data-testid="present-query"][data-id="extra"]')
    expect(extra.get_by_test_id("present-candidate-only")).to_have_attribute(
        "data-record", green_sd["id"]
    )
    extra.get_by_test_id("present-include").check()
    expect(
        extra.get_by_test_id("present-claim"), "claim_sets: first set asks name and credits"
    ).to_have_count(2)
    extra.locator('[data-testid="present-claimset"][data-index="1"]').check()
    expect(
        extra.get_by_test_id("present-claim"), "claim_sets: the learner keeps only the name"
    ).to_have_count(1)
    page.wait_for_timeout(150)
    assert axe_violations(page) == [], "request screen with choices: axe"
    page.screenshot(path=str(artifacts / "screens" / "en-present-choices-360.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    result = share(page, vp_verifier, req["id"])
    steps = result["steps"]
    assert (
        "badge[0]: holder proof (challenge = nonce, domain = client_id), credential proof and status by @digitalbazaar/vc"
        in steps
    )
    assert "badge[0]: holder is the credential subject" in steps
    assert "extra[0]: key binding aud is the client_id" in steps
    assert "dcql: presentations satisfy the query" in steps
    assert (
        "teacher-cpd" in result["claims"]["badge[0]"]["credentialSubject"]["achievement"]["id"]
    ), "choice: the picked badge"
    assert "credits" not in result["claims"]["extra[0]"]["achievement"], (
        "claim_sets: credits withheld"
    )


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def did_key(raw: bytes) -> str:
    data = b"\xed\x01" + raw
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "did:key:z" + out


def vc_jwt(subject: str) -> str:
    """A VC-JWT (VC data model 1.1, EdDSA) from a did:key issuer made here: the test is the issuer."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate()
    issuer = did_key(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    now = int(time.time())
    payload = {
        "iss": issuer,
        "sub": subject,
        "nbf": now - 60,
        "jti": "urn:uuid:6d0f4b4e-9a3c-4f0e-8f55-0c1d2e3f4a5b",
        "vc": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "issuanceDate": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 60)),
            "credentialSubject": {"id": subject, "name": "Forklift safety"},
        },
    }
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    header = {"alg": "EdDSA", "typ": "JWT", "kid": f"{issuer}#{issuer.removeprefix('did:key:')}"}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{b64(key.sign(signing_input.encode()))}"


def test_jwt_vc_json_as_a_holder_signed_vp_jwt(live_server, vp_verifier, page):
    did = create_wallet(page, live_server.url)
    paste(page, vc_jwt(did))
    expect(page.get_by_test_id("status")).to_contain_text("Added")

    dcql = {
        "credentials": [
            {
                "id": "cert",
                "format": "jwt_vc_json",
                "meta": {
                    "type_values": [["https://www.w3.org/2018/credentials#VerifiableCredential"]]
                },
                "claims": [{"path": ["credentialSubject", "name"]}],
            }
        ]
    }
    req = vp_verifier.request(dcql)
    paste(page, req["uri"])
    query = page.get_by_test_id("present-query")
    expect(
        query.get_by_test_id("present-candidate-only"), "dcql: the VC-JWT matches"
    ).to_have_count(1)
    expect(query.get_by_test_id("present-whole")).to_be_visible()
    expect(query.get_by_test_id("present-claim")).to_have_attribute(
        "data-path", "credentialSubject.name"
    )
    result = share(page, vp_verifier, req["id"])
    steps = result["steps"]
    assert "cert[0]: VP-JWT signed by the holder" in steps
    assert "cert[0]: VP-JWT nonce and aud (client_id)" in steps
    assert "cert[0]: VC-JWT issuer signature, subject is the holder" in steps
    assert "dcql: presentations satisfy the query" in steps
    assert result["claims"]["cert[0]"]["credentialSubject"]["name"] == "Forklift safety"


def test_signed_request_uri_with_decentralized_identifier(live_server, console, vp_verifier, page):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did)
    dcql = {
        "credentials": [
            {"id": "badge", "format": "dc+sd-jwt", "claims": [{"path": ["achievement", "credits"]}]}
        ]
    }

    # Step 1: the verifier signs a request object (oauth-authz-req+jwt) with its did:key and links to it.
    req = vp_verifier.request(dcql, client_id_prefix="decentralized_identifier")
    assert "request_uri=" in req["uri"] and "dcql_query" not in req["uri"], "request: by reference"
    verifier_did = req["client_id"].removeprefix("decentralized_identifier:")

    # Step 2: the wallet fetches request_uri, checks the signature with the DID's key, shows the DID.
    page.goto(live_server.url + "/")
    paste(page, req["uri"])
    card = page.get_by_test_id("present-verifier")
    expect(card, "client id: decentralized_identifier, signature checked").to_have_attribute(
        "data-proves", "did"
    )
    expect(card).to_have_attribute("data-prefix", "decentralized_identifier")
    expect(page.get_by_test_id("present-did")).to_have_text(verifier_did)
    expect(page.get_by_test_id("present-claim")).to_have_attribute(
        "data-path", "achievement.credits"
    )
    page.wait_for_timeout(150)
    assert axe_violations(page) == [], "signed request screen: axe"
    result = share(page, vp_verifier, req["id"])
    assert "badge[0]: key binding aud is the client_id" in result["steps"], (
        "key binding aud: the DID client id"
    )

    # Step 3: a forged request object (payload changed after signing) is refused, nothing is sent.
    forged = vp_verifier.request(dcql, client_id_prefix="decentralized_identifier", tamper=True)
    page.goto(live_server.url + "/#/present?" + forged["uri"].split("?", 1)[1])
    expect(
        page.get_by_test_id("present-error"), "request object: a bad signature is refused"
    ).to_have_attribute("data-kind", "client")
    expect(page.get_by_test_id("present-send")).to_have_count(0)
    assert vp_verifier.result(forged["id"]) is None, "nothing was sent for the forged request"


def test_signed_request_uri_with_x509_san_dns(live_server, console, vp_verifier, page):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did)
    dcql = {
        "credentials": [
            {"id": "badge", "format": "dc+sd-jwt", "claims": [{"path": ["achievement", "name"]}]}
        ]
    }

    # Step 1: a request object signed with the key of a certificate naming "localhost" (x5c; self-signed,
    # from no certificate authority), response_uri on https://localhost.
    req = vp_verifier.request(dcql, client_id_prefix="x509_san_dns")
    assert req["client_id"] == "x509_san_dns:localhost"

    # Step 2: the wallet checks the signature with the leaf certificate's key and its SAN dNSName,
    # and says the domain is not verified (it trusts no certificate authority).
    page.goto(live_server.url + "/")
    paste(page, req["uri"])
    card = page.get_by_test_id("present-verifier")
    expect(card, "client id: x509_san_dns, signature and SAN checked").to_have_attribute(
        "data-proves", "x509"
    )
    expect(page.get_by_test_id("present-proves")).to_contain_text("the domain is not verified")
    expect(page.get_by_test_id("present-proves")).to_contain_text("localhost")
    page.wait_for_timeout(150)
    assert axe_violations(page) == [], "x509 request screen: axe"
    result = share(page, vp_verifier, req["id"])
    assert "badge[0]: key binding aud is the client_id" in result["steps"], (
        "key binding aud: x509_san_dns:localhost"
    )


@pytest.mark.parametrize("enc", ["A128GCM", "A256GCM"])
def test_direct_post_jwt_encrypted_to_the_verifier(live_server, console, vp_verifier, page, enc):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did)
    dcql = {
        "credentials": [
            {"id": "badge", "format": "dc+sd-jwt", "claims": [{"path": ["achievement", "credits"]}]}
        ]
    }
    # Step 1: the request asks for an encrypted response to the key in client_metadata.jwks.
    req = vp_verifier.request(dcql, response_mode="direct_post.jwt", enc=enc)
    page.goto(live_server.url + "/")
    paste(page, req["uri"])
    expect(page.get_by_test_id("present-claim")).to_have_attribute(
        "data-path", "achievement.credits"
    )
    # Step 2: the wallet encrypts {vp_token, state} (ECDH-ES, WebCrypto); jose decrypts it.
    result = share(page, vp_verifier, req["id"])
    assert result["jwe_header"]["alg"] == "ECDH-ES" and result["jwe_header"]["enc"] == enc
    assert f"response: JWE (ECDH-ES, {enc}) decrypted by jose" in result["steps"]
    assert "badge[0]: key binding aud is the client_id" in result["steps"]
    assert "dcql: presentations satisfy the query" in result["steps"]


def test_bad_requests_are_refused_with_a_reason_and_send_nothing(live_server, page):
    create_wallet(page, live_server.url)
    ok = {
        "client_id": "redirect_uri:https://127.0.0.1:9/cb",
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": "https://127.0.0.1:9/cb",
        "nonce": "n-0S6_WzA2Mj",
        "dcql_query": json.dumps({"credentials": [{"id": "a", "format": "dc+sd-jwt"}]}),
    }
    cases = {
        "malformed": {**ok, "nonce": ""},
        "client": {**ok, "response_uri": "https://127.0.0.1:9/elsewhere"},
        "unsupported": {**ok, "response_mode": "fragment"},
    }
    for kind, params in cases.items():
        page.goto(live_server.url + "/#/present?" + urlencode(params))
        expect(
            page.get_by_test_id("present-error"), f"bad request ({kind}) is refused"
        ).to_have_attribute("data-kind", kind)
        expect(page.get_by_test_id("present-send")).to_have_count(0)
    # An unsigned request cannot claim a DID or a certificate.
    unsigned_did = {
        **ok,
        "client_id": "decentralized_identifier:did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    }
    page.goto(live_server.url + "/#/present?" + urlencode(unsigned_did))
    expect(
        page.get_by_test_id("present-error"), "client id: an unsigned DID request"
    ).to_have_attribute("data-kind", "client")
    # The refusal in Simplified Chinese.
    page.evaluate("() => localStorage.setItem('satchel.lang', 'zh-Hans')")
    page.goto(live_server.url + "/#/present?" + urlencode(cases["malformed"]))
    page.reload()
    expect(page.get_by_test_id("present-error")).to_contain_text(
        "此请求链接不是有效的 OpenID4VP 请求"
    )
    page.wait_for_timeout(150)
    assert axe_violations(page) == [], "refusal screen (zh-Hans): axe"


def test_qr_code_scanned_under_the_real_csp(live_server, console, vp_verifier, chromium, tmp_path):
    from tests.e2e.collect import qr_png

    # The server's own Content-Security-Policy (no bypass): connect-src https: lets the
    # wallet fetch request_uri and post to response_uri at the verifier.
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=1, locale="en-GB", ignore_https_errors=True
    )
    try:
        page = context.new_page()
        did = create_wallet(page, live_server.url)
        receive_both_forms(page, live_server.url, console, did)
        dcql = {
            "credentials": [
                {
                    "id": "badge",
                    "format": "dc+sd-jwt",
                    "claims": [{"path": ["achievement", "name"]}],
                }
            ]
        }
        req = vp_verifier.request(dcql, client_id_prefix="decentralized_identifier")
        # Step 1: the learner scans the verifier's QR code (the picked-image fallback of the scanner).
        page.goto(live_server.url + "/")
        page.get_by_test_id("scan-open").click()
        page.get_by_test_id("scan-image").set_input_files(
            str(qr_png(req["uri"], tmp_path / "request.png"))
        )
        expect(
            page.get_by_test_id("present-verifier"), "scan: the request screen opens"
        ).to_have_attribute("data-proves", "did")
        # Step 2: shared under the real CSP.
        result = share(page, vp_verifier, req["id"])
        assert "dcql: presentations satisfy the query" in result["steps"]
    finally:
        context.close()


def test_signed_request_by_value_and_dcql_values(live_server, console, vp_verifier, page):
    did = create_wallet(page, live_server.url)
    receive_both_forms(page, live_server.url, console, did)

    def signed_by_value(values: list[str]) -> tuple[dict, str]:
        dcql = {
            "credentials": [
                {
                    "id": "badge",
                    "format": "dc+sd-jwt",
                    "claims": [{"path": ["achievement", "name"], "values": values}],
                }
            ]
        }
        req = vp_verifier.request(dcql, client_id_prefix="decentralized_identifier")
        # The same signed request object, given in the link itself (`request`) instead of by reference.
        link = "openid4vp://?" + urlencode(
            {"client_id": req["client_id"], "request": req["request_object"]}
        )
        return req, link

    # Step 1: DCQL values: a name the credential does not have matches nothing.
    _, link = signed_by_value(["Forklift safety"])
    page.goto(live_server.url + "/")
    paste(page, link)
    expect(
        page.get_by_test_id("present-nomatch"), "dcql values: no credential has that name"
    ).to_be_visible()

    # Step 2: the credential's own name matches; answered and verified.
    req, link = signed_by_value(["Green Finance"])
    page.goto(live_server.url + "/")
    paste(page, link)
    expect(page.get_by_test_id("present-verifier"), "request: signed, by value").to_have_attribute(
        "data-proves", "did"
    )
    expect(page.get_by_test_id("present-claim")).to_contain_text("Green Finance")
    result = share(page, vp_verifier, req["id"])
    assert "dcql: presentations satisfy the query" in result["steps"]
