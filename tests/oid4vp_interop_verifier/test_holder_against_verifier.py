"""Satchel as an OpenID4VP 1.0 verifier, with an independent holder: the
OpenWallet Foundation's @openid4vc/openid4vp (wallet side), the dcql package and
@sd-jwt/core (holder.mjs) answer requests an employer made on a live Satchel
server, with an SD-JWT VC Satchel's issuer made by OID4VCI. Each protocol step
is named in holder.mjs's output, so a failure says which step broke."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO
from tests.oracle import NODE

HOLDER = Path(__file__).parent / "holder.mjs"
SKILL = "S5"  # the ESCO code ai-foundations is aligned to (server/demo/achievements.py)


def holder(link: str, held, mode: str = "ok", **extra) -> dict:
    sd_jwt, jwk = held
    arg = json.dumps({"link": link, "sdJwt": sd_jwt, "holderJwk": jwk, "mode": mode, **extra})
    proc = subprocess.run([NODE, str(HOLDER), arg], check=False, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def create(server, **body) -> dict:
    r = httpx.post(f"{server.url}/api/v1/verifier/requests", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def result(server, made: dict) -> dict:
    r = httpx.get(made["result_url"], headers={"Authorization": f"Bearer {made['secret']}"})
    assert r.status_code == 200, r.text
    return r.json()


def did_web(server) -> str:
    return httpx.get(f"{server.url}/.well-known/did.json").json()["id"]


def test_signed_request_by_reference_verified_with_disclosed_fields(server, held):
    made = create(server, label="Teacher post", skill=SKILL, issuer=did_web(server), fields=["name", "assessment", "workload"])
    assert made["status"] == "pending"
    out = holder(made["links"]["cross_device"], held)
    assert "failed" not in out, json.dumps(out)
    assert [s if isinstance(s, str) else s["step"] for s in out["steps"]] == [
        "parse_request_link", "resolve_request", "evaluate_dcql", "present_sd_jwt_kb", "create_response", "submit_response",
    ]
    # resolve_request: the library fetched request_uri, checked the signed request object
    # (typ oauth-authz-req+jwt) against the did:web key and the decentralized_identifier prefix.
    assert out["signed"] and out["requestSignatureChecked"] and out["typ"] == "oauth-authz-req+jwt"
    assert out["client_prefix"] == "decentralized_identifier"
    assert out["client_id"] == f"decentralized_identifier:{did_web(server)}"
    assert out["dcql_satisfied"] is True  # evaluate_dcql by the dcql package
    assert out["submit_status"] == 200, out["submit_body"]

    got = result(server, made)
    assert got["status"] == "answered"
    assert got["result"]["result"] == "verified", got["result"]["reasons"]
    claims = {c["id"]: c["values"] for c in got["result"]["credentials"][0]["claims"]}
    assert claims["skill"] == [SKILL]
    assert claims["name"] == ["AI Foundations for Teachers"] or claims["name"][0]
    assert claims["workload"] == ["20 hours"]
    assert claims["issuer"] == [did_web(server)]

    page = httpx.get(made["page_url"])
    assert page.status_code == 200 and "Verified" in page.text and "20 hours" in page.text
    assert "refresh" not in page.text.lower().split("<body")[0]

    # A request takes one answer: the same holder answering again is refused.
    again = holder(made["links"]["cross_device"], held)
    assert again["failed"] == "resolve_request" or again.get("submit_status") == 400


def test_unsigned_request_by_value_same_device(server, held):
    made = create(server, fields=["name"])
    out = holder(made["links"]["same_device"], held)
    assert "failed" not in out, json.dumps(out)
    assert out["signed"] is False and out["client_prefix"] == "redirect_uri"
    assert out["submit_status"] == 200, out["submit_body"]
    assert result(server, made)["result"]["result"] == "verified"


@pytest.mark.parametrize(
    ("mode", "extra", "reason"),
    [
        ("wrong_nonce", {}, "nonce"),
        ("wrong_aud", {}, "audience"),
        ("tamper", {}, "disclos"),
        ("omit", {"omit": "achievement.workload"}, "achievement/workload was not disclosed"),
    ],
)
def test_bad_answers_are_refused_with_reasons(server, held, mode, extra, reason):
    made = create(server, fields=["name", "workload"])
    out = holder(made["links"]["cross_device"], held, mode, **extra)
    assert out.get("failed") in (None, "submit_response"), out
    assert out.get("submit_status") == 400, out
    got = result(server, made)["result"]
    assert got["result"] == "refused"
    assert any(reason in why for why in got["reasons"]), got["reasons"]
    assert got["credentials"] == [] or all(c["claims"] == [] for c in got["credentials"])
    page = httpx.get(made["page_url"])
    assert "Refused" in page.text and "Verified" not in page.text


def test_wrong_skill_is_refused_not_shown_as_verified(server, held):
    made = create(server, skill="not-a-skill-it-has")
    out = holder(made["links"]["cross_device"], held)
    # The dcql package already sees the credential cannot satisfy it; a wallet that answers anyway is refused.
    assert out["dcql_satisfied"] is False
    got = result(server, made)["result"]
    assert got["result"] == "refused" and any("does not have a value asked for" in why for why in got["reasons"])


def test_request_object_gone_after_expiry_or_answer_and_api_errors(server, held):
    r = httpx.post(f"{server.url}/api/v1/verifier/requests", json={"dcql_query": {"credentials": [{"id": "x", "format": "ldp_vc"}]}})
    assert r.status_code == 400 and r.json()["error"] == "bad_query"
    r = httpx.post(f"{server.url}/api/v1/verifier/requests", json={"dcql_query": {"credentials": [{"id": "x", "format": "dc+sd-jwt"}], "credential_sets": []}})
    assert r.status_code == 400 and "credential_sets" in r.json()["message"]
    made = create(server)
    assert httpx.get(made["result_url"]).status_code == 401
    assert httpx.get(made["result_url"], headers={"Authorization": "Bearer " + "A" * 43}).status_code == 404
    r = httpx.post(f"{server.url}/oid4vp/response", data={"state": "nope", "vp_token": "{}"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    assert httpx.get(made["request_uri"]).headers["content-type"].startswith("application/oauth-authz-req+jwt")


def test_encrypted_answer_direct_post_jwt(server, held):
    made = create(server, fields=["name", "workload"], response_mode="direct_post.jwt")
    assert made["response_mode"] == "direct_post.jwt"
    # A JWE altered in transit does not decrypt: refused, and the request still waits.
    bad = holder(made["links"]["cross_device"], held, "tamper_jwe")
    assert bad["submit_status"] == 400 and "does not decrypt" in bad["submit_body"], bad
    assert result(server, made)["status"] == "pending"
    # create_response: the library encrypts (jose, ECDH-ES) to the key in client_metadata.jwks.
    out = holder(made["links"]["cross_device"], held)
    assert "failed" not in out, json.dumps(out)
    assert out["jwe_header"]["alg"] == "ECDH-ES" and out["jwe_header"]["enc"] in ("A128GCM", "A256GCM")
    assert out["jwe_header"]["kid"] == made["id"]
    assert out["submit_status"] == 200, out["submit_body"]
    got = result(server, made)["result"]
    assert got["result"] == "verified", got["reasons"]
    assert {c["id"]: c["values"] for c in got["credentials"][0]["claims"]}["workload"] == ["20 hours"]


def test_encrypted_request_refuses_a_clear_answer(server, held):
    made = create(server, response_mode="direct_post.jwt")
    state = made["links"]["same_device"].split("state=")[1].split("&")[0]
    r = httpx.post(f"{server.url}/oid4vp/response", data={"state": state, "vp_token": "{}"})
    assert r.status_code == 400 and "encrypted answer" in r.json()["error_description"]
    assert result(server, made)["result"]["result"] == "refused"


# --- ldp_vc and jwt_vc_json -------------------------------------------------------


def holder_w3c(link: str, held_ldp, fmt: str, mode: str = "ok") -> dict:
    credential, jwk = held_ldp
    arg = json.dumps({"link": link, "format": fmt, "ldpCredential": credential, "holderJwk": jwk, "mode": mode})
    proc = subprocess.run([NODE, str(HOLDER), arg], check=False, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


W3C_STEPS = {"ldp_vc": "present_ldp_vp", "jwt_vc_json": "present_vp_jwt"}


@pytest.mark.parametrize("fmt", ["ldp_vc", "jwt_vc_json"])
def test_w3c_presentation_verified_with_claims(server, held_ldp, fmt):
    made = create(server, label="Teacher post", skill=SKILL, fields=["name", "workload"], formats=[fmt])
    [cq] = made["dcql_query"]["credentials"]
    assert cq["format"] == fmt and cq["meta"] == {"type_values": [["https://www.w3.org/2018/credentials#VerifiableCredential"]]}
    out = holder_w3c(made["links"]["cross_device"], held_ldp, fmt)
    assert "failed" not in out, json.dumps(out)
    assert [s if isinstance(s, str) else s["step"] for s in out["steps"]] == [
        "parse_request_link", "resolve_request", "evaluate_dcql", W3C_STEPS[fmt], "create_response", "submit_response",
    ]
    assert out["requestSignatureChecked"] and out["client_prefix"] == "decentralized_identifier"
    assert out["dcql_satisfied"] is True  # evaluate_dcql: the dcql package, types expanded by jsonld
    if fmt == "ldp_vc":
        assert out["vp_proof"] == {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "authentication"}
    assert out["submit_status"] == 200, out["submit_body"]
    got = result(server, made)["result"]
    assert got["result"] == "verified", got["reasons"]
    [answer] = got["credentials"]
    verdict = answer["verdict"]
    assert verdict["format"] == {"ldp_vc": "ldp-vp", "jwt_vc_json": "vp-jwt"}[fmt]
    assert {c["check"]: c["status"] for c in verdict["checks"]} == {
        "holder_signature": "passed", "audience": "passed", "nonce": "passed", "freshness": "passed",
    }
    assert verdict["credentials"][0]["holder_binding"]["status"] == "passed"
    claims = {c["id"]: c["values"] for c in answer["claims"]}
    assert claims["skill"] == [SKILL] and claims["name"] == ["AI Foundations for Teachers"] or claims["name"][0]
    assert claims["workload"] == ["PT20H"]
    page = httpx.get(made["page_url"])
    assert page.status_code == 200 and "Verified" in page.text and "PT20H" in page.text


def test_any_format_request_answered_with_ldp_vc(server, held_ldp):
    made = create(server, fields=["name"], formats=["dc+sd-jwt", "ldp_vc", "jwt_vc_json"])
    assert made["dcql_query"]["credential_sets"] == [{"options": [["sd_jwt_vc"], ["ldp_vc"], ["jwt_vc"]], "required": True}]
    out = holder_w3c(made["links"]["same_device"], held_ldp, "ldp_vc")
    assert "failed" not in out and out["dcql_satisfied"] is True, json.dumps(out)
    assert out["submit_status"] == 200, out["submit_body"]
    got = result(server, made)["result"]
    assert got["result"] == "verified", got["reasons"]
    assert [c["query_id"] for c in got["credentials"]] == ["ldp_vc"]


@pytest.mark.parametrize("fmt", ["ldp_vc", "jwt_vc_json"])
@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("wrong_nonce", "nonce"),
        ("wrong_aud", "audience"),
        ("other_holder", "but presented by"),  # signed by another key, as its own holder: not the credential's subject
        ("forged_signer", "holder_signature"),  # another key signs under the subject's key id
        ("tamper", "proof"),  # the credential changed after its issuer signed it
    ],
)
def test_bad_w3c_answers_are_not_verified(server, held_ldp, fmt, mode, reason):
    made = create(server, fields=["name"], formats=[fmt])
    out = holder_w3c(made["links"]["cross_device"], held_ldp, fmt, mode)
    assert out.get("failed") in (None, "submit_response"), out
    assert out.get("submit_status") == 400, out
    got = result(server, made)["result"]
    assert got["result"] == "refused", got
    assert any(reason in why for why in got["reasons"]), got["reasons"]
    assert all(c["claims"] == [] for c in got["credentials"])
    page = httpx.get(made["page_url"])
    assert "Refused" in page.text and "Verified" not in page.text


def test_format_other_than_asked_is_refused(server, held, held_ldp):
    made = create(server, fields=["name"], formats=["ldp_vc"])
    state = made["links"]["same_device"].split("state=")[1].split("&")[0]
    r = httpx.post(f"{server.url}/oid4vp/response", data={"state": state, "vp_token": json.dumps({"credential": [held[0]]})})
    assert r.status_code == 400
    got = result(server, made)["result"]
    assert got["result"] == "refused" and any("Data Integrity presentation" in why for why in got["reasons"]), got["reasons"]


def test_claim_sets_and_multiple_in_a_dcql_query(server, held_ldp):
    """claim_sets: the skill is not the credential's, so the second set (issuer +
    name) is the one satisfied, for the dcql package and for Satchel alike;
    multiple: two presentations answer one query."""
    ach = ["credentialSubject", "achievement"]
    query = {
        "credentials": [{
            "id": "badge", "format": "ldp_vc", "multiple": True,
            "meta": {"type_values": [["https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"]]},
            "claims": [
                {"id": "skill", "path": [*ach, "alignment", None, "targetCode"], "values": ["not-its-skill"]},
                {"id": "name", "path": [*ach, "name"]},
                {"id": "issuer", "path": ["issuer", "id"], "values": [did_web(server)]},
            ],
            "claim_sets": [["skill", "name"], ["issuer", "name"]],
        }],
    }
    made = create(server, dcql_query=query)
    out = holder_w3c(made["links"]["cross_device"], held_ldp, "ldp_vc", "twice")
    assert "failed" not in out and out["dcql_satisfied"] is True, json.dumps(out)
    assert out["submit_status"] == 200, out["submit_body"]
    got = result(server, made)["result"]
    assert got["result"] == "verified", got["reasons"]
    assert [c["query_id"] for c in got["credentials"]] == ["badge", "badge"]
    assert [c["id"] for c in got["credentials"][0]["claims"]] == ["issuer", "name"]
    # Without multiple, two presentations for one query are refused.
    query["credentials"][0]["multiple"] = False
    made = create(server, dcql_query=query)
    out = holder_w3c(made["links"]["cross_device"], held_ldp, "ldp_vc", "twice")
    assert out.get("submit_status") == 400, out
    assert any("asks for one" in why for why in result(server, made)["result"]["reasons"])
