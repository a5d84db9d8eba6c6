"""Cross-check with DIDKit: credentials it signs verify here, and tampering fails in both."""

from __future__ import annotations

import json

import pytest

from wallet_core import didkit_adapter, verify

from .conftest import check_of, options

pytestmark = pytest.mark.skipif(not didkit_adapter.available(), reason="didkit not installed")


@pytest.fixture(scope="module")
def jwk() -> str:
    return didkit_adapter.generate_ed25519_jwk()


@pytest.mark.parametrize("proof_type", ["Ed25519Signature2020", "Ed25519Signature2018"])
def test_didkit_issued_credential_verifies_in_satchel_and_didkit(jwk, proof_type):
    contexts = ["https://www.w3.org/2018/credentials/v1"]
    if proof_type == "Ed25519Signature2020":
        contexts.append("https://w3id.org/security/suites/ed25519-2020/v1")
    credential = {
        "@context": contexts,
        "id": "urn:uuid:5f0c4c1e-8c5e-4b0a-9d7e-0f2b1a3c4d5e",
        "type": ["VerifiableCredential"],
        "issuer": didkit_adapter.did_for(jwk),
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = didkit_adapter.issue_credential(credential, jwk, proof_type)
    assert didkit_adapter.verify_credential(signed).ok
    verdict = verify(json.dumps(signed).encode(), options())
    assert verdict.result == "valid", verdict.checks

    signed["credentialSubject"]["id"] = "did:example:someone-else"
    assert not didkit_adapter.verify_credential(signed).ok
    assert check_of(verify(json.dumps(signed).encode(), options()), "proof").status == "failed"
