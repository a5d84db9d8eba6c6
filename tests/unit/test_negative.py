"""Negative cases built with real signatures: tampering, wrong keys, dates, DIDs, status."""

from __future__ import annotations

import json
from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests import corpora
from wallet_core import verify
from wallet_core.document_loader import DocumentLoader
from wallet_core.fetcher import StaticFetcher
from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022

from .conftest import NOW, ONE_EDTECH, check_of, options

SEED = bytes(range(32))


def _key(seed: bytes = SEED) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def ob3_credential(issuer: str, **extra) -> dict:
    cred = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:0b0f1c58-4d2e-4c3e-9a3f-5d2b8f2a0c11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Green Finance Institute"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Green finance",
        "credentialSubject": {
            "id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:6a3c3c5e-2f9e-4b7e-8f55-0c1f4a1e9d21",
                "type": ["Achievement"],
                "name": "Green finance",
                "description": "A 5-credit micro-credential.",
                "criteria": {"narrative": "Pass the assessment."},
                "creditsAvailable": 5,
            },
        },
    }
    cred.update(extra)
    return cred


def signed(key=None, **extra) -> dict:
    key = key or _key()
    did, method = did_key_for(key)
    return sign_eddsa_rdfc_2022(ob3_credential(did, **extra), key, method, "2025-01-01T00:00:00Z")


def run(doc: dict, **opts):
    return verify(json.dumps(doc).encode(), options(**opts))


def test_well_signed_did_key_credential_is_valid():
    verdict = run(signed())
    assert verdict.result == "valid", verdict.checks
    assert check_of(verdict, "issuer").status == "passed"
    assert verdict.format == "ob3-ldp"
    assert verdict.display.name == "Green finance"
    assert verdict.display.credits == "5"


def test_tampered_field_fails_the_proof():
    doc = signed()
    doc["credentialSubject"]["achievement"]["name"] = "Quantum finance"
    verdict = run(doc)
    assert verdict.result == "invalid"
    assert "does not match" in check_of(verdict, "proof").reason


def test_signature_by_another_key_fails():
    # signed with one key while the proof names another key's did:key
    did, method = did_key_for(_key())
    doc = sign_eddsa_rdfc_2022(ob3_credential(did), _key(bytes(32)), method, "2025-01-01T00:00:00Z")
    verdict = run(doc)
    assert check_of(verdict, "proof").status == "failed"
    assert verdict.result == "invalid"


def test_proof_swapped_from_another_credential_fails():
    a = signed()
    b = signed(name="Another badge")
    a["proof"] = b["proof"]
    assert check_of(run(a), "proof").status == "failed"


def test_credential_signed_by_someone_other_than_its_issuer_fails_issuer_check():
    other = _key(b"\x01" * 32)
    did_issuer, _ = did_key_for(_key())
    _, other_method = did_key_for(other)
    doc = sign_eddsa_rdfc_2022(
        ob3_credential(did_issuer), other, other_method, "2025-01-01T00:00:00Z"
    )
    verdict = run(doc)
    assert check_of(verdict, "proof").status == "passed"
    assert check_of(verdict, "issuer").status == "failed"
    assert verdict.result == "invalid"


def test_expired_credential_is_invalid():
    verdict = run(signed(validUntil="2025-03-01T00:00:00Z"))
    validity = check_of(verdict, "validity")
    assert validity.status == "failed" and "expired" in validity.reason


def test_not_yet_valid_credential_is_invalid_with_an_injected_clock():
    doc = signed()
    early = options(now=lambda: NOW.replace(year=2024))
    verdict = verify(json.dumps(doc).encode(), early)
    assert "not yet valid" in check_of(verdict, "validity").reason


def test_clock_skew_is_allowed():
    doc = signed(validFrom="2025-06-01T12:03:00Z")
    assert check_of(run(doc), "validity").status == "passed"
    assert check_of(run(doc, max_clock_skew=timedelta(0)), "validity").status == "failed"


def test_unknown_did_method_fails():
    doc = signed()
    doc["proof"]["verificationMethod"] = "did:example:123#key-1"
    reason = check_of(run(doc), "proof").reason
    assert "unsupported DID method did:example" in reason


EXTRA_URL = "https://contexts.example/skills/v1"
EXTRA_CONTEXT = {"@context": {"@protected": True, "skillLevel": "https://contexts.example/skills#skillLevel"}}


def signed_with_extra_context(level: str = "advanced") -> dict:
    key = _key()
    did, method = did_key_for(key)
    credential = ob3_credential(did)
    credential["@context"].append(EXTRA_URL)
    credential["skillLevel"] = level
    return sign_eddsa_rdfc_2022(
        credential, key, method, "2025-01-01T00:00:00Z", loader=DocumentLoader({EXTRA_URL: EXTRA_CONTEXT})
    )


def test_a_context_satchel_lacks_offline_is_could_not_check_not_invalid():
    verdict = run(signed_with_extra_context())
    proof = check_of(verdict, "proof")
    assert proof.status == "could_not_check"
    assert f"context {EXTRA_URL} is not available" in proof.reason
    assert verdict.result == "could_not_check"


def test_online_a_context_satchel_lacks_is_fetched_and_the_verdict_says_so():
    fetcher = StaticFetcher({EXTRA_URL: json.dumps(EXTRA_CONTEXT)})
    verdict = run(signed_with_extra_context(), fetcher=fetcher)
    proof = check_of(verdict, "proof")
    assert proof.status == "passed", proof.reason
    assert proof.code == "proof.valid_fetched_context"
    assert f"fetched from the network: {EXTRA_URL}" in proof.reason
    assert fetcher.requested == [EXTRA_URL]
    # the fetched context is not kept: offline, the same credential cannot be checked again
    assert check_of(run(signed_with_extra_context()), "proof").status == "could_not_check"


def test_online_a_fetched_context_still_holds_the_signature_to_the_text():
    doc = signed_with_extra_context()
    doc["skillLevel"] = "expert"
    proof = check_of(run(doc, fetcher=StaticFetcher({EXTRA_URL: json.dumps(EXTRA_CONTEXT)})), "proof")
    assert proof.status == "failed"


def test_online_a_context_that_cannot_be_fetched_is_could_not_check():
    for body in (None, "not json", json.dumps({"no": "context"})):
        fetcher = StaticFetcher({} if body is None else {EXTRA_URL: body})
        proof = check_of(run(signed_with_extra_context(), fetcher=fetcher), "proof")
        assert proof.status == "could_not_check", body
        if body is None:  # not fetched: said like any document (fetch.<kind>)
            assert f"JSON-LD context {EXTRA_URL} could not be fetched" in proof.reason
            assert proof.params["cause_code"] == "fetch.unavailable"
        else:
            assert f"context {EXTRA_URL} is not available" in proof.reason


STATUS = {
    "id": "https://status.example/lists/1#5",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "5",
    "statusListCredential": "https://status.example/lists/1",
}


def test_status_list_unreachable_is_could_not_check():
    verdict = run(signed(credentialStatus=STATUS), fetcher=StaticFetcher())
    status = check_of(verdict, "status")
    assert status.status == "could_not_check"
    assert verdict.result == "could_not_check"


def test_status_declared_offline_is_never_not_revoked():
    verdict = run(signed(credentialStatus=STATUS))
    assert check_of(verdict, "status").status == "could_not_check"


def _status_list(bits_set: set[int], key=None) -> dict:
    import gzip

    from wallet_core.encoding import b64url_encode

    key = key or _key()
    raw = bytearray(16 * 1024)
    for i in bits_set:
        raw[i // 8] |= 0x80 >> (i % 8)
    did, method = did_key_for(key)
    listed = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "https://status.example/lists/1",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://status.example/lists/1#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": "u" + b64url_encode(gzip.compress(bytes(raw))),
        },
    }
    return sign_eddsa_rdfc_2022(listed, key, method, "2025-01-01T00:00:00Z")


def test_revoked_in_a_signed_status_list_is_invalid():
    fetcher = StaticFetcher({"https://status.example/lists/1": json.dumps(_status_list({5}))})
    verdict = run(signed(credentialStatus=STATUS), fetcher=fetcher)
    assert check_of(verdict, "status").status == "failed"
    assert verdict.result == "invalid"


def test_not_revoked_in_a_signed_status_list_passes():
    fetcher = StaticFetcher({"https://status.example/lists/1": json.dumps(_status_list({4, 6}))})
    verdict = run(signed(credentialStatus=STATUS), fetcher=fetcher)
    assert check_of(verdict, "status").status == "passed"
    assert verdict.result == "valid"


def test_tampered_status_list_is_not_trusted():
    listed = _status_list({5})
    listed["credentialSubject"]["encodedList"] = _status_list(set())["credentialSubject"][
        "encodedList"
    ]
    fetcher = StaticFetcher({"https://status.example/lists/1": json.dumps(listed)})
    status = check_of(run(signed(credentialStatus=STATUS), fetcher=fetcher), "status")
    assert status.status == "could_not_check"
    assert "signature could not be confirmed" in status.reason


def test_no_proof_is_invalid():
    doc = ob3_credential(did_key_for(_key())[0])
    assert check_of(run(doc), "proof").status == "failed"


@corpora.needed
def test_1edtech_noproof_sample_is_invalid():
    verdict = verify((ONE_EDTECH / "ob30" / "simple-noproof.json").read_bytes(), options())
    assert verdict.result == "invalid"
