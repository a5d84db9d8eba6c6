"""Verified means signed: JSON-LD safe mode. Whatever RDF canonicalisation would
drop (a property no context defines, a relative @type or @id) is not covered by
an RDF-canonicalised signature, so a credential carrying it fails its proof
check, the reason names what is unsigned, and the signer refuses to sign it."""

from __future__ import annotations

import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wallet_core import VerifyOptions, verify
from wallet_core.canonical import CanonicalizationError, rdfc
from wallet_core.sign import did_key_for, sign_ed25519_signature_2020, sign_eddsa_rdfc_2022

from .conftest import NOW

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
DID, VM = did_key_for(KEY)
OB3 = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


def credential(contexts=OB3) -> dict:
    return {
        "@context": list(contexts),
        "id": "urn:uuid:6a1f3c2e-0d5b-4f7e-9a8c-1b2d3e4f5a6b",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": DID, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Green Finance",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.com/achievements/green-finance",
                "type": ["Achievement"],
                "name": "Green Finance",
                "description": "Sustainable investment.",
                "criteria": {"narrative": "Passed the case study."},
                "creditsAvailable": 5,
            },
        },
    }


def check(signed: dict, name: str):
    verdict = verify(json.dumps(signed).encode(), VerifyOptions(now=lambda: NOW))
    return verdict, next(c for c in verdict.checks if c.check == name)


def signed_rdfc() -> dict:
    return sign_eddsa_rdfc_2022(credential(), KEY, VM, "2025-01-01T00:00:00Z")


def test_a_credential_with_only_defined_terms_verifies():
    verdict, proof = check(signed_rdfc(), "proof")
    assert verdict.result == "valid", proof.reason
    assert proof.status == "passed"


@pytest.mark.parametrize(
    ("where", "field", "named"),
    [
        ("achievement", "educationalLevel", "property 'educationalLevel'"),
        ("achievement", "workload", "property 'workload'"),
        ("credentialSubject", "learningOutcomes", "property 'learningOutcomes'"),
        ("credential", "qualityAssurance", "property 'qualityAssurance'"),
    ],
)
def test_an_undefined_property_added_after_signing_fails_the_proof_and_is_named(where, field, named):
    forged = signed_rdfc()
    target = {
        "credential": forged,
        "credentialSubject": forged["credentialSubject"],
        "achievement": forged["credentialSubject"]["achievement"],
    }[where]
    target[field] = "FORGED level 9"
    verdict, proof = check(forged, "proof")
    assert verdict.result == "invalid"
    assert proof.status == "failed"
    assert named in proof.reason and "not covered by the signature" in proof.reason


def test_a_relative_type_fails_the_proof():
    forged = signed_rdfc()
    forged["credentialSubject"]["achievement"]["type"] = ["Achievement", "ForgedAward"]
    verdict, proof = check(forged, "proof")
    assert verdict.result == "invalid"
    assert "type 'ForgedAward'" in proof.reason


def test_a_relative_identifier_fails_the_proof():
    forged = signed_rdfc()
    forged["credentialSubject"]["achievement"]["id"] = "achievements/forged"
    verdict, proof = check(forged, "proof")
    assert verdict.result == "invalid"
    assert "identifier 'achievements/forged'" in proof.reason


def test_ed25519_signature_2020_is_held_to_the_same_rule():
    contexts = ["https://www.w3.org/2018/credentials/v1", OB3[1], "https://w3id.org/security/suites/ed25519-2020/v1"]
    document = credential(contexts)
    document["issuanceDate"] = document.pop("validFrom")
    signed = sign_ed25519_signature_2020(document, KEY, VM, "2025-01-01T00:00:00Z")
    assert check(signed, "proof")[1].status == "passed"
    signed["credentialSubject"]["achievement"]["modeOfParticipation"] = "online"
    verdict, proof = check(signed, "proof")
    assert verdict.result == "invalid" and "property 'modeOfParticipation'" in proof.reason


def test_the_signer_refuses_what_no_signature_would_cover():
    document = credential()
    document["credentialSubject"]["achievement"]["prerequisites"] = ["Maths"]
    with pytest.raises(CanonicalizationError, match="prerequisites"):
        sign_eddsa_rdfc_2022(document, KEY, VM, "2025-01-01T00:00:00Z")


def test_every_unsigned_part_is_listed_once():
    document = credential()
    achievement = document["credentialSubject"]["achievement"]
    for field in ("educationalLevel", "workload", "prerequisites"):
        achievement[field] = "x"
    document["credentialSubject"]["workload"] = "y"  # the same term twice
    with pytest.raises(CanonicalizationError) as raised:
        rdfc(copy.deepcopy(document))
    message = str(raised.value)
    for field in ("educationalLevel", "workload", "prerequisites"):
        assert message.count(f"'{field}'") == 1
