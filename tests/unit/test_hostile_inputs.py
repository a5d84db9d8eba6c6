"""Issue 10: canonicalisation bounds. Hostile credentials are refused quickly as
``could_not_check`` with a plain reason; real credentials canonicalise as before."""

from __future__ import annotations

import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.hostile import HOSTILE, credential, hostile_bytes
from tests.own_vectors import clr_document
from wallet_core import canonical, reasons, verify
from wallet_core.canonical import CanonicalizationLimit, check_shape, jcs, rdfc
from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022

from .conftest import options

# hostile input -> the bound that refuses it
EXPECTED_LIMIT = {
    "complete graph of 8 blank nodes": "hash_work",
    "two 400-node cycles": "comparisons",
    "20,000 blank nodes": "array",
    "300,000-item literal array": "array",
    "nesting 900 deep": "depth",
}


def _proof(verdict):
    return next(c for c in verdict.checks if c.check == "proof")


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_credentials_are_not_checked_with_a_plain_reason(name):
    verdict = verify(hostile_bytes(name), options())
    proof = _proof(verdict)
    assert verdict.result == "could_not_check"
    assert proof.status == "could_not_check"
    assert proof.code == "proof.too_complex"
    assert proof.params["limit_code"] == f"limit.{EXPECTED_LIMIT[name]}"
    assert "not checked" in proof.reason and "(a bound against hostile input)" in proof.reason
    assert reasons.render(proof.code, proof.params) == proof.reason
    assert "未檢查" in reasons.t_reason(proof, "zh-Hant")


def _canonicalise(body) -> str:
    doc = credential(**body)
    doc.pop("proof")
    return rdfc(doc)


def _limit_of(body) -> str:
    with pytest.raises(CanonicalizationLimit) as caught:
        _canonicalise(body)
    return caught.value.limit


def test_each_bound_refuses_what_it_bounds():
    # JSON values in total: many arrays, none over the item bound
    per = canonical.MAX_ARRAY_ITEMS
    assert _limit_of({f"p{i}": list(range(per)) for i in range(canonical.MAX_JSON_VALUES // per + 1)}) == "values"
    # comparisons: one node's property gathers its values from many objects (no long array)
    merged = [{"@id": "urn:x", "v": list(range(i * 20, i * 20 + 20))} for i in range(100)]
    assert _limit_of({f"p{i}": merged[i * 10 : (i + 1) * 10] for i in range(10)}) == "comparisons"
    # blank nodes: every @list item is a blank node
    lists = {f"l{i}": {"@list": list(range(1_900))} for i in range(3)}
    assert _limit_of(lists) == "blank_nodes"
    # RDF statements: two per list item
    lists = {f"l{i}": {"@list": [str(j) for j in range(1_900)]} for i in range(10)}
    assert _limit_of(lists) == "quads"
    # Hash N-Degree Quads work: rings of look-alike blank nodes, 40 per property
    ring = [{"@id": f"_:r{i}", "next": {"@id": f"_:r{(i + 1) % 120}"}} for i in range(120)]
    assert _limit_of({f"p{k}": ring[k * 40 : (k + 1) * 40] for k in range(3)}) == "hash_work"


def test_small_look_alike_graphs_still_canonicalise():
    ring = [{"@id": f"_:r{i}", "next": {"@id": f"_:r{(i + 1) % 12}"}} for i in range(12)]
    out = _canonicalise({"ring": ring})
    assert out.count("_:c14n") >= 24
    k4 = [{"@id": f"_:n{i}", "link": [{"@id": f"_:n{j}"} for j in range(4) if j != i]} for i in range(4)]
    assert "_:c14n3" in _canonicalise({"node": k4})


def test_shape_walk_is_iterative_and_bounds_jcs_depth():
    deep: list = []
    for _ in range(100_000):  # far deeper than Python could recurse
        deep = [deep]
    with pytest.raises(CanonicalizationLimit) as caught:
        check_shape(deep)
    assert caught.value.limit == "depth"
    with pytest.raises(CanonicalizationLimit):
        jcs({"a": deep})
    assert jcs({"b": list(range(100_000))}).startswith(b'{"b":[0,1,2')  # JCS is linear: no item bound


def _many_achievements(n: int) -> dict:
    return clr_document("did:example:meilin", parts=n)  # our own transcript (tests/own_vectors.py)


def test_a_clr_with_many_achievements_still_verifies():
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did, vm = did_key_for(key)
    clr = _many_achievements(120)
    clr["issuer"]["id"] = did
    signed = sign_eddsa_rdfc_2022(clr, key, vm, "2025-01-01T00:00:00Z")
    verdict = verify(json.dumps(signed).encode(), options())
    assert _proof(verdict).status == "passed", _proof(verdict).reason


def test_one_verification_canonicalises_a_document_once_and_bounds_the_total():
    body = {f"g{g}": [{f"f{k}": f"v{g}-{i}-{k}" for k in range(10)} for i in range(28)] for g in range(50)}
    doc = credential(**body)
    doc.pop("proof")
    with canonical.verification():
        first = rdfc(doc)
        assert rdfc(doc) is first  # a proof set signs one document: canonicalised once
        rdfc(copy.deepcopy(doc))
        rdfc(copy.deepcopy(doc))  # three documents of ~15,400 values: 46,000 of 60,000
        with pytest.raises(CanonicalizationLimit) as caught:
            rdfc(copy.deepcopy(doc))
    assert caught.value.limit == "total_values"
    assert rdfc(copy.deepcopy(doc)) == first  # outside a verification: per document only


def test_a_proof_set_over_one_document_costs_one_canonicalisation():
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did, vm = did_key_for(key)
    clr = _many_achievements(40)
    clr["issuer"]["id"] = did
    signed = sign_eddsa_rdfc_2022(clr, key, vm, "2025-01-01T00:00:00Z")
    for created in ("2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z"):
        signed = sign_eddsa_rdfc_2022(signed, key, vm, created)
    assert len(signed["proof"]) == 4
    calls = []
    real = canonical._rdfc
    canonical._rdfc = lambda document, loader: calls.append(document) or real(document, loader)
    try:
        verdict = verify(json.dumps(signed).encode(), options())
    finally:
        canonical._rdfc = real
    assert _proof(verdict).status == "passed", _proof(verdict).reason
    assert len(calls) == 5  # the document once, and each proof's options
