"""The 1EdTech validator's samples, with the upstream verdict from expected.json.

Served offline: the only network documents available are the ones the fixture
tree holds, through a StaticFetcher. Where Satchel deliberately answers
differently, the entry in SATCHEL_DIFFERS gives our answer and why.
"""

from __future__ import annotations

import pytest

from wallet_core import verify

from .conftest import ONE_EDTECH, options
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
