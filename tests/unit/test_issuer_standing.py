"""The issuer as reported: on the trust list or not, and whether it is the subject itself."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.own_vectors import ob3_unsigned
from wallet_core import sdjwt, verify
from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022

from .conftest import options

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
DID, VM = did_key_for(KEY)


def ob3_credential() -> bytes:
    doc = ob3_unsigned()
    doc["issuer"]["id"] = DID
    return json.dumps(sign_eddsa_rdfc_2022(doc, KEY, VM, "2025-01-01T00:00:00Z")).encode()


def sd_jwt_credential() -> bytes:
    claims = {"name": "Green Finance", "achievement": {"name": "Green Finance"}}
    return sdjwt.issue(claims, KEY, vct="urn:test", disclosable=["achievement.name"], iat=1735689600).encode()


def test_listed_issuer_is_trusted_and_unlisted_is_not():
    for data in (ob3_credential(), sd_jwt_credential()):
        assert verify(data, options(trust_list=frozenset({DID}))).issuer.trusted is True
        assert verify(data, options(trust_list=frozenset({"did:web:other.example"}))).issuer.trusted is False


def test_no_trust_list_means_not_asked():
    assert verify(ob3_credential(), options()).issuer.trusted is None


def test_a_credential_its_subject_issued_is_marked_self_asserted():
    doc = ob3_unsigned()
    doc["issuer"]["id"] = DID
    doc["credentialSubject"]["id"] = DID
    own = json.dumps(sign_eddsa_rdfc_2022(doc, KEY, VM, "2025-01-01T00:00:00Z")).encode()
    verdict = verify(own, options())
    assert verdict.result == "valid"
    assert verdict.display.self_asserted is True
    assert verify(ob3_credential(), options()).display.self_asserted is False
