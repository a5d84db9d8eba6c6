"""The context caches that make canonicalisation fast must never serve a stale answer."""

from __future__ import annotations

import copy

import pytest

from tests.own_vectors import ob3_unsigned
from wallet_core.canonical import CanonicalizationError, rdfc
from wallet_core.document_loader import DocumentLoader, default_loader


def test_an_inline_context_changed_in_place_is_processed_again():
    ctx = {"@vocab": "https://a.example/"}
    doc = {"@context": ctx, "@id": "urn:x", "name": "n"}
    first = rdfc(doc)
    ctx["@vocab"] = "https://b.example/"
    second = rdfc(doc)
    assert "<https://a.example/name>" in first
    assert "<https://b.example/name>" in second


def test_canonical_form_is_the_same_cold_and_warm():
    doc = ob3_unsigned()
    cold = rdfc(copy.deepcopy(doc), DocumentLoader())
    warm = [rdfc(copy.deepcopy(doc), default_loader()) for _ in range(3)]
    assert warm == [cold] * 3
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement>" in cold


def test_loaders_do_not_share_extra_contexts():
    url = "https://contexts.example/only-here"
    with_extra = DocumentLoader({url: {"@context": {"@vocab": "https://v.example/"}}})
    doc = {"@context": url, "@id": "urn:x", "name": "n"}
    assert "<https://v.example/name>" in rdfc(doc, with_extra)
    with pytest.raises(CanonicalizationError, match="only-here"):
        rdfc(doc, DocumentLoader())
