"""The 1EdTech validator's samples, with the upstream verdict from expected.json.

Served offline: the only network documents available are the ones the fixture
tree holds, through a StaticFetcher. Where Satchel deliberately answers
differently, the entry in SATCHEL_DIFFERS gives our answer and why.
"""

from __future__ import annotations

import json

import pytest

from wallet_core import InputError, verify
from wallet_core.fetcher import StaticFetcher

from .conftest import ONE_EDTECH, options

EXPECTED = json.loads((ONE_EDTECH / "expected.json").read_text("utf-8"))

TESTLIST_URL = (
    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/"
    "refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
)

UNPROVEN_KEY = (
    "the key sits in the verification method URL (https://…#z6Mk…); offline nothing proves "
    "it is the issuer's, so the issuer check is could_not_check"
)
NO_CLR_CONTEXT = (
    "the CLR 2.0 JSON-LD context is in no registry package and no reference copy, so it is "
    "not bundled; an unknown context fails the proof (never fetched)"
)
JWK_IN_HEADER = (
    "the JWT's signature is valid with the key in its own header (jwk); offline nothing "
    "proves that key is the issuer's, so the issuer check is could_not_check"
)

# file -> (Satchel's result, why it differs from the upstream verdict)
SATCHEL_DIFFERS = {
    "ob30/simple.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple.1ob": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-json.png": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-json.svg": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple_v1.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-eddsa-2022.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-context-alias.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/endorsement-valid.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-did-web-method.json": (
        "could_not_check",
        "upstream disabled this test (needs network); offline the right answer is could_not_check",
    ),
    "ob30/simple-did-key-method.json": (
        "could_not_check",
        (
            "signed by a did:key while the issuer id is a urn:uuid: the signature is valid but "
            "nothing binds that key to the issuer"
        ),
    ),
    "ob30/credential-status-revoked.json": (
        "could_not_check",
        (
            "its did:web key and its 1EdTech revocation list are not in the fixtures; offline they "
            "cannot be checked, and an unchecked status is never 'not revoked'"
        ),
    ),
    "ob30/sd/derivedcredential.json": (
        "invalid",
        (
            "ecdsa-sd-2023 (selective-disclosure Data Integrity) is not supported: an unsupported "
            "proof never passes"
        ),
    ),
    "clr20/simple.json": ("invalid", NO_CLR_CONTEXT),
    "clr20/complex.json": ("invalid", NO_CLR_CONTEXT),
    "clr20/simple_v1.json": ("invalid", NO_CLR_CONTEXT),
    "clr20/simple.jwt": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt.png": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt.svg": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt_v1.png": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt_v1.svg": ("could_not_check", JWK_IN_HEADER),
}

UPSTREAM_TO_SATCHEL = {"valid": "valid", "valid-with-warning": "valid", "invalid": "invalid"}

CASES = sorted(k for k in EXPECTED if k.startswith(("ob30/", "clr20/")))


def fixture_fetcher() -> StaticFetcher:
    return StaticFetcher(
        {TESTLIST_URL: (ONE_EDTECH / "ob30" / "bit-string-list" / "testlist").read_bytes()}
    )


def satchel_result(name: str) -> str:
    try:
        return verify((ONE_EDTECH / name).read_bytes(), options(fetcher=fixture_fetcher())).result
    except InputError as exc:
        return exc.code


@pytest.mark.parametrize("name", CASES)
def test_1edtech_sample(name):
    if name in SATCHEL_DIFFERS:
        expected, _reason = SATCHEL_DIFFERS[name]
    else:
        expected = UPSTREAM_TO_SATCHEL[EXPECTED[name]["expect"]]
    assert satchel_result(name) == expected


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
