"""ecdsa-rdfc-2019 (W3C vc-di-ecdsa) against Digital Bazaar's implementation.

Every credential here is signed at test time by the field's independent
implementation (@digitalbazaar/vc + data-integrity + ecdsa-rdfc-2019-cryptosuite
+ ecdsa-multikey, run through tests/p256/oracle.mjs), with fresh P-256 / P-384
keys; Satchel must give the verdict each construction implies, and for every
case Digital Bazaar's own verifier (safe mode) must agree with Satchel's proof
check. Credentials Satchel signs (wallet_core.sign) must pass Digital Bazaar's
verifier.
"""

from __future__ import annotations

import copy

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests.p256 import oracle
from wallet_core.dids.did_key import did_key_from_ec_public
from wallet_core.sign import sign_ecdsa_rdfc_2019

SUITE = "ecdsa-rdfc-2019"
DID_WEB = "did:web:issuer.example"
OB3 = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def ob3_credential(**extra) -> dict:
    credential = {
        "@context": OB3,
        "id": "urn:uuid:8f1f2b8e-3c39-4d4a-9d0c-2c6a4f1f0a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "$DID", "type": ["Profile"], "name": "Example College"},
        "validFrom": "2024-03-01T00:00:00Z",
        "name": "Green finance (5 credits)",
        "credentialSubject": {
            "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://issuer.example/achievements/green-finance",
                "type": ["Achievement"],
                "name": "Green finance",
                "description": "Sustainable investment, climate risk and ESG reporting.",
                "criteria": {"narrative": "Pass the final assessment (60% or more)."},
            },
        },
    }
    credential.update(extra)
    return credential


V1_CREDENTIAL = {
    "@context": [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://w3id.org/security/data-integrity/v2",
    ],
    "id": "urn:uuid:1d0b7bd8-8a38-4a5e-9d39-54e76ad2ff05",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "$DID", "type": ["Profile"], "name": "Example College"},
    "issuanceDate": "2024-03-01T00:00:00Z",
    "name": "Cloud computing basics",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://issuer.example/achievements/cloud",
            "type": ["Achievement"],
            "name": "Cloud computing basics",
            "description": "Virtual machines, storage and networking in the cloud.",
            "criteria": {"narrative": "Complete the six labs."},
        },
    },
}


@pytest.fixture(scope="module")
def issued() -> dict:
    """Every credential the oracle signs for this module, in one node process."""
    names = ["p256", "p384", "v1", "jwk", "web", "expired", "other"]
    answers = oracle.batch(
        {"op": "issue-rdfc", "curve": "P-256", "credential": ob3_credential()},
        {"op": "issue-rdfc", "curve": "P-384", "credential": ob3_credential()},
        {"op": "issue-rdfc", "curve": "P-256", "credential": V1_CREDENTIAL},
        {"op": "issue-rdfc", "vmStyle": "did:jwk", "credential": ob3_credential()},
        {"op": "issue-rdfc", "vmStyle": "did:web", "didWeb": DID_WEB, "credential": ob3_credential()},
        {
            "op": "issue-rdfc",
            "credential": ob3_credential(validUntil="2025-01-01T00:00:00Z"),
        },
        {"op": "issue-rdfc", "credential": ob3_credential()},
    )
    return dict(zip(names, answers, strict=True))


def agree(credential: dict, satchel_proof_passed: bool, documents: dict | None = None) -> None:
    """Digital Bazaar's verifier reaches the same answer on the signature."""
    answer = oracle.verify(credential, SUITE, documents)
    assert answer["verified"] is satchel_proof_passed, answer


@pytest.mark.parametrize("name", ["p256", "p384", "v1", "jwk"])
def test_credentials_the_oracle_signs_are_valid(issued, name):
    signed = issued[name]["credential"]
    verdict = oracle.satchel(signed)
    assert verdict.result == "valid", verdict.checks
    proof = oracle.check(verdict, "proof")
    assert proof.code == "proof.valid"
    assert "ecdsa-rdfc-2019" in proof.reason
    assert oracle.check(verdict, "issuer").status == "passed"


def test_the_oracle_accepts_its_own_credentials(issued):
    for name in ("p256", "p384", "v1"):
        agree(issued[name]["credential"], True)


def test_did_web_issuer_verifies_when_its_document_is_served(issued):
    answer = issued["web"]
    fetcher = oracle.did_web_fetcher(DID_WEB, answer["didDocument"])
    verdict = oracle.satchel(answer["credential"], fetcher=fetcher)
    assert verdict.result == "valid", verdict.checks
    assert "did:web" in oracle.check(verdict, "proof").reason
    agree(answer["credential"], True, {DID_WEB: answer["didDocument"]})


def test_did_web_issuer_offline_is_could_not_check(issued):
    verdict = oracle.satchel(issued["web"]["credential"])
    assert verdict.result == "could_not_check"
    assert oracle.check(verdict, "proof").status == "could_not_check"


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.__setitem__("name", "Green finance (50 credits)"),
        lambda c: c["credentialSubject"].__setitem__("id", "did:example:someone-else"),
        lambda c: c["proof"].__setitem__("created", "2020-01-01T00:00:00Z"),
        lambda c: c.__setitem__("validFrom", "2023-03-01T00:00:00Z"),
    ],
    ids=["name", "subject", "proof-created", "validFrom"],
)
def test_a_tampered_credential_is_invalid(issued, change):
    signed = copy.deepcopy(issued["p256"]["credential"])
    change(signed)
    verdict = oracle.satchel(signed)
    assert verdict.result == "invalid"
    proof = oracle.check(verdict, "proof")
    assert proof.status == "failed"
    assert proof.code == "proof.mismatch"
    agree(signed, False)


def test_a_p384_signature_checked_with_a_tampered_document_is_invalid(issued):
    signed = copy.deepcopy(issued["p384"]["credential"])
    signed["credentialSubject"]["achievement"]["name"] = "Brown finance"
    assert oracle.check(oracle.satchel(signed), "proof").code == "proof.mismatch"
    agree(signed, False)


def test_a_signature_claimed_for_another_key_is_invalid(issued):
    """Signed by one key, the proof names another P-256 did:key (and the issuer is that DID)."""
    signed = copy.deepcopy(issued["p256"]["credential"])
    other = issued["other"]
    signed["proof"]["verificationMethod"] = other["vm"]
    signed["issuer"]["id"] = other["did"]
    verdict = oracle.satchel(signed)
    assert verdict.result == "invalid"
    assert oracle.check(verdict, "proof").code == "proof.mismatch"
    agree(signed, False)


def test_an_expired_credential_with_a_valid_signature_is_invalid(issued):
    signed = issued["expired"]["credential"]
    verdict = oracle.satchel(signed)
    assert oracle.check(verdict, "proof").status == "passed"
    assert oracle.check(verdict, "validity").status == "failed"
    assert verdict.result == "invalid"
    # the oracle, too, refuses it today for its validUntil, and accepts it before then
    answer = oracle.verify(signed, SUITE)
    assert answer["verified"] is False and "validUntil" in answer["error"], answer
    before = oracle.run("verify", credential=signed, cryptosuite=SUITE, now="2024-06-01T00:00:00Z")
    assert before["verified"] is True, before


def test_a_signature_from_the_wrong_curve_size_is_invalid(issued):
    """A P-384 signature (96 bytes) presented for the P-256 key."""
    signed = copy.deepcopy(issued["p256"]["credential"])
    signed["proof"]["proofValue"] = issued["p384"]["credential"]["proof"]["proofValue"]
    verdict = oracle.satchel(signed)
    assert oracle.check(verdict, "proof").status == "failed"
    assert "malformed" in oracle.check(verdict, "proof").reason
    agree(signed, False)


def test_a_proof_value_not_in_base58btc_is_invalid(issued):
    """vc-di-ecdsa: the ecdsa-rdfc-2019 proofValue is base58btc multibase. The same
    signature re-encoded as base64url multibase is refused. (Digital Bazaar's
    verifier decodes any multibase and accepts it: a known, deliberate difference —
    Satchel keeps to the specification, as it does for eddsa-rdfc-2022.)"""
    from wallet_core.encoding import b64url_encode, multibase_decode

    signed = copy.deepcopy(issued["p256"]["credential"])
    raw = multibase_decode(signed["proof"]["proofValue"])
    signed["proof"]["proofValue"] = "u" + b64url_encode(raw)
    proof = oracle.check(oracle.satchel(signed), "proof")
    assert proof.status == "failed" and "base58btc" in proof.reason


def test_an_unsupported_cryptosuite_is_could_not_check_not_invalid(issued):
    """A well-formed proof of a cryptosuite Satchel does not implement: Satchel
    cannot tell whether the signature is good, so the credential is
    could_not_check — never valid, and not invalid either."""
    signed = copy.deepcopy(issued["p256"]["credential"])
    signed["proof"]["cryptosuite"] = "ecdsa-jcs-2019"
    verdict = oracle.satchel(signed)
    assert verdict.result == "could_not_check"
    proof = oracle.check(verdict, "proof")
    assert proof.status == "could_not_check"
    assert "ecdsa-jcs-2019" in proof.reason and "not supported" in proof.reason


def test_an_ed25519_key_cannot_carry_an_ecdsa_proof(issued):
    signed = copy.deepcopy(issued["p256"]["credential"])
    ed = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    signed["proof"]["verificationMethod"] = f"{ed}#{ed[8:]}"
    signed["issuer"]["id"] = ed
    proof = oracle.check(oracle.satchel(signed), "proof")
    assert proof.status == "failed" and "not a P-256 or P-384 key" in proof.reason


# --- Satchel signs, the oracle verifies -------------------------------------------


@pytest.mark.parametrize("curve", [ec.SECP256R1(), ec.SECP384R1()], ids=["P-256", "P-384"])
def test_credentials_satchel_signs_pass_the_oracle(curve):
    key = ec.generate_private_key(curve)
    did = did_key_from_ec_public(key.public_key())
    vm = f"{did}#{did[len('did:key:') :]}"
    credential = ob3_credential()
    credential["issuer"]["id"] = did
    signed = sign_ecdsa_rdfc_2019(credential, key, vm, "2024-03-01T00:00:00Z")
    assert signed["proof"]["cryptosuite"] == SUITE
    agree(signed, True)
    assert oracle.satchel(signed).result == "valid"
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Something else"
    agree(tampered, False)


def test_satchel_refuses_to_sign_ecdsa_with_an_ed25519_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with pytest.raises(ValueError, match="P-256"):
        sign_ecdsa_rdfc_2019(ob3_credential(), Ed25519PrivateKey.generate(), "did:x#y", "2024")



@pytest.mark.parametrize(
    ("proof", "status", "words"),
    [
        # a proof type Satchel does not implement, with a signature value
        ({"type": "BbsBlsSignature2020", "proofValue": "zabc"}, "could_not_check", "not supported"),
        # a DataIntegrityProof naming no cryptosuite is malformed
        ({"type": "DataIntegrityProof", "proofValue": "zabc"}, "failed", "no cryptosuite"),
        # an unknown suite with no signature value could not be valid whatever it is
        ({"type": "DataIntegrityProof", "cryptosuite": "bbs-2023"}, "failed", "no signature value"),
        ({"proofValue": "zabc"}, "failed", "no type"),
    ],
    ids=["unknown-type", "no-cryptosuite", "no-signature", "no-type"],
)
def test_proofs_no_suite_handles(issued, proof, status, words):
    signed = copy.deepcopy(issued["p256"]["credential"])
    common = {k: signed["proof"][k] for k in ("created", "verificationMethod", "proofPurpose")}
    signed["proof"] = {**common, **proof}
    check = oracle.check(oracle.satchel(signed), "proof")
    assert check.status == status and words in check.reason, check


def _nested(depth: int) -> dict:
    node: dict = {"name": "leaf"}
    for _ in range(depth):
        node = {"type": ["Achievement"], "achievement": node}
    return node


@pytest.mark.parametrize("suite_case", ["rdfc", "sd"])
def test_an_unavailable_context_or_a_work_bound_is_could_not_check(issued, sd_derived, suite_case):
    """As for the EdDSA suites: a context Satchel cannot have, or a document over
    a canonicalisation bound, says nothing about the signature — could_not_check."""
    signed = issued["p256"]["credential"] if suite_case == "rdfc" else sd_derived
    unknown = copy.deepcopy(signed)
    unknown["@context"] = [*unknown["@context"], "https://contexts.example/unknown/v1"]
    proof = oracle.check(oracle.satchel(unknown), "proof")
    assert proof.status == "could_not_check" and "unknown/v1" in proof.reason, proof
    deep = copy.deepcopy(signed)
    deep["credentialSubject"]["achievement"] = _nested(80)
    proof = oracle.check(oracle.satchel(deep), "proof")
    assert proof.status == "could_not_check" and proof.code == "proof.too_complex", proof


@pytest.fixture(scope="module")
def sd_derived() -> dict:
    answer = oracle.run(
        "issue-sd",
        credential=ob3_credential(),
        mandatoryPointers=["/issuer"],
        selective=[["/credentialSubject/achievement/name"]],
    )
    return answer["derived"][0]
