"""Proof sets and chains (previousProof, W3C Data Integrity "Verify Proof Sets
and Chains") on our own chain, signed in tests/own_vectors.py from the spec text with
PyLD (not wallet_core's signer or canonicaliser). The W3C vectors are checked in
test_proof_chains.py when the interop corpora are there."""

from __future__ import annotations

import json

from tests.own_vectors import CHAIN_IDS, proof_chain
from wallet_core import verify
from wallet_core.formats.vc_ldp import previous_proofs

from .conftest import check_of, options


def _proof(doc: dict):
    return check_of(verify(json.dumps(doc).encode(), options()), "proof")


def test_every_proof_of_the_chain_verifies():
    doc = proof_chain()
    proof = _proof(doc)
    assert proof.status == "passed", proof.reason
    assert proof.reason.count("signature is valid") == 3
    assert "chained after urn:uuid:3a8e0b1c" in proof.reason


def test_the_chained_proof_names_the_proofs_it_follows():
    doc = proof_chain()
    assert [p["id"] for p in previous_proofs(doc["proof"][2], doc["proof"])] == list(CHAIN_IDS[:2])


def test_removing_a_previous_proof_breaks_the_chain():
    doc = proof_chain()
    gone = doc["proof"].pop(0)["id"]
    verdict = verify(json.dumps(doc).encode(), options())
    proof = check_of(verdict, "proof")
    assert proof.status == "failed"
    assert f"previous proof {gone} is not in the credential's proofs" in proof.reason
    assert verdict.result == "invalid"


def test_a_changed_previous_proof_fails_the_chained_proof_too():
    doc = proof_chain()
    doc["proof"][0]["created"] = "2025-02-01T00:00:00Z"
    proof = _proof(doc)
    assert proof.status == "failed"
    assert proof.reason.count("signature does not match") == 2


def test_pointing_previous_proof_elsewhere_fails():
    doc = proof_chain()
    doc["proof"][2]["previousProof"] = CHAIN_IDS[0]
    proof = _proof(doc)
    assert proof.status == "failed"
    assert "signature does not match" in proof.reason


def test_duplicate_proof_ids_make_the_chain_ambiguous():
    doc = proof_chain()
    doc["proof"][1]["id"] = doc["proof"][0]["id"]
    proof = _proof(doc)
    assert proof.status == "failed"
    assert "more than one proof has the id" in proof.reason
