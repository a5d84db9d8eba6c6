"""A credential's family comes from its ``type``, not from the contexts it uses:
an employment record that borrows the Open Badges context is a plain VC and
verifies as one (it is not an Open Badge with missing fields)."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wallet_core import verify
from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022

from .conftest import check_of, options

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
DID, VM = did_key_for(KEY)


def employment_record(types: list[str]) -> dict:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            {"EmploymentCredential": "https://harbour.example/vocab#EmploymentCredential"},
        ],
        "id": "urn:uuid:2c1d8f0a-5b7e-4e61-9f0c-7d3a1b2c4e5f",
        "type": types,
        "issuer": {"id": DID, "name": "Harbour Logistics"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Employment record",
        "credentialSubject": {"id": "did:example:learner", "name": "Amina"},
    }


def test_a_non_badge_credential_with_the_badge_context_is_a_valid_vc():
    signed = sign_eddsa_rdfc_2022(
        employment_record(["VerifiableCredential", "EmploymentCredential"]), KEY, VM, "2025-01-01T00:00:00Z"
    )
    verdict = verify(json.dumps(signed).encode(), options())
    assert verdict.format == "vc-ldp"
    assert verdict.result == "valid", [c.reason for c in verdict.checks]


def test_the_same_credential_typed_as_a_badge_is_held_to_the_badge_schema():
    signed = sign_eddsa_rdfc_2022(
        employment_record(["VerifiableCredential", "OpenBadgeCredential"]), KEY, VM, "2025-01-01T00:00:00Z"
    )
    verdict = verify(json.dumps(signed).encode(), options())
    assert verdict.format == "ob3-ldp"
    assert check_of(verdict, "schema").status == "failed"
