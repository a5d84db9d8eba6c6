"""Badgr's own JSON shapes (API records and answers, backpack badges with a ``json``
member) are unwrapped to the Open Badges 2.0 assertion they carry, which is then
checked the normal way: the hosted copy is the truth, and nothing Badgr adds is
trusted. Our own vectors (tests/own_vectors.py), so it runs from a lone clone."""

from __future__ import annotations

import json

import pytest

from tests.own_vectors import (
    OB2_ASSERTION,
    OB2_BADGE_NAME,
    OB2_ISSUER_NAME,
    badgr_api_answer,
    badgr_api_record,
    badgr_backpack_badge,
    ob2_hosted,
    ob2_world,
)
from wallet_core import MalformedInput, verify

from .conftest import check_of, options

HOSTED = ob2_hosted()


def _bytes(doc) -> bytes:
    return json.dumps(doc).encode()


def test_a_backpack_badge_is_unwrapped_and_checked_against_the_hosted_assertion():
    verdict = verify(_bytes(badgr_backpack_badge(HOSTED)), options(fetcher=ob2_world(HOSTED)))
    # step: unwrap: Badgr's container, the OB 2.0 assertion inside
    assert verdict.container == "badgr" and verdict.format.startswith("ob2")
    assert json.loads(verdict.credential) == HOSTED  # what the wallet keeps: the assertion itself
    # step: the normal OB 2.0 path
    assert check_of(verdict, "proof").status == "passed"
    assert verdict.result == "valid"
    assert verdict.display.name == OB2_BADGE_NAME and verdict.issuer.name == OB2_ISSUER_NAME


def test_a_backpack_badge_holding_its_assertion_as_json_text_is_unwrapped():
    verdict = verify(_bytes({**badgr_backpack_badge(HOSTED), "json": json.dumps(HOSTED)}),
                     options(fetcher=ob2_world(HOSTED)))
    assert verdict.container == "badgr" and verdict.result == "valid"


def test_a_backpack_badge_whose_assertion_was_altered_is_invalid():
    altered = ob2_hosted(issuedOn="2015-01-01T00:00:00Z")
    verdict = verify(_bytes(badgr_backpack_badge(altered)), options(fetcher=ob2_world(HOSTED)))
    assert check_of(verdict, "proof").status == "failed" and verdict.result == "invalid"


def test_a_backpack_badge_offline_is_never_valid():
    verdict = verify(_bytes(badgr_backpack_badge(HOSTED)), options())
    assert verdict.container == "badgr" and verdict.result == "could_not_check"


@pytest.mark.parametrize("shape", ["record", "answer", "list"])
def test_an_api_record_is_checked_at_its_hosted_address_only(shape):
    record = badgr_api_record()
    doc = {"record": record, "answer": badgr_api_answer(record), "list": [record]}[shape]
    verdict = verify(_bytes(doc), options(fetcher=ob2_world(HOSTED)))
    # step: unwrap: the record's openBadgeId is the hosted assertion's address
    assert verdict.container == "badgr" and verdict.credential == OB2_ASSERTION
    # step: the hosted assertion, fetched from its issuer, is what is checked
    assert check_of(verdict, "proof").status == "passed" and verdict.result == "valid"
    assert verdict.display.name == OB2_BADGE_NAME


def test_an_api_record_offline_or_pointing_nowhere_is_never_valid():
    # step: offline: nothing Badgr wrote is shown as verified
    offline = verify(_bytes(badgr_api_record()), options())
    assert offline.result == "could_not_check" and offline.display.name is None
    # step: the address serves no assertion
    nowhere = verify(_bytes(badgr_api_record("https://badges.harbour.example/assertions/none.json")),
                     options(fetcher=ob2_world(HOSTED)))
    assert nowhere.result != "valid"


def test_a_record_without_an_address_or_with_several_badges_is_refused_clearly():
    with pytest.raises(MalformedInput, match="openBadgeId is not the address"):
        verify(_bytes(badgr_api_record("javascript:alert(1)")), options())
    with pytest.raises(MalformedInput, match="holds 2 badges"):
        verify(_bytes(badgr_api_answer(badgr_api_record(), badgr_api_record())), options())


def test_a_plain_assertion_is_not_taken_for_a_badgr_export():
    verdict = verify(_bytes(HOSTED), options(fetcher=ob2_world(HOSTED)))
    assert verdict.container == "json" and verdict.result == "valid"
