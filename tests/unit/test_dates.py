"""One date rule for every format: the latest start and the earliest end decide.

Start dates: validFrom, issuanceDate, JWT nbf and iat (OB 2.0 issuedOn). End
dates: validUntil, expirationDate, JWT exp (OB 2.0 expires). Two signed dates
that disagree are read the strict way, and a date field that is not a date
fails the check. Every credential here is really signed (eddsa-jcs-2022 for
JSON, so every field is covered by the signature; EdDSA for the JWTs).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wallet_core import VerifyOptions, verify
from wallet_core.encoding import b64url_decode, b64url_encode
from wallet_core.presentations import create_vp_jwt, verify_presentation
from wallet_core.sdjwt import digest, ed25519_jwk, issue, make_disclosure, present, split
from wallet_core.sign import did_key_for, sign_eddsa_jcs_2022
from wallet_core.validity import DateField, decide

from .conftest import NOW, check_of, options
from .test_negative import ob3_credential

ISSUER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
HOLDER = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
ISSUER_DID, ISSUER_VM = did_key_for(ISSUER)
HOLDER_DID = did_key_for(HOLDER)[0]
T = int(NOW.timestamp())  # 2025-06-01T12:00:00Z
DAY = 86400
PAST, FUTURE = "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z"
AUD, NONCE = "https://verifier.example", "n-0S6_WzA2Mj"


def _jws(header: dict, payload: dict, key=ISSUER) -> str:
    head = b64url_encode(json.dumps(header).encode())
    body = b64url_encode(json.dumps(payload).encode())  # NaN, Infinity as Python writes them
    return f"{head}.{body}.{b64url_encode(key.sign(f'{head}.{body}'.encode()))}"


def _validity(verdict):
    return check_of(verdict, "validity")


# --- JSON credentials (Data Integrity proofs) ---------------------------------------


def ldp(**dates) -> bytes:
    """An OB 3.0 credential with exactly these date fields, signed over all of them."""
    cred = ob3_credential(ISSUER_DID)
    cred.pop("validFrom")
    cred.update(dates)
    signed = sign_eddsa_jcs_2022(cred, ISSUER, ISSUER_VM, "2025-01-01T00:00:00Z")
    return json.dumps(signed).encode()


@pytest.mark.parametrize(
    ("dates", "code", "decided"),
    [
        # the issue's cases: a later end does not rescue an earlier one, in either order
        ({"validUntil": FUTURE, "expirationDate": PAST}, "validity.expired", PAST),
        ({"expirationDate": FUTURE, "validUntil": PAST}, "validity.expired", PAST),
        # a future issuanceDate is not ignored because validFrom has passed
        ({"validFrom": "2025-01-01T00:00:00Z", "issuanceDate": FUTURE}, "validity.not_yet", FUTURE),
        ({"issuanceDate": "2025-01-01T00:00:00Z", "validFrom": FUTURE}, "validity.not_yet", FUTURE),
        # the latest start after the earliest end
        (
            {"validFrom": "2019-01-01T00:00:00Z", "issuanceDate": "2024-01-01T00:00:00Z",
             "validUntil": "2030-01-01T00:00:00Z", "expirationDate": "2023-01-01T00:00:00Z"},
            "validity.inverted",
            "2023-01-01T00:00:00Z",
        ),
    ],
)
def test_conflicting_credential_dates_are_read_the_strict_way(dates, code, decided):
    verdict = verify(ldp(**dates), options())
    assert check_of(verdict, "proof").status == "passed", verdict.checks
    validity = _validity(verdict)
    assert (validity.status, validity.code) == ("failed", code), validity
    assert decided in validity.params.values()
    assert verdict.result == "invalid"


def test_all_four_dates_agreeing_pass_and_the_earliest_end_is_shown():
    verdict = verify(
        ldp(
            validFrom="2025-01-01T00:00:00Z",
            issuanceDate="2024-12-01T00:00:00Z",
            validUntil="2031-01-01T00:00:00Z",
            expirationDate="2030-01-01T00:00:00Z",
        ),
        options(),
    )
    assert verdict.result == "valid", verdict.checks
    validity = _validity(verdict)
    assert validity.params["from"] == "2025-01-01T00:00:00Z"
    assert validity.params["until"] == "2030-01-01T00:00:00Z"
    assert validity.params["until_field"] == "expirationDate"
    assert verdict.display.expires == "2030-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "dates",
    [
        {"validUntil": FUTURE, "expirationDate": "not a date"},
        {"validFrom": "2025-01-01T00:00:00Z", "issuanceDate": "2025-13-45"},
        {"validFrom": 1735689600},  # a number is not an XML Schema dateTime
        {"expirationDate": ["2099-01-01T00:00:00Z"]},
    ],
)
def test_a_date_field_that_is_not_a_date_fails_even_beside_good_ones(dates):
    validity = _validity(verify(ldp(**dates), options()))
    assert (validity.status, validity.code) == ("failed", "validity.bad_date"), validity


def test_within_the_clock_skew_a_start_still_counts_as_reached():
    soon = (NOW + timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M:%SZ")
    verdict = verify(ldp(validFrom="2025-01-01T00:00:00Z", issuanceDate=soon), options())
    assert verdict.result == "valid", verdict.checks
    later = (NOW + timedelta(minutes=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    verdict = verify(ldp(validFrom="2025-01-01T00:00:00Z", issuanceDate=later), options())
    assert _validity(verdict).code == "validity.not_yet"


# --- VC-JWT ---------------------------------------------------------------------------


def vc_jwt(vc_dates: dict, **claims) -> bytes:
    cred = ob3_credential(ISSUER_DID)
    cred.pop("validFrom")
    cred.update(vc_dates)
    payload = {"vc": cred, "iss": ISSUER_DID, "sub": cred["credentialSubject"]["id"], **claims}
    return _jws({"alg": "EdDSA", "kid": ISSUER_VM, "typ": "JWT"}, payload).encode()


@pytest.mark.parametrize(
    ("vc_dates", "claims", "code"),
    [
        # exp has passed; the credential's own validUntil says 2099: expired
        ({"validUntil": FUTURE}, {"exp": T - DAY}, "validity.expired"),
        ({"expirationDate": FUTURE}, {"exp": T - DAY}, "validity.expired"),
        ({"validUntil": FUTURE, "expirationDate": PAST}, {"exp": T + DAY}, "validity.expired"),
        # nbf in the future beside a validFrom that has passed: not yet valid
        ({"validFrom": "2025-01-01T00:00:00Z"}, {"nbf": T + DAY}, "validity.not_yet"),
        ({"issuanceDate": "2025-01-01T00:00:00Z"}, {"iat": T + DAY}, "validity.not_yet"),
        ({"validFrom": FUTURE}, {"nbf": T - DAY, "iat": T - DAY}, "validity.not_yet"),
    ],
)
def test_jwt_claims_and_credential_dates_together(vc_dates, claims, code):
    verdict = verify(vc_jwt(vc_dates, **claims), options())
    assert check_of(verdict, "proof").status == "passed", verdict.checks
    validity = _validity(verdict)
    assert (validity.status, validity.code) == ("failed", code), validity
    assert verdict.result == "invalid"


def test_jwt_exp_is_shown_as_the_expiry_when_it_comes_first():
    verdict = verify(vc_jwt({"validUntil": FUTURE}, iat=T - DAY, exp=T + DAY), options())
    assert verdict.result == "valid", verdict.checks
    assert verdict.display.expires == "2025-06-02T12:00:00Z"
    assert _validity(verdict).params["until_field"] == "exp"


def test_iat_within_the_clock_skew_is_accepted():
    verdict = verify(vc_jwt({}, iat=T + 120), options())
    assert verdict.result == "valid", verdict.checks


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": float("nan")},
        {"exp": float("inf")},
        {"exp": 1e20},
        {"nbf": -1e20},
        {"iat": 10**30},
        {"exp": "2099-01-01T00:00:00Z"},  # a NumericDate is a number
        {"exp": True},
    ],
)
def test_jwt_dates_that_are_not_numeric_dates_fail_without_crashing(claims):
    verdict = verify(vc_jwt({"validUntil": FUTURE}, **claims), options())
    validity = _validity(verdict)
    assert (validity.status, validity.code) == ("failed", "validity.bad_date"), validity
    assert verdict.result == "invalid"


# --- SD-JWT VC ------------------------------------------------------------------------


def sd_jwt(*, iat=T - DAY, exp=None, **claims) -> str:
    body = {"sub": HOLDER_DID, "achievement": {"name": "Green finance"}, **claims}
    return issue(
        body, ISSUER, vct="urn:satchel:test", disclosable=["achievement"], iat=iat, exp=exp,
        holder_jwk=ed25519_jwk(HOLDER),
    )


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"exp": T - DAY}, "validity.expired"),
        ({"nbf": T + DAY}, "validity.not_yet"),  # nbf later than iat: nbf decides
        ({"iat": T + DAY, "nbf": T - DAY}, "validity.not_yet"),  # iat later than nbf: iat
        ({"nbf": T + DAY, "exp": T - DAY}, "validity.inverted"),
    ],
)
def test_sd_jwt_dates(kwargs, code):
    verdict = verify(sd_jwt(**kwargs).encode(), options())
    assert check_of(verdict, "proof").status == "passed", verdict.checks
    validity = _validity(verdict)
    assert (validity.status, validity.code) == ("failed", code), validity


@pytest.mark.parametrize("exp", [1e20, float("nan"), -1e300, "tomorrow"])
def test_sd_jwt_unusable_exp_fails_without_crashing(exp):
    verdict = verify(sd_jwt(exp=exp).encode(), options())
    validity = _validity(verdict)
    assert (validity.status, validity.code) == ("failed", "validity.bad_date"), validity
    assert verdict.display.expires is None


def test_an_exp_carried_in_a_disclosure_counts_too():
    """Registered claims should not be disclosable, but one that is was still
    signed by the issuer (through its digest): it is not ignored."""
    disclosure = make_disclosure("exp", T - DAY)
    payload = {
        "iss": ISSUER_DID, "iat": T - 2 * DAY, "vct": "urn:satchel:test",
        "_sd_alg": "sha-256", "_sd": [digest(disclosure)],
    }
    token = _jws({"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": ISSUER_VM}, payload)
    verdict = verify(f"{token}~{disclosure}~".encode(), options())
    assert check_of(verdict, "proof").status == "passed", verdict.checks
    assert _validity(verdict).code == "validity.expired"


# --- presentations --------------------------------------------------------------------


def _options(**kw) -> VerifyOptions:
    return VerifyOptions(now=lambda: NOW, audience=AUD, nonce=NONCE, **kw)


def good_credential() -> dict:
    cred = ob3_credential(ISSUER_DID)
    cred["credentialSubject"]["id"] = HOLDER_DID
    return sign_eddsa_jcs_2022(cred, ISSUER, ISSUER_VM, "2025-01-01T00:00:00Z")


def vp_jwt(credentials=None, *, vp_extra=None, **claims) -> str:
    """A VP-JWT signed by the holder, with extra payload claims and vp members."""
    token = create_vp_jwt(
        credentials or [good_credential()], HOLDER, audience=AUD, nonce=NONCE, iat=T - 10
    )
    head, body, _sig = token.split(".")
    payload = json.loads(b64url_decode(body))
    payload.update(claims)
    payload["vp"].update(vp_extra or {})
    return _jws(json.loads(b64url_decode(head)), payload, key=HOLDER)


def test_a_fresh_vp_jwt_passes():
    verdict = verify_presentation(vp_jwt(), _options())
    assert verdict.result == "valid", (verdict.checks, verdict.credentials[0].verdict.checks)


@pytest.mark.parametrize(
    ("claims", "vp_extra", "why"),
    [
        ({"nbf": T + DAY}, {}, "not valid before"),
        ({"iat": T + DAY, "nbf": T - DAY}, {}, "dated in the future"),
        ({"exp": T - 3600}, {}, "expired"),
        ({"exp": T + 3600}, {"validUntil": PAST}, "expired"),
        ({}, {"expirationDate": PAST, "validUntil": FUTURE}, "expired"),
        ({}, {"validFrom": FUTURE}, "not valid before"),
        ({"exp": float("nan")}, {}, "not a valid date"),
        ({"exp": 1e20}, {}, "not a valid date"),
        ({"nbf": "soon"}, {}, "not a valid date"),
        ({"iat": 1e20}, {}, "no iat"),
        ({"iat": float("nan")}, {}, "no iat"),
    ],
)
def test_vp_jwt_dates_follow_the_same_rule(claims, vp_extra, why):
    verdict = verify_presentation(vp_jwt(vp_extra=vp_extra, **claims), _options())
    holder, freshness = verdict.checks[0], check_of(verdict, "freshness")
    assert holder.status == "passed", verdict.checks
    assert freshness.status == "failed" and why in freshness.reason, freshness
    assert verdict.result == "invalid"


@pytest.mark.parametrize(
    "dates",
    [
        {"validUntil": FUTURE, "expirationDate": PAST},
        {"validFrom": "2025-01-01T00:00:00Z", "issuanceDate": FUTURE},
    ],
)
def test_a_credential_with_conflicting_dates_makes_the_presentation_invalid(dates):
    cred = ob3_credential(ISSUER_DID)
    cred["credentialSubject"]["id"] = HOLDER_DID
    cred.pop("validFrom")
    cred.update(dates)
    cred = sign_eddsa_jcs_2022(cred, ISSUER, ISSUER_VM, "2025-01-01T00:00:00Z")
    verdict = verify_presentation(vp_jwt([cred]), _options())
    assert check_of(verdict, "freshness").status == "passed"
    inner = verdict.credentials[0].verdict
    assert _validity(inner).status == "failed", inner.checks
    assert verdict.result == "invalid"


def _sd_jwt_kb(**kb_claims) -> str:
    """An SD-JWT+KB whose key binding JWT carries extra claims (signed by the holder)."""
    presented = present(sd_jwt(), ["achievement"], None, aud=AUD, nonce=NONCE, iat=T)
    kb = {"iat": T - 10, "aud": AUD, "nonce": NONCE, "sd_hash": digest(presented), **kb_claims}
    return presented + _jws({"alg": "EdDSA", "typ": "kb+jwt"}, kb, key=HOLDER)


def test_a_fresh_sd_jwt_kb_passes():
    verdict = verify_presentation(_sd_jwt_kb(), _options())
    assert verdict.result == "valid", (verdict.checks, verdict.credentials[0].verdict.checks)
    assert split(_sd_jwt_kb()).kb_jwt is not None


@pytest.mark.parametrize(
    ("kb_claims", "why"),
    [
        ({"exp": T - 3600}, "expired"),
        ({"nbf": T + 3600}, "not valid before"),
        ({"exp": float("nan")}, "not a valid date"),
        ({"iat": float("nan")}, "no iat"),
    ],
)
def test_sd_jwt_kb_dates_follow_the_same_rule(kb_claims, why):
    verdict = verify_presentation(_sd_jwt_kb(**kb_claims), _options())
    freshness = check_of(verdict, "freshness")
    assert freshness.status == "failed" and why in freshness.reason, freshness
    # the credential's own key binding check refuses it too
    inner = verdict.credentials[0].verdict
    assert check_of(inner, "holder_binding").status == "failed", inner.checks
    assert verdict.result == "invalid"


# --- the rule itself ------------------------------------------------------------------


def test_absent_and_null_fields_do_not_count():
    dates = decide(
        [DateField("validFrom", None, "iso"), DateField("nbf", T, "epoch")],
        [DateField("exp", None, "epoch")],
    )
    assert dates.start_field == "nbf" and dates.end is None and dates.bad is None
