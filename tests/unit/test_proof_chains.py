"""Proof chains (previousProof, W3C Data Integrity "Verify Proof Sets and Chains")
with the W3C vc-di-eddsa chain vectors, served the VC 2.0 examples context."""

from __future__ import annotations

import json

import pytest

from tests import corpora
from wallet_core import verify
from wallet_core.environment import Environment
from wallet_core.formats.vc_ldp import previous_proofs
from wallet_core.suites import suite_for

from .conftest import W3C_EDDSA, check_of, options, read_json

corpora.require_module()  # the interop corpora (SATCHEL_FIXTURES)

CHAIN = W3C_EDDSA / "proof-set-chain"
# signed vector -> (index of its chained proof, intermediate document it was signed over)
VECTORS = {
    "signedProofChain1.json": (2, "proofChainTempDoc1.json"),
    "signedProofChain2.json": (3, "proofChainTempDoc2.json"),
}


def _verify(doc: dict, loader):
    return verify(json.dumps(doc).encode(), options(document_loader=loader))


def _proof_check(doc: dict, loader):
    return check_of(_verify(doc, loader), "proof")


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_chain_vector_verifies_every_proof(name, examples_loader):
    doc = read_json(CHAIN / name)
    proof = _proof_check(doc, examples_loader)
    assert proof.status == "passed", proof.reason
    assert proof.reason.count("signature is valid") == len(doc["proof"])
    assert "chained after urn:uuid:" in proof.reason


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_chained_proof_is_checked_over_the_document_with_its_previous_proofs(name):
    index, temp_doc = VECTORS[name]
    signed = read_json(CHAIN / name)
    matching = previous_proofs(signed["proof"][index], signed["proof"])
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    # the vector's intermediate document: what the chained proof was made over
    assert {**unsecured, "proof": matching} == read_json(CHAIN / temp_doc)


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_chained_proof_does_not_verify_over_the_bare_document(name, examples_loader):
    index, temp_doc = VECTORS[name]
    signed = read_json(CHAIN / name)
    proof = signed["proof"][index]
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    env = Environment.from_options(options(document_loader=examples_loader))
    suite = suite_for(proof)
    assert suite.verify(unsecured, proof, env).status == "failed"
    assert suite.verify(read_json(CHAIN / temp_doc), proof, env).status == "passed"


@pytest.mark.parametrize(
    "name, removed",
    [
        ("signedProofChain1.json", 0),
        ("signedProofChain1.json", 1),
        ("signedProofChain2.json", 2),
    ],
)
def test_removing_a_previous_proof_breaks_the_chain(name, removed, examples_loader):
    doc = read_json(CHAIN / name)
    gone = doc["proof"].pop(removed)["id"]
    verdict = _verify(doc, examples_loader)
    proof = check_of(verdict, "proof")
    assert proof.status == "failed"
    assert f"previous proof {gone} is not in the credential's proofs" in proof.reason
    assert verdict.result == "invalid"


def test_a_changed_previous_proof_fails_the_chained_proof_too(examples_loader):
    doc = read_json(CHAIN / "signedProofChain1.json")
    # the previous proof now claims another creation time: it fails, and so does
    # the chained proof, whose signature covers it
    doc["proof"][0]["created"] = "2023-02-25T23:36:38Z"
    proof = _proof_check(doc, examples_loader)
    assert proof.status == "failed"
    assert proof.reason.count("signature does not match") == 2


def test_pointing_previous_proof_elsewhere_fails(examples_loader):
    doc = read_json(CHAIN / "signedProofChain2.json")
    doc["proof"][3]["previousProof"] = doc["proof"][0]["id"]
    proof = _proof_check(doc, examples_loader)
    assert proof.status == "failed"
    assert "signature does not match" in proof.reason


@pytest.mark.parametrize(
    "previous, reason",
    [
        ([], "previousProof must be a proof id or a non-empty list of proof ids"),
        (7, "previousProof must be a proof id or a non-empty list of proof ids"),
        ([None], "previousProof must be a proof id or a non-empty list of proof ids"),
        ("urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23", "cannot name itself"),
    ],
)
def test_malformed_previous_proof_fails(previous, reason, examples_loader):
    doc = read_json(CHAIN / "signedProofChain1.json")
    doc["proof"][2]["previousProof"] = previous
    proof = _proof_check(doc, examples_loader)
    assert proof.status == "failed"
    assert reason in proof.reason


def test_duplicate_proof_ids_make_the_chain_ambiguous(examples_loader):
    doc = read_json(CHAIN / "signedProofChain1.json")
    doc["proof"][1]["id"] = doc["proof"][0]["id"]
    proof = _proof_check(doc, examples_loader)
    assert proof.status == "failed"
    assert "more than one proof has the id" in proof.reason
