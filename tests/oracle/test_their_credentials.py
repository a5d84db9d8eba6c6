"""Direction (b) of the oracle: Ed25519 credentials made by Digital Bazaar's
@digitalbazaar/vc (eddsa-rdfc-2022 and Ed25519Signature2020, did:key) get from
Satchel the verdict their construction implies. Where Satchel deliberately
disagrees with the library, the test says so and why."""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import REPO
from wallet_core import VerifyOptions, verify
from wallet_core.fetcher import StaticFetcher

SCRIPT = REPO / "tests" / "oracle" / "eddsa_issue.mjs"
SEED_A, SEED_B = "11" * 32, "22" * 32
SUITES = ["eddsa-rdfc-2022", "Ed25519Signature2020"]
VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ED2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
SKILLS_URL = "https://contexts.example/skills/v1"
SKILLS = {"@context": {"@protected": True, "skillLevel": "https://contexts.example/skills#skillLevel"}}


def node(*requests: dict) -> list[dict]:
    out = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps({"requests": list(requests)}),
        capture_output=True, text=True, cwd=REPO, check=True, timeout=120,
    )
    answers = json.loads(out.stdout)
    for answer in answers:
        assert "failed" not in answer, answer["failed"]
    return answers


def badge(suite: str, **dates) -> dict:
    contexts = [VC2, OB3] if suite == "eddsa-rdfc-2022" else [VC1, OB3, ED2020]
    credential = {
        "@context": contexts,
        "id": "urn:uuid:1f6a2f8e-3c1b-4a53-9c55-2f1d8b7e6a10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:replaced", "type": ["Profile"], "name": "Harbour College"},
        "name": "Green Finance",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://harbour.example/achievements/green-finance",
                "type": ["Achievement"],
                "name": "Green Finance",
                "description": "Sustainable investment and climate risk disclosure.",
                "criteria": {"narrative": "Passed a written case study."},
                "creditsAvailable": 5,
            },
        },
    }
    start, end = ("validFrom", "validUntil") if suite == "eddsa-rdfc-2022" else ("issuanceDate", "expirationDate")
    credential[start] = dates.get("start", "2024-01-01T00:00:00Z")
    if "end" in dates:
        credential[end] = dates["end"]
    return credential


def satchel(credential: dict, **options):
    return verify(json.dumps(credential).encode(), VerifyOptions(**options))


def proof_of(verdict):
    return next(c for c in verdict.checks if c.check == "proof")


def iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("suite", SUITES)
def test_valid_tampered_and_wrong_key(suite):
    valid, wrong_key = node(
        {"op": "issue", "credential": badge(suite), "suite": suite, "seed": SEED_A},
        {"op": "issue", "credential": badge(suite), "suite": suite, "seed": SEED_A, "signAs": SEED_B},
    )
    verdict = satchel(valid["credential"])
    assert verdict.result == "valid", [c.reason for c in verdict.checks]
    assert verdict.issuer.id == valid["did"]

    tampered = copy.deepcopy(valid["credential"])
    tampered["credentialSubject"]["achievement"]["creditsAvailable"] = 50
    assert proof_of(satchel(tampered)).status == "failed"
    assert satchel(tampered).result == "invalid"

    assert proof_of(satchel(wrong_key["credential"])).status == "failed"
    # the library agrees on all three
    library = node(*({"op": "verify", "credential": c, "suite": suite}
                     for c in (valid["credential"], tampered, wrong_key["credential"])))
    assert [a["verified"] for a in library] == [True, False, False]


@pytest.mark.parametrize("suite", SUITES)
def test_expired_and_not_yet_valid(suite):
    expired, future = node(
        {"op": "issue", "credential": badge(suite, start="2020-01-01T00:00:00Z", end="2021-01-01T00:00:00Z"),
         "suite": suite, "seed": SEED_A},
        {"op": "issue", "credential": badge(suite, start=iso(timedelta(days=30))), "suite": suite, "seed": SEED_A},
    )
    for made in (expired, future):
        verdict = satchel(made["credential"])
        assert proof_of(verdict).status == "passed"  # the signature is good: the dates decide
        assert verdict.result == "invalid"
        assert next(c for c in verdict.checks if c.check == "validity").status == "failed"


def test_a_proof_set_verifies_and_one_broken_proof_fails_it_where_the_library_accepts():
    suite = "eddsa-rdfc-2022"
    (first,) = node({"op": "issue", "credential": badge(suite), "suite": suite, "seed": SEED_A})
    (both,) = node({"op": "issue", "credential": first["credential"], "suite": suite, "seed": SEED_A})
    proofs = both["credential"]["proof"]
    assert isinstance(proofs, list) and len(proofs) == 2
    assert satchel(both["credential"]).result == "valid"

    broken = copy.deepcopy(both["credential"])
    value = broken["proof"][1]["proofValue"]
    broken["proof"][1]["proofValue"] = value[:-4] + ("2222" if not value.endswith("2222") else "3333")
    (library,) = node({"op": "verify", "credential": broken, "suite": suite})
    # Deliberate difference: the library is satisfied when one proof of a set
    # verifies; Satchel says "verified" only when every proof the credential
    # carries verifies, because an employer sees all of them as the issuer's word.
    assert library["verified"] is True
    verdict = satchel(broken)
    assert proof_of(verdict).status == "failed" and verdict.result == "invalid"


def test_a_context_satchel_lacks_is_could_not_check_offline_and_checked_online():
    suite = "eddsa-rdfc-2022"
    credential = badge(suite)
    credential["@context"].append(SKILLS_URL)
    credential["skillLevel"] = "advanced"
    (made,) = node({"op": "issue", "credential": credential, "suite": suite, "seed": SEED_A,
                    "extraContexts": {SKILLS_URL: SKILLS}})
    offline = satchel(made["credential"])
    assert proof_of(offline).status == "could_not_check" and offline.result == "could_not_check"
    online = satchel(made["credential"], fetcher=StaticFetcher({SKILLS_URL: json.dumps(SKILLS)}))
    assert online.result == "valid", [c.reason for c in online.checks]
    assert SKILLS_URL in proof_of(online).reason


def test_a_generic_vc_that_is_not_a_badge_verifies_as_a_vc():
    suite = "eddsa-rdfc-2022"
    credential = {
        "@context": [VC2, OB3, {"EmploymentCredential": "https://harbour.example/vocab#EmploymentCredential"}],
        "type": ["VerifiableCredential", "EmploymentCredential"],
        "issuer": "did:example:replaced",
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Employment record",
        "credentialSubject": {"id": "did:example:learner", "name": "Amina"},
    }
    (made,) = node({"op": "issue", "credential": credential, "suite": suite, "seed": SEED_A})
    verdict = satchel(made["credential"])
    assert verdict.format == "vc-ldp"
    assert verdict.result == "valid", [c.reason for c in verdict.checks]
