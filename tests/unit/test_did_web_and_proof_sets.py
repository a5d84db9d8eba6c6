"""did:web through the injected fetcher, and credentials with several proofs."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests import corpora
from wallet_core import verify
from wallet_core.encoding import ED25519_PUB, multibase_encode_b58
from wallet_core.fetcher import StaticFetcher
from wallet_core.sign import sign_eddsa_rdfc_2022

from .conftest import check_of, options
from .test_negative import ob3_credential

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
SECOND = Ed25519PrivateKey.from_private_bytes(b"\x05" * 32)
DID = "did:web:issuer.example:colleges:green"
DOC_URL = "https://issuer.example/colleges/green/did.json"


def _multikey(key) -> str:
    return multibase_encode_b58(ED25519_PUB + key.public_key().public_bytes_raw())


def _did_doc(*keys, did=DID) -> str:
    methods = [
        {
            "id": f"{did}#key-{i}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": _multikey(k),
        }
        for i, k in enumerate(keys, 1)
    ]
    return json.dumps(
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "verificationMethod": methods,
            "assertionMethod": [m["id"] for m in methods],
        }
    )


def _signed(key=KEY, method=f"{DID}#key-1") -> dict:
    return sign_eddsa_rdfc_2022(ob3_credential(DID), key, method, "2025-01-01T00:00:00Z")


def _run(doc, fetcher=None):
    return verify(json.dumps(doc).encode(), options(fetcher=fetcher))


def test_did_web_credential_verifies_through_the_fetcher():
    fetcher = StaticFetcher({DOC_URL: _did_doc(KEY)})
    verdict = _run(_signed(), fetcher)
    assert verdict.result == "valid", verdict.checks
    assert check_of(verdict, "issuer").status == "passed"
    assert fetcher.requested == [DOC_URL]


def test_did_web_offline_is_could_not_check():
    verdict = _run(_signed())
    assert check_of(verdict, "proof").status == "could_not_check"
    assert verdict.result == "could_not_check"


def test_did_web_document_not_served_is_could_not_check():
    verdict = _run(_signed(), StaticFetcher())
    assert verdict.result == "could_not_check"


def test_did_web_document_for_another_did_fails():
    fetcher = StaticFetcher({DOC_URL: _did_doc(KEY, did="did:web:evil.example")})
    assert check_of(_run(_signed(), fetcher), "proof").status == "failed"


def test_did_web_key_not_in_the_document_fails():
    fetcher = StaticFetcher({DOC_URL: _did_doc(SECOND)})
    verdict = _run(_signed(), fetcher)
    assert check_of(verdict, "proof").status == "failed"


def test_did_web_without_path_uses_well_known():
    did = "did:web:issuer.example"
    doc = sign_eddsa_rdfc_2022(ob3_credential(did), KEY, f"{did}#key-1", "2025-01-01T00:00:00Z")
    fetcher = StaticFetcher({"https://issuer.example/.well-known/did.json": _did_doc(KEY, did=did)})
    assert _run(doc, fetcher).result == "valid"


def test_two_good_proofs_are_valid():
    fetcher = StaticFetcher({DOC_URL: _did_doc(KEY, SECOND)})
    doc = sign_eddsa_rdfc_2022(_signed(), SECOND, f"{DID}#key-2", "2025-01-02T00:00:00Z")
    assert len(doc["proof"]) == 2
    verdict = _run(doc, fetcher)
    assert verdict.result == "valid", verdict.checks


def test_one_bad_proof_among_good_ones_is_invalid():
    fetcher = StaticFetcher({DOC_URL: _did_doc(KEY, SECOND)})
    doc = sign_eddsa_rdfc_2022(_signed(), SECOND, f"{DID}#key-2", "2025-01-02T00:00:00Z")
    doc["proof"][1]["proofValue"] = doc["proof"][0]["proofValue"]
    verdict = _run(doc, fetcher)
    assert check_of(verdict, "proof").status == "failed"
    assert verdict.result == "invalid"


def test_a_good_proof_and_an_unresolvable_one_is_not_valid():
    fetcher = StaticFetcher({DOC_URL: _did_doc(KEY)})
    doc = sign_eddsa_rdfc_2022(
        _signed(), SECOND, "did:web:gone.example#key-1", "2025-01-02T00:00:00Z"
    )
    verdict = _run(doc, fetcher)
    assert check_of(verdict, "proof").status == "could_not_check"
    assert verdict.result == "could_not_check"


@corpora.needed
def test_w3c_proof_set_vector_verifies_every_proof(examples_loader):
    from .conftest import W3C_EDDSA

    data = (W3C_EDDSA / "proof-set-chain" / "signedProofSet2.json").read_bytes()
    assert len(json.loads(data)["proof"]) == 2
    verdict = verify(data, options(document_loader=examples_loader))
    assert check_of(verdict, "proof").status == "passed"
    tampered = json.loads(data)
    tampered["proof"][1]["proofValue"] = tampered["proof"][0]["proofValue"]
    verdict = verify(
        json.dumps(tampered).encode(), options(document_loader=examples_loader)
    )
    assert check_of(verdict, "proof").status == "failed"
