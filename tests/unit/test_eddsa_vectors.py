"""W3C vc-di-eddsa test vectors, checked step by step (canonical forms, hashes, signature)."""

from __future__ import annotations

import hashlib

import pytest

from tests import corpora
from wallet_core import verify
from wallet_core.canonical import jcs, rdfc
from wallet_core.dids.did_key import resolve as resolve_did_key
from wallet_core.encoding import b58decode
from wallet_core.environment import Environment
from wallet_core.sign import (
    did_key_for,
    ed25519_private_from_multibase,
    sign_eddsa_jcs_2022,
    sign_eddsa_rdfc_2022,
)
from wallet_core.suites import suite_for
from wallet_core.suites.data_integrity import proof_options

from .conftest import W3C_EDDSA, check_of, options, read_json

corpora.require_module()  # the interop corpora (SATCHEL_FIXTURES)

VECTORS = {
    # suite folder: (signed file, suffix of intermediate files, canonicaliser)
    "eddsa-rdfc-2022": ("signedDataInt.json", "DataInt", "rdfc"),
    "eddsa-jcs-2022": ("signedJCS.json", "JCS", "jcs"),
    "Ed25519Signature2020": ("signedEdSig.json", "EdSig", "rdfc"),
}


def _text(folder, name):
    return (W3C_EDDSA / folder / name).read_text("utf-8")


def _canon(kind, doc, loader):
    return rdfc(doc, loader) if kind == "rdfc" else jcs(doc).decode("utf-8")


@pytest.mark.parametrize("folder", sorted(VECTORS))
def test_intermediate_values_match_the_vector(folder, examples_loader):
    signed_name, suffix, kind = VECTORS[folder]
    signed = read_json(W3C_EDDSA / folder / signed_name)
    proof = signed.pop("proof")
    canon_doc = _canon(kind, signed, examples_loader)
    assert canon_doc.strip() == _text(folder, f"canonDoc{suffix}.txt").strip()
    canon_proof = _canon(kind, proof_options(signed, proof), examples_loader)
    assert canon_proof.strip() == _text(folder, f"proofCanon{suffix}.txt").strip()
    doc_hash = hashlib.sha256(canon_doc.encode()).hexdigest()
    proof_hash = hashlib.sha256(canon_proof.encode()).hexdigest()
    assert doc_hash == _text(folder, f"docHash{suffix}.txt").strip()
    assert proof_hash == _text(folder, f"proofHash{suffix}.txt").strip()
    assert proof_hash + doc_hash == _text(folder, f"combinedHash{suffix}.txt").strip()
    signature = b58decode(proof["proofValue"][1:])
    assert signature.hex() == _text(folder, f"sigHex{suffix}.txt").strip()


@pytest.mark.parametrize("folder", sorted(VECTORS))
def test_signed_vector_verifies(folder, examples_loader):
    signed = read_json(W3C_EDDSA / folder / VECTORS[folder][0])
    proof = signed.pop("proof")
    env = Environment.from_options(options(document_loader=examples_loader))
    result = suite_for(proof).verify(signed, proof, env)
    assert result.status == "passed", result.reason
    assert result.key.controller == "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


@pytest.mark.parametrize("folder", sorted(VECTORS))
def test_one_changed_character_breaks_the_vector(folder, examples_loader):
    signed = read_json(W3C_EDDSA / folder / VECTORS[folder][0])
    proof = signed.pop("proof")
    signed["credentialSubject"]["alumniOf"] = "The School of Examplez"
    env = Environment.from_options(options(document_loader=examples_loader))
    result = suite_for(proof).verify(signed, proof, env)
    assert result.status == "failed"
    assert "does not match" in result.reason


def test_signing_reproduces_the_vectors(examples_loader):
    pair = read_json(W3C_EDDSA / "keyPair.json")
    key = ed25519_private_from_multibase(pair["privateKeyMultibase"])
    did, method = did_key_for(key)
    assert did == "did:key:" + pair["publicKeyMultibase"]
    unsigned = read_json(W3C_EDDSA / "unsigned.json")
    rdfc_signed = sign_eddsa_rdfc_2022(
        unsigned, key, method, "2023-02-24T23:36:38Z", loader=examples_loader
    )
    assert rdfc_signed == read_json(W3C_EDDSA / "eddsa-rdfc-2022" / "signedDataInt.json")
    jcs_signed = sign_eddsa_jcs_2022(unsigned, key, method, "2023-02-24T23:36:38Z")
    expected = read_json(W3C_EDDSA / "eddsa-jcs-2022" / "signedJCS.json")
    assert jcs_signed["proof"]["proofValue"] == expected["proof"]["proofValue"]


def test_vector_without_its_context_offline_could_not_be_checked():
    # offline, verify() serves bundled contexts only: examples/v2 is not one, and a
    # context we lack is no evidence of forgery
    data = (W3C_EDDSA / "eddsa-rdfc-2022" / "signedDataInt.json").read_bytes()
    proof = check_of(verify(data, options()), "proof")
    assert proof.status == "could_not_check"
    assert "context https://www.w3.org/ns/credentials/examples/v2 is not available" in proof.reason


def test_did_key_resolves_to_a_multikey_document():
    doc = resolve_did_key("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    vm = doc["verificationMethod"][0]
    assert vm["id"].endswith("#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    assert vm["publicKeyMultibase"] == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
