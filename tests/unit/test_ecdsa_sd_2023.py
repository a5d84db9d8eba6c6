"""ecdsa-sd-2023 (selective disclosure, W3C vc-di-ecdsa) against Digital Bazaar's implementation.

The issuer's base proof and the holder's derived proofs are made at test time
by @digitalbazaar/ecdsa-sd-2023-cryptosuite (tests/p256/oracle.mjs) with fresh
P-256 keys. Satchel verifies what a verifier sees — derived proofs — and for
every case Digital Bazaar's verifier must agree with Satchel's proof check.
The real 1EdTech sample (shared fixtures, ob30/sd) is checked in place too.
"""

from __future__ import annotations

import copy
import json

import pytest

from tests import corpora
from tests.p256 import oracle
from tests.unit.conftest import ONE_EDTECH
from wallet_core import cbor
from wallet_core.encoding import b64url_decode, b64url_encode
from wallet_core.suites.ecdsa_sd_2023 import relabel

SUITE = "ecdsa-sd-2023"
DID_WEB = "did:web:college.example"

CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:0b3c3f5e-93f6-4a37-9d65-7f2a9f0c8e41",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "$DID", "type": ["Profile"], "name": "Example College"},
    "validFrom": "2024-03-01T00:00:00Z",
    "name": "AI foundations for university teaching staff",
    "credentialSubject": {
        "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://college.example/achievements/ai-foundations",
            "type": ["Achievement"],
            "name": "AI foundations",
            "description": "What machine learning is, where it fails, and how to teach with it.",
            "criteria": {"narrative": "Complete four workshops and a teaching portfolio."},
            "creditsAvailable": 5,
        },
        "result": [
            {"type": ["Result"], "value": "Distinction"},
        ],
    },
}
# What the issuer makes every presentation show.
MANDATORY = ["/issuer", "/validFrom", "/credentialSubject/achievement/id"]
# What the holder chooses to show, per derived credential.
SELECTIVE = {
    "name-only": ["/name"],
    "achievement": ["/credentialSubject/achievement"],
    "nothing-more": [],
    "everything": ["/name", "/credentialSubject"],
}


@pytest.fixture(scope="module")
def issued() -> dict:
    key_answer, web_answer = oracle.batch(
        {
            "op": "issue-sd",
            "credential": CREDENTIAL,
            "mandatoryPointers": MANDATORY,
            "selective": list(SELECTIVE.values()),
        },
        {
            "op": "issue-sd",
            "vmStyle": "did:web",
            "didWeb": DID_WEB,
            "credential": CREDENTIAL,
            "mandatoryPointers": MANDATORY,
            "selective": [SELECTIVE["name-only"]],
        },
    )
    key_answer["by_name"] = dict(zip(SELECTIVE, key_answer["derived"], strict=True))
    return {"key": key_answer, "web": web_answer}


def agree(credential: dict, satchel_proof_passed: bool, documents: dict | None = None) -> dict:
    answer = oracle.verify(credential, SUITE, documents)
    assert answer["verified"] is satchel_proof_passed, answer
    return answer


@pytest.mark.parametrize("name", list(SELECTIVE))
def test_derived_credentials_verify(issued, name):
    derived = issued["key"]["by_name"][name]
    verdict = oracle.satchel(derived)
    assert verdict.result == "valid", verdict.checks
    proof = oracle.check(verdict, "proof")
    assert proof.code == "proof.valid" and "ecdsa-sd-2023" in proof.reason
    agree(derived, True)


def test_a_derived_credential_shows_only_what_was_disclosed(issued):
    name_only = issued["key"]["by_name"]["name-only"]
    achievement = name_only["credentialSubject"]["achievement"]
    assert "description" not in achievement and "result" not in name_only["credentialSubject"]
    assert name_only["name"] == CREDENTIAL["name"]
    nothing_more = issued["key"]["by_name"]["nothing-more"]
    assert "name" not in nothing_more
    display = oracle.satchel(nothing_more).display
    assert display.issuer_id == issued["key"]["did"]


def test_a_did_web_issuer_verifies_with_its_document(issued):
    answer = issued["web"]
    derived = answer["derived"][0]
    fetcher = oracle.did_web_fetcher(DID_WEB, answer["didDocument"])
    assert oracle.satchel(derived, fetcher=fetcher).result == "valid"
    assert oracle.satchel(derived).result == "could_not_check"  # offline
    agree(derived, True, {DID_WEB: answer["didDocument"]})


def test_a_base_proof_shown_to_a_verifier_is_invalid(issued):
    """The base proof is the issuer's gift to the holder: it carries the HMAC key
    that hides the undisclosed statements. vc-di-ecdsa's verification algorithm
    starts by parsing a *derived* proof value, and says an error MUST be raised
    (PROOF_VERIFICATION_ERROR) when the value does not start with the derived
    proof header 0xd9 0x5d 0x01 — so for a verifier, a base proof does not verify:
    invalid, not could_not_check (nothing is missing that could make it verify;
    the holder must present a derived proof). Digital Bazaar's verifier agrees."""
    base = issued["key"]["base"]
    assert b64url_decode(base["proof"]["proofValue"][1:]).startswith(b"\xd9\x5d\x00")
    verdict = oracle.satchel(base)
    assert verdict.result == "invalid"
    proof = oracle.check(verdict, "proof")
    assert proof.status == "failed" and "base proof" in proof.reason
    agree(base, False)


def _tamper(name, change):
    def make(issued):
        derived = copy.deepcopy(issued["key"]["by_name"][name])
        change(derived)
        return derived

    return make


TAMPERED = {
    # a disclosed, non-mandatory value changed
    "disclosed-value": _tamper(
        "achievement", lambda d: d["credentialSubject"]["achievement"].__setitem__("name", "AI mastery")
    ),
    # a mandatory value changed
    "mandatory-value": _tamper("name-only", lambda d: d.__setitem__("validFrom", "2023-01-01T00:00:00Z")),
    # a statement the holder did not disclose, added back (with its true value)
    "undisclosed-added": _tamper(
        "name-only",
        lambda d: d["credentialSubject"]["achievement"].__setitem__(
            "description", CREDENTIAL["credentialSubject"]["achievement"]["description"]
        ),
    ),
    # a disclosed statement removed after derivation
    "disclosed-removed": _tamper("name-only", lambda d: d.pop("name")),
    # a mandatory statement removed
    "mandatory-removed": _tamper("name-only", lambda d: d.pop("validFrom")),
    # the proof type's terms changed (proof options are signed)
    "proof-created": _tamper("name-only", lambda d: d["proof"].__setitem__("created", "2020-01-01T00:00:00Z")),
}


@pytest.mark.parametrize("case", list(TAMPERED))
def test_tampered_derived_credentials_are_invalid(issued, case):
    derived = TAMPERED[case](issued)
    verdict = oracle.satchel(derived)
    assert verdict.result == "invalid", verdict.checks
    proof = oracle.check(verdict, "proof")
    assert proof.status == "failed"
    assert "does not match" in proof.reason
    agree(derived, False)


def test_a_proof_moved_to_another_disclosure_is_invalid(issued):
    by_name = issued["key"]["by_name"]
    moved = copy.deepcopy(by_name["achievement"])
    moved["proof"] = copy.deepcopy(by_name["everything"]["proof"])
    assert oracle.check(oracle.satchel(moved), "proof").status == "failed"
    agree(moved, False)


def test_a_derived_proof_of_another_issuer_key_is_invalid(issued):
    """The web issuer's derived proof placed under the did:key issuer's name."""
    derived = copy.deepcopy(issued["web"]["derived"][0])
    derived["proof"]["verificationMethod"] = issued["key"]["vm"]
    derived["issuer"]["id"] = issued["key"]["did"]
    assert oracle.check(oracle.satchel(derived), "proof").status == "failed"
    agree(derived, False)


def _rewrite(derived: dict, change) -> dict:
    """Decode the derived proof value's CBOR, change it, encode it again."""
    out = copy.deepcopy(derived)
    raw = b64url_decode(out["proof"]["proofValue"][1:])
    parts = cbor.decode(raw[3:])
    change(parts)
    out["proof"]["proofValue"] = "u" + b64url_encode(raw[:3] + cbor.encode(parts))
    return out


def test_the_proof_value_decodes_and_reencodes_exactly(issued):
    """The CBOR reader/writer is exact on what the oracle writes (so the
    rewrites below change only what they mean to)."""
    derived = issued["key"]["by_name"]["everything"]
    assert _rewrite(derived, lambda parts: None)["proof"] == derived["proof"]


REWRITES = {
    "label-dropped": lambda parts: parts[3].pop(next(iter(parts[3]))),
    "labels-swapped": lambda parts: parts[3].update(
        dict(zip(list(parts[3])[:2], reversed(list(parts[3].values())[:2]), strict=True))
    ),
    "signature-dropped": lambda parts: parts[2].pop(),
    "signatures-reordered": lambda parts: parts[2].reverse(),
    "mandatory-index-moved": lambda parts: parts[4].__setitem__(
        0, min(set(range(len(parts[4]) + 1)) - set(parts[4]))
    ),
    "base-signature-flipped": lambda parts: parts.__setitem__(
        0, bytes([parts[0][0] ^ 1]) + parts[0][1:]
    ),
}


@pytest.mark.parametrize("case", list(REWRITES))
def test_rewritten_derived_proof_values_are_invalid(issued, case):
    derived = _rewrite(issued["key"]["by_name"]["everything"], REWRITES[case])
    verdict = oracle.satchel(derived)
    assert verdict.result == "invalid", verdict.checks
    assert oracle.check(verdict, "proof").status == "failed"
    agree(derived, False)


@pytest.mark.parametrize(
    "value",
    [
        "z" + "1" * 40,  # not base64url
        "u" + b64url_encode(b"\xd9\x5d\x02" + cbor.encode([])),  # unknown header
        "u" + b64url_encode(b"\xd9\x5d\x01" + cbor.encode([b"x"] * 5)),  # wrong shapes
        "u" + b64url_encode(b"\xd9\x5d\x01\xff"),  # not CBOR
    ],
    ids=["base58", "header", "shapes", "not-cbor"],
)
def test_malformed_proof_values_are_invalid(issued, value):
    derived = copy.deepcopy(issued["key"]["by_name"]["name-only"])
    derived["proof"]["proofValue"] = value
    assert oracle.check(oracle.satchel(derived), "proof").status == "failed"


def test_relabelling_touches_blank_node_terms_only():
    canonical = (
        '_:c14n0 <http://schema.org/name> "call me _:c14n1 \\"quoted\\"" .\n'
        "_:c14n1 <http://schema.org/knows> _:c14n0 _:c14n1 .\n"
    )
    out = relabel(canonical, {"c14n0": "uAAA", "c14n1": "uBBB"})
    assert out == [
        '_:uAAA <http://schema.org/name> "call me _:c14n1 \\"quoted\\"" .\n',
        "_:uBBB <http://schema.org/knows> _:uAAA _:uBBB .\n",
    ]


@corpora.needed
def test_the_1edtech_selective_disclosure_sample_has_a_valid_derived_proof():
    """The real 1EdTech sample (a derived proof; its key sits in the verification
    method URL, so the issuer check is could_not_check offline) — and a change to
    a disclosed value breaks it."""
    sample = json.loads((ONE_EDTECH / "ob30" / "sd" / "derivedcredential.json").read_text("utf-8"))
    verdict = oracle.satchel(sample)
    assert oracle.check(verdict, "proof").status == "passed"
    assert verdict.result == "could_not_check"
    sample["credentialSubject"]["achievement"]["name"] = "Solo work"
    assert oracle.check(oracle.satchel(sample), "proof").status == "failed"


def test_text_that_looks_like_a_blank_node_label_stays_text():
    """A disclosed value containing "_:c14n0": Satchel relabels blank-node terms
    only, as the canonical form defines them. Digital Bazaar relabels by a
    regular expression over the whole statement, text included, so the statement
    its issuer signs is not the statement the credential says, and its own
    verifier refuses the derived credential: both refuse it. Disclosing only
    other fields, both accept."""
    credential = copy.deepcopy(CREDENTIAL)
    credential["name"] = "see _:c14n0 and _:foo"
    answer = oracle.run(
        "issue-sd",
        credential=credential,
        mandatoryPointers=MANDATORY,
        selective=[["/name"], ["/credentialSubject/achievement"]],
    )
    with_name, without_name = answer["derived"]
    assert with_name["name"] == credential["name"]
    assert oracle.check(oracle.satchel(with_name), "proof").status == "failed"
    agree(with_name, False)
    assert oracle.satchel(without_name).result == "valid"
    agree(without_name, True)
