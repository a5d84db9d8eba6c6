"""The fast path of RDF canonicalisation (processed contexts remembered per
loader, wallet_core/jsonld_safe.py) gives byte-identical canonical N-Quads to
plain PyLD on every JSON-LD fixture, for the document and for each proof's
options, cold and warm, and whatever order the documents come in."""

from __future__ import annotations

import copy
import json

import pytest
from pyld.canon import URDNA2015
from pyld.jsonld import JsonLdProcessor

from tests import corpora
from wallet_core.canonical import CanonicalizationError, rdfc
from wallet_core.document_loader import DocumentLoader
from wallet_core.suites.data_integrity import proof_options

from .conftest import EXAMPLES_V2, INTEROP

corpora.require_module()  # the interop corpora (SATCHEL_FIXTURES)


def _documents() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(INTEROP.rglob("*.json")):
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not isinstance(doc, dict) or "@context" not in doc:
            continue
        name = str(path.relative_to(INTEROP))
        proofs = doc.get("proof")
        bare = {k: v for k, v in doc.items() if k != "proof"}
        out.append((name, bare))
        for n, proof in enumerate(proofs if isinstance(proofs, list) else [proofs] if proofs else []):
            if isinstance(proof, dict):
                out.append((f"{name}#proof{n}", proof_options(bare, proof)))
    return out


def _plain_pyld(doc: dict) -> str:
    options = {"documentLoader": DocumentLoader(EXAMPLES_V2), "base": None, "produceGeneralizedRdf": False}
    dataset = JsonLdProcessor().to_rdf(copy.deepcopy(doc), options)
    return URDNA2015().main(dataset, {"format": "application/n-quads"})


DOCUMENTS = _documents()


def test_there_are_fixtures_to_compare():
    assert len(DOCUMENTS) > 100


@pytest.mark.parametrize("order", ["forward", "reverse"])
def test_fast_path_is_byte_identical_to_plain_pyld(order):
    fast = DocumentLoader(EXAMPLES_V2)
    compared = 0
    for name, doc in DOCUMENTS if order == "forward" else reversed(DOCUMENTS):
        try:
            expected = _plain_pyld(doc)
        except Exception:  # noqa: BLE001 - whatever plain PyLD refuses, the fast path refuses too
            with pytest.raises(CanonicalizationError):
                rdfc(copy.deepcopy(doc), fast)
            continue
        try:
            cold_then_warm = [rdfc(copy.deepcopy(doc), fast) for _ in range(2)]
        except CanonicalizationError as exc:
            assert "not covered by the signature" in str(exc), name  # refused by safe mode only
            continue
        assert cold_then_warm == [expected, expected], name
        compared += 1
    assert compared > 100
