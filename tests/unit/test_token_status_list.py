"""IETF Token Status List: the list encoding (the draft's examples), and the
status check of SD-JWT VCs against signed Status List Tokens served by a
StaticFetcher — valid, revoked, suspended, unreachable, tampered, foreign."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wallet_core import verify
from wallet_core.encoding import b64url_encode
from wallet_core.fetcher import StaticFetcher
from wallet_core.sdjwt import issue
from wallet_core.sign import did_key_for
from wallet_core.status.token_status_list import (
    StatusListError,
    decode_list,
    encode_list,
    sign_status_list_token,
    status_at,
)

from .conftest import NOW, options

ISSUER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(b"\x09" * 32)
ISSUER, KID = did_key_for(ISSUER_KEY)
T = int(NOW.timestamp())
URI = "https://issuer.example/status/1"
IDX = 1234
SIZE = 16384


def test_one_bit_list_matches_the_drafts_example():
    # draft-ietf-oauth-status-list §4.1: statuses 1,0,0,1,1,1,0,1, 1,1,0,0,0,1,0,1
    # are bytes 0xB9 0xA3 (index 0 in the least significant bit), ZLIB-compressed.
    statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
    lst = encode_list({i: s for i, s in enumerate(statuses) if s}, len(statuses), 1)
    assert decode_list(lst) == bytes([0xB9, 0xA3])
    assert lst == "eNrbuRgAAhcBXQ"
    assert [status_at(decode_list(lst), i, 1) for i in range(16)] == statuses


def test_two_bit_list_matches_the_drafts_example():
    statuses = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]
    lst = encode_list(dict(enumerate(statuses)), len(statuses), 2)
    assert decode_list(lst) == bytes([0xC9, 0x44, 0xF9])
    assert [status_at(decode_list(lst), i, 2) for i in range(12)] == statuses


def test_gzip_or_raw_deflate_is_not_the_zlib_format():
    with pytest.raises(StatusListError):
        decode_list(b64url_encode(__import__("gzip").compress(b"\0" * 8)))
    with pytest.raises(StatusListError):
        status_at(b"\0", 8, 1)


def test_a_decompression_bomb_is_refused():
    bomb = b64url_encode(zlib.compress(b"\0" * (17 * 1024 * 1024), 9))
    with pytest.raises(StatusListError, match="too large"):
        decode_list(bomb)


def credential(uri=URI, idx=IDX) -> str:
    return issue(
        {
            "name": "Green finance",
            "achievement": {"name": "Green finance", "level": "NZQF 5"},
            "status": {"status_list": {"idx": idx, "uri": uri}},
        },
        ISSUER_KEY,
        vct="https://issuer.example/achievements/green-finance/v1",
        disclosable=["achievement.level"],
        iat=T - 3600,
    )


def status_token(statuses=None, *, key=ISSUER_KEY, kid=KID, sub=URI, bits=2, iat=T - 60, exp=None, **kw) -> str:
    lst = encode_list(statuses or {}, SIZE, bits)
    return sign_status_list_token(lst, bits, key, kid=kid, uri=sub, iat=iat, ttl=300, exp=exp, **kw)


def status_check(sd_jwt: str, fetcher):
    verdict = verify(sd_jwt.encode(), options(fetcher=fetcher))
    return verdict, next(c for c in verdict.checks if c.check == "status")


def test_not_revoked_is_valid():
    verdict, check = status_check(credential(), StaticFetcher({URI: status_token({7: 1})}))
    assert check.status == "passed", check.reason
    assert verdict.result == "valid"


def test_revoked_credential_is_invalid():
    verdict, check = status_check(credential(), StaticFetcher({URI: status_token({IDX: 1})}))
    assert check.status == "failed" and "revoked" in check.reason
    assert verdict.result == "invalid"


def test_suspended_credential_is_invalid():
    _, check = status_check(credential(), StaticFetcher({URI: status_token({IDX: 2})}))
    assert check.status == "failed" and "suspended" in check.reason


def test_unreachable_or_offline_status_token_could_not_be_checked():
    verdict, check = status_check(credential(), StaticFetcher({}))
    assert check.status == "could_not_check" and verdict.result == "could_not_check"
    # said like any document that could not be fetched (fetch.<kind>, fetch_reasons)
    assert check.code == "fetch.unavailable", check
    assert check.params["what_code"] == "what.status_list_token" and check.params["url"] == URI
    verdict, check = status_check(credential(), None)
    assert check.status == "could_not_check" and verdict.result == "could_not_check"


def test_tampered_status_token_fails():
    honest = status_token({IDX: 1})
    head, body, sig = honest.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["status_list"]["lst"] = encode_list({}, SIZE, 2)  # "un-revoke" it
    forged_body = b64url_encode(json.dumps(claims).encode())
    verdict, check = status_check(credential(), StaticFetcher({URI: f"{head}.{forged_body}.{sig}"}))
    assert check.status == "failed" and "signature" in check.reason
    assert verdict.result == "invalid"


def test_status_token_signed_by_someone_else_fails():
    other_did, other_kid = did_key_for(OTHER_KEY)
    token = status_token({}, key=OTHER_KEY, kid=other_kid)
    _, check = status_check(credential(), StaticFetcher({URI: token}))
    assert check.status == "failed" and other_did in check.reason


@pytest.mark.parametrize(
    ("token", "words"),
    [
        (status_token({}, sub="https://issuer.example/status/2"), "sub"),
        (status_token({}, iat=T + 3600), "future"),
        ("not a jwt", "compact JWT"),
    ],
)
def test_wrong_status_tokens_fail(token, words):
    _, check = status_check(credential(), StaticFetcher({URI: token}))
    assert check.status == "failed" and words in check.reason


def test_wrong_typ_fails():
    token = status_token({})
    _head, body, _ = token.split(".")
    header = b64url_encode(json.dumps({"alg": "EdDSA", "typ": "JWT", "kid": KID}).encode())
    resigned = f"{header}.{body}"
    resigned += "." + b64url_encode(ISSUER_KEY.sign(resigned.encode()))
    _, check = status_check(credential(), StaticFetcher({URI: resigned}))
    assert check.status == "failed" and "typ" in check.reason


def test_index_outside_the_list_fails():
    _, check = status_check(credential(idx=SIZE * 4), StaticFetcher({URI: status_token({})}))
    assert check.status == "failed" and "outside" in check.reason


def test_expired_status_token_could_not_be_checked():
    _, check = status_check(credential(), StaticFetcher({URI: status_token({}, exp=T - 3600)}))
    assert check.status == "could_not_check" and "expired" in check.reason


def test_malformed_status_reference_fails():
    _, check = status_check(credential(idx=-1), StaticFetcher({URI: status_token({})}))
    assert check.status == "failed" and "idx" in check.reason


def _resigned(token: str, **claims) -> str:
    head, body, _sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(claims)
    signed = f"{head}.{b64url_encode(json.dumps(payload).encode())}"
    return signed + "." + b64url_encode(ISSUER_KEY.sign(signed.encode()))


@pytest.mark.parametrize(
    ("claims", "words"),
    [
        ({"iat": float("nan")}, "no iat"),  # NaN compares false with everything: never "fresh"
        ({"iat": 1e20}, "no iat"),
        ({"exp": float("nan")}, "exp is not a valid date"),
        ({"exp": "tomorrow"}, "exp is not a valid date"),
        ({"nbf": T + 3600}, "future"),  # the latest start decides, not iat alone
    ],
)
def test_status_token_dates_that_are_not_usable_fail(claims, words):
    token = _resigned(status_token({}), **claims)
    _, check = status_check(credential(), StaticFetcher({URI: token}))
    assert check.status == "failed" and words in check.reason, check


def test_an_unresolvable_status_token_host_is_said_in_plain_words_with_the_detail_kept():
    import socket

    from wallet_core import reasons
    from wallet_core.fetcher import HttpsFetcher

    def no_such_host(host, port):
        raise socket.gaierror(-2, "Name or service not known")

    _, check = status_check(credential(), HttpsFetcher(resolver=no_such_host))
    assert check.status == "could_not_check"
    assert check.code == "fetch.unresolved" and check.params["what_code"] == "what.status_list_token"
    assert check.params["url"] == URI and "Name or service not known" in check.params["detail"]
    assert "Errno" not in check.reason and "Name or service not known" not in check.reason
    assert reasons.render(check.code, check.params) == check.reason
    assert "状态列表" in reasons.t_reason(check, "zh-Hans")
