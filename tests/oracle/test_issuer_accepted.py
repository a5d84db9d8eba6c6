"""Direction (a): everything Satchel's issuer makes is accepted by the field's
independent verifiers — Digital Bazaar's @digitalbazaar/vc (JSON-LD safe mode),
the DCC's verifier-core (the Learner Credential Wallet's engine),
@digitalbazaar/vc-bitstring-status-list and @sd-jwt/sd-jwt-vc — run by
tests/oracle/verify.mjs on what a real server on a loopback port issues.

Each acceptance is paired with a refusal (the same credential with its
micro-credential fields forged, a revoked award, a wrong nonce), so a verifier
that accepted anything would fail these tests."""

from __future__ import annotations

import base64
import copy
import json
import re
import subprocess
import sys
import time

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

import wallet_core
from server.issuer.awards import SUITES
from tests import oracle
from tests.conftest import REPO, LiveServer
from tests.issued import DEMO_SLUGS, award_credential
from tests.issuer.wallet import Wallet, csrf_in_page
from wallet_core.canonical import CanonicalizationError
from wallet_core.containers import png, svg
from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022

# Every proof kind the console offers (ecdsa-rdfc-2019 joins by being added there).
PROOFS = SUITES
LD_LIBRARIES = ("digitalbazaar-vc", "dcc-verifier-core")
# DCC verifier-core has no ECDSA suite (it bundles Ed25519Signature2020 and
# eddsa-rdfc-2022 only), so an ecdsa-rdfc-2019 award is for Digital Bazaar's vc
# to accept; verifier-core's refusal of it is checked below, so that the day it
# learns ECDSA this test says so.
NO_ECDSA = ("dcc-verifier-core",)


def libraries_for(proof: str) -> tuple[str, ...]:
    return tuple(lib for lib in LD_LIBRARIES if not (proof.startswith("ecdsa") and lib in NO_ECDSA))
# What verifier-core's optional schema check asks for (1EdTech's OB 3.0 JSON
# Schemas are bundled nowhere we may read offline); nothing else may be missing.
SCHEMA_URLS = {
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_anyachievementcredential_schema.json",
}


def run(checks, documents):
    out = oracle.run(checks, documents)
    assert set(out["unresolved"]) <= SCHEMA_URLS, out["unresolved"]
    return oracle.by_library(out)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("oracle-live") / "data"
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


class Console:
    def __init__(self, server):
        self.http = httpx.Client(base_url=server.url, follow_redirects=True, timeout=30)
        r = self.http.post("/console/login", data={"token": admin_token(server)})
        assert r.status_code == 200, r.text[:300]
        self.csrf = csrf_in_page(r.text)

    def award(self, slug: str, subject: str, proof: str = "eddsa-rdfc-2022", lang: str = "en") -> str:
        page = self.http.post(
            "/console/awards",
            data={"csrf": self.csrf, "achievement": slug, "subject": subject, "lang": lang, "proof": proof},
        )
        assert [r.status_code for r in page.history] == [303] and page.status_code == 200, page.text[:300]
        return re.search(r"/console/awards/([0-9a-f-]{36})/", page.text).group(1)

    def download(self, award_id: str, name: str) -> httpx.Response:
        r = self.http.get(f"/console/awards/{award_id}/{name}")
        assert r.status_code == 200, r.text[:300]
        return r

    def status(self, award_id: str, action: str) -> None:
        r = self.http.post(f"/console/awards/{award_id}/status", data={"csrf": self.csrf, "action": action})
        assert r.status_code == 200


@pytest.fixture(scope="module")
def console(server):
    c = Console(server)
    yield c
    c.http.close()


@pytest.fixture(scope="module")
def wallet():
    return Wallet()


def ld_documents(server, *credentials) -> dict:
    urls = sorted({u for c in credentials for u in oracle.status_list_urls(c)})
    return oracle.server_documents(server.url, status_lists=urls)


def forge(credential: dict) -> dict:
    """The same credential with every micro-credential field changed."""
    forged = copy.deepcopy(credential)
    a = forged["credentialSubject"]["achievement"]
    a["educationalLevel"]["termCode"] = "FORGED 9"
    a["volumeOfLearning"] = "PT999H"
    a["courseMode"] = "FORGED mode"
    a["qualityAssurance"] = "FORGED accreditation"
    a["coursePrerequisites"] = "FORGED prerequisites"
    a["isPartOf"][0]["name"] = "FORGED certificate"
    outcome = next(x for x in a["alignment"] if x.get("targetType") == "ext:LearningOutcome")
    outcome["targetName"] = "FORGED outcome"
    return forged


def assert_accepted(results, check_id, *, libraries=LD_LIBRARIES):
    for library in libraries:
        r = results[(check_id, library)]
        assert r["verified"] is True, (check_id, library, r["errors"])


# --- OB 3.0 JSON, each proof kind ----------------------------------------------


@pytest.mark.parametrize("proof", PROOFS)
def test_award_json_is_accepted_and_every_field_is_signed(server, console, wallet, proof):
    award_id = console.award("green-finance", wallet.did, proof)
    credential = console.download(award_id, "credential.json").json()
    a = credential["credentialSubject"]["achievement"]
    # The award carries every micro-credential field, in defined terms.
    assert a["educationalLevel"]["inDefinedTermSet"]["name"] == "HKQF"
    assert a["volumeOfLearning"] == "PT50H" and a["courseMode"] == "online"
    assert a["creditsAvailable"] == 5 and a["qualityAssurance"] and a["coursePrerequisites"] == "None"
    assert a["isPartOf"][0]["name"] and a["resultDescription"][0]["name"]
    assert any(x.get("targetType") == "ext:LearningOutcome" for x in a["alignment"])
    forged = forge(credential)

    results = run(
        [
            {"id": "original", "kind": "vc", "credential": credential},
            {"id": "forged", "kind": "vc", "credential": forged},
        ],
        ld_documents(server, credential),
    )
    assert_accepted(results, "original", libraries=libraries_for(proof))
    db = results[("original", "digitalbazaar-vc")]
    assert db["status"]["verified"] and {e["purpose"]: e["status"] for e in db["status"]["entries"]} == {
        "revocation": False,
        "suspension": False,
    }
    dcc = {e["id"]: e.get("valid") for e in results[("original", "dcc-verifier-core")]["log"]}
    if "dcc-verifier-core" in libraries_for(proof):
        assert dcc["valid_signature"] and dcc["revocation_status"] and dcc["suspension_status"]
    else:  # no ECDSA suite in verifier-core: it cannot check the signature
        assert not dcc.get("valid_signature"), dcc
    for library in LD_LIBRARIES:
        assert results[("forged", library)]["verified"] is False, library

    # Satchel's own verifier agrees on both.
    with httpx.Client(base_url=server.url) as http:
        assert http.post("/api/v1/verify", json=credential).json()["verdict"]["result"] == "valid"
        assert http.post("/api/v1/verify", json=forged).json()["verdict"]["result"] == "invalid"


def test_award_in_chinese_is_accepted(server, console, wallet):
    award_id = console.award("sustainable-finance-certificate", wallet.did, lang="zh-Hant")
    credential = console.download(award_id, "credential.json").json()
    assert credential["credentialSubject"]["achievement"]["inLanguage"] == "zh-Hant"
    results = run([{"id": "zh", "kind": "vc", "credential": credential}], ld_documents(server, credential))
    assert_accepted(results, "zh")


# --- baked images ---------------------------------------------------------------


def test_baked_png_and_svg_carry_a_credential_they_accept(server, console, wallet):
    award_id = console.award("ai-foundations", wallet.did)
    original = console.download(award_id, "credential.json").json()
    baked = {
        "png": json.loads(png.unbake(console.download(award_id, "credential.png").content)),
        "svg": json.loads(svg.unbake(console.download(award_id, "credential.svg").content)),
    }
    assert baked["png"] == baked["svg"] == original
    checks = [{"id": kind, "kind": "vc", "credential": c} for kind, c in baked.items()]
    results = run(checks, ld_documents(server, original))
    assert_accepted(results, "png")
    assert_accepted(results, "svg")


# --- status lists ---------------------------------------------------------------


def test_status_lists_before_and_after_revoke_and_suspend(server, console, wallet):
    revoked_id = console.award("esg-investing", wallet.did)
    suspended_id = console.award("carbon-markets", wallet.did, "Ed25519Signature2020")
    revoked = console.download(revoked_id, "credential.json").json()
    suspended = console.download(suspended_id, "credential.json").json()

    def verdicts():
        checks = [
            {"id": "revoked", "kind": "status", "credential": revoked},
            {"id": "suspended", "kind": "status", "credential": suspended},
            {"id": "revoked-vc", "kind": "vc", "credential": revoked},
            {"id": "suspended-vc", "kind": "vc", "credential": suspended},
        ]
        return run(checks, ld_documents(server, revoked, suspended))

    def bits(result):
        assert result["verified"], result["errors"]  # the status list credential itself verifies
        return {e["purpose"]: e["status"] for e in result["entries"]}

    before = verdicts()
    assert bits(before[("revoked", "bitstring-status-list")]) == {"revocation": False, "suspension": False}
    assert bits(before[("suspended", "bitstring-status-list")]) == {"revocation": False, "suspension": False}
    assert_accepted(before, "revoked-vc")
    assert_accepted(before, "suspended-vc")

    console.status(revoked_id, "revoke")
    console.status(suspended_id, "suspend")
    after = verdicts()
    assert bits(after[("revoked", "bitstring-status-list")]) == {"revocation": True, "suspension": False}
    assert bits(after[("suspended", "bitstring-status-list")]) == {"revocation": False, "suspension": True}
    for check_id, step in (("revoked-vc", "revocation_status"), ("suspended-vc", "suspension_status")):
        # @digitalbazaar/vc reports the bit (its `verified` says the proof and the
        # status check ran, not that the bit is clear); DCC turns it into a failed step.
        db = after[(check_id, "digitalbazaar-vc")]
        assert db["proof_verified"] is True
        set_bits = {e["purpose"] for e in db["status"]["entries"] if e["status"]}
        assert set_bits == {step.removesuffix("_status")}
        log = {e["id"]: e.get("valid") for e in after[(check_id, "dcc-verifier-core")]["log"]}
        assert log["valid_signature"] is True and log[step] is False, log

    console.status(suspended_id, "reinstate")
    again = verdicts()
    assert bits(again[("suspended", "bitstring-status-list")]) == {"revocation": False, "suspension": False}
    assert_accepted(again, "suspended-vc")


# --- every demo achievement, awarded in Chinese --------------------------------------


def test_every_demo_achievement_award_is_accepted(server, wallet):
    checks = [
        {"id": slug, "kind": "vc", "credential": award_credential(server, wallet.did, slug, "zh-Hans")}
        for slug in DEMO_SLUGS
    ]
    assert len(checks) >= 7
    forged = forge(next(c["credential"] for c in checks if c["id"] == "green-finance"))
    checks.append({"id": "forged", "kind": "vc", "credential": forged})
    results = run(checks, ld_documents(server, *(c["credential"] for c in checks)))
    for check in checks[:-1]:
        assert_accepted(results, check["id"])
    for library in LD_LIBRARIES:
        assert results[("forged", library)]["verified"] is False


# --- SD-JWT VC, and the PWA's SD-JWT+KB ------------------------------------------


def jwt_payload(token: str) -> dict:
    body = token.split("~")[0].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def sd_jwt_documents(server, token: str) -> dict:
    uri = jwt_payload(token)["status"]["status_list"]["uri"]
    return oracle.server_documents(server.url, status_tokens=[uri])


def test_sd_jwt_vc_is_accepted_then_refused_once_revoked(server, console, wallet):
    award_id = console.award("green-finance", wallet.did)
    token = console.download(award_id, "credential.sd-jwt").text
    out = run([{"id": "sd", "kind": "sd-jwt", "token": token}], sd_jwt_documents(server, token))
    r = out[("sd", "sd-jwt-vc")]
    assert r["verified"], r["errors"]
    achievement = r["claims"]["achievement"]
    assert achievement["level"] == "HKQF 4" and achievement["workload"] == "50 hours"
    assert achievement["mode"] == "online" and achievement["quality_assurance"] and achievement["prerequisites"]
    assert achievement["learning_outcomes"] and achievement["stacks_into"] and achievement["assessment"]
    assert r["status_lists"]  # the Token Status List was read

    console.status(award_id, "revoke")
    out = run([{"id": "sd", "kind": "sd-jwt", "token": token}], sd_jwt_documents(server, token))
    r = out[("sd", "sd-jwt-vc")]
    assert r["verified"] is False and any("Status is not valid" in e for e in r["errors"]), r["errors"]


def present(token: str, wallet: Wallet, paths: list[str], aud: str, nonce: str) -> str:
    """The PWA's pwa/src/wallet/present.js, run under Node with the wallet's key."""
    public = wallet.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    private = wallet.key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    job = {
        "sd_jwt": token,
        "paths": paths,
        "private_jwk": {"kty": "OKP", "crv": "Ed25519", "x": b64(public), "d": b64(private)},
        "aud": aud,
        "nonce": nonce,
        "iat": int(time.time()),
    }
    proc = subprocess.run(
        [oracle.NODE, str(oracle.SCRIPT.parent / "present.mjs")],
        input=json.dumps(job), capture_output=True, text=True, cwd=REPO, timeout=60, check=True,
    )
    return json.loads(proc.stdout)["presentation"]


def test_pwa_sd_jwt_with_key_binding_is_accepted(server, console, wallet):
    award_id = console.award("teacher-cpd", wallet.did)
    token = console.download(award_id, "credential.sd-jwt").text
    presented = present(token, wallet, ["achievement.mode", "achievement.workload"], "https://verifier.example", "n-0S6_WzA2Mj")
    assert presented.count("~") < token.count("~") + 1  # fewer disclosures than issued
    checks = [
        {"id": "kb", "kind": "sd-jwt", "token": presented, "nonce": "n-0S6_WzA2Mj"},
        {"id": "wrong-nonce", "kind": "sd-jwt", "token": presented, "nonce": "another-nonce"},
    ]
    out = run(checks, sd_jwt_documents(server, token))
    r = out[("kb", "sd-jwt-vc")]
    assert r["verified"], r["errors"]
    assert r["kb"]["payload"]["aud"] == "https://verifier.example"
    assert r["kb"]["header"]["typ"] == "kb+jwt"
    assert set(r["claims"]["achievement"]) >= {"mode", "workload", "name"} and "description" not in r["claims"]["achievement"]
    assert out[("wrong-nonce", "sd-jwt-vc")]["verified"] is False


def test_the_oracle_refuses_an_undefined_term_as_the_issue_found(server, console, wallet):
    """The bug of issue 11, made on purpose: an award with one term no context
    defines (as every award had before), signed by a did:key, is refused by both
    JSON-LD verifiers — so the acceptances above mean something."""
    award_id = console.award("green-finance", wallet.did)
    credential = console.download(award_id, "credential.json").json()
    key = Ed25519PrivateKey.generate()
    did, method = did_key_for(key)
    unsigned = copy.deepcopy(credential)
    del unsigned["proof"], unsigned["credentialStatus"]
    unsigned["issuer"]["id"] = did
    defined = sign_eddsa_rdfc_2022(copy.deepcopy(unsigned), key, method, unsigned["validFrom"])
    # Without safe mode the undefined term drops out of the canonical form, so the
    # signature over the document without it still "covers" it: that was the bug.
    undefined = copy.deepcopy(defined)
    undefined["credentialSubject"]["achievement"]["workload"] = "50 hours"
    with pytest.raises(CanonicalizationError, match="workload"):  # Satchel's signer refuses it
        sign_eddsa_rdfc_2022({k: v for k, v in undefined.items() if k != "proof"}, key, method, unsigned["validFrom"])
    ours = wallet_core.verify(json.dumps(undefined).encode(), wallet_core.VerifyOptions())
    assert ours.result == "invalid" and "workload" in next(c.reason for c in ours.checks if c.check == "proof")
    results = run(
        [{"id": "defined", "kind": "vc", "credential": defined}, {"id": "undefined", "kind": "vc", "credential": undefined}],
        {},
    )
    assert_accepted(results, "defined")
    for library in LD_LIBRARIES:
        r = results[("undefined", library)]
        assert r["verified"] is False and any("Safe mode" in e for e in r["errors"]), (library, r["errors"])
