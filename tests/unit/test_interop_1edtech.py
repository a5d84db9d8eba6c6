"""The 1EdTech validator's samples, with the upstream verdict from expected.json.

Served offline: the only network documents available are the ones the fixture
tree holds, through a StaticFetcher. Where Satchel deliberately answers
differently, the entry in SATCHEL_DIFFERS gives our answer and why.
"""

from __future__ import annotations

import json

import pytest

from tests import corpora
from wallet_core import verify
from wallet_core.canonical import rdfc

from .conftest import ONE_EDTECH, options

corpora.require_module()  # the interop corpora (SATCHEL_FIXTURES)
from .fixture_world import (
    CASES,
    EXPECTED,
    SATCHEL_DIFFERS,
    UPSTREAM_TO_SATCHEL,
    fixture_fetcher,
    satchel_result,
)


@pytest.mark.parametrize("name", CASES)
def test_1edtech_sample(name):
    if name in SATCHEL_DIFFERS:
        expected, _reason = SATCHEL_DIFFERS[name]
    else:
        expected = UPSTREAM_TO_SATCHEL[EXPECTED[name]["expect"]]
    assert satchel_result(ONE_EDTECH / name) == expected


def test_every_difference_names_a_real_sample():
    assert set(SATCHEL_DIFFERS) <= set(CASES)


def test_no_difference_turns_an_upstream_invalid_into_valid():
    for name, (ours, _reason) in SATCHEL_DIFFERS.items():
        if EXPECTED[name]["expect"] == "invalid":
            assert ours != "valid", name


def test_revoked_bitstring_status_is_invalid_when_the_list_is_served():
    verdict = verify(
        (ONE_EDTECH / "ob30" / "bit-string-list" / "credential-status-revoked.json").read_bytes(),
        options(fetcher=fixture_fetcher()),
    )
    status = next(c for c in verdict.checks if c.check == "status")
    assert status.status == "failed"
    assert "revoked" in status.reason and "entry 23" in status.reason


def test_status_list_offline_is_could_not_check():
    verdict = verify(
        (ONE_EDTECH / "ob30" / "bit-string-list" / "credential-status-revoked.json").read_bytes(),
        options(),
    )
    status = next(c for c in verdict.checks if c.check == "status")
    assert status.status == "could_not_check"
    assert "not fetched: offline" in status.reason
    assert verdict.result == "could_not_check"


# The CLR 2.0 context is written by us (no registry package carries it); these
# signed samples are what shows it means what the issuer's context meant: one
# term expanded to another IRI changes the canonical form and breaks the signature.
SIGNED_CLR = ["clr20/simple.json", "clr20/complex.json", "clr20/simple_v1.json"]


def _proof(doc: dict):
    verdict = verify(json.dumps(doc).encode(), options(fetcher=fixture_fetcher()))
    return next(c for c in verdict.checks if c.check == "proof")


@pytest.mark.parametrize("name", SIGNED_CLR)
def test_clr_sample_signature_verifies_with_the_bundled_clr_context(name):
    proof = _proof(json.loads((ONE_EDTECH / name).read_text("utf-8")))
    assert proof.status == "passed", proof.reason


@pytest.mark.parametrize("name", SIGNED_CLR)
@pytest.mark.parametrize(
    "change",
    ["associationType", "sourceId", "targetId", "embedded credential name"],
)
def test_changing_a_clr_term_breaks_the_signature(name, change):
    doc = json.loads((ONE_EDTECH / name).read_text("utf-8"))
    subject = doc["credentialSubject"]
    association = subject["association"][0]
    if change == "associationType":
        association["associationType"] = "isChildOf"
    elif change == "embedded credential name":
        subject["verifiableCredential"][0]["name"] = "Another Badge"
    else:
        association[change] = "urn:uuid:00000000-0000-4000-8000-000000000000"
    proof = _proof(doc)
    assert proof.status == "failed"
    assert "does not match" in proof.reason


def test_clr_context_keeps_the_issuers_literal_datatypes():
    """sourceId/targetId are typed "xsd:anyURI" in the CLR context, which has no xsd
    prefix: under OB 3.0.3 (no xsd prefix either) the datatype stays the IRI
    "xsd:anyURI", and simple.json was signed that way."""
    doc = json.loads((ONE_EDTECH / "clr20" / "simple.json").read_text("utf-8"))
    doc.pop("proof")
    nquads = rdfc(doc)
    assert (
        "<https://purl.imsglobal.org/spec/vc/clr/vocab.html#sourceId> "
        '"urn:uuid:a7467ef6-56cb-11ec-bf63-0242ac130002"^^<xsd:anyURI>'
    ) in nquads
