"""SD-JWT VC: our own issued credentials and presentations, honest and tampered."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wallet_core import verify
from wallet_core.encoding import b64url_decode, b64url_encode
from wallet_core.fetcher import StaticFetcher
from wallet_core.sdjwt import digest, ed25519_jwk, issue, make_disclosure, present

from .conftest import NOW, check_of, options

ISSUER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
HOLDER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
T = int(NOW.timestamp())
AUD = "https://employer.example"
NONCE = "n-0S6_WzA2Mj"

CLAIMS = {
    "sub": "did:example:learner",
    "given_name": "Mei",
    "achievement": {
        "name": "Green finance",
        "description": "A 5-credit micro-credential.",
        "level": "NZQF 5",
        "credits": "5 credits",
    },
    "grade": "A",
    "issuer_name": "Green Finance Institute",
}
DISCLOSABLE = ["given_name", "grade", "achievement.level", "achievement"]


def _issue(**kw) -> str:
    kw.setdefault("holder_jwk", ed25519_jwk(HOLDER_KEY))
    return issue(
        CLAIMS,
        ISSUER_KEY,
        vct="https://satchel.example/vct/micro-credential",
        disclosable=DISCLOSABLE,
        iat=T - 3600,
        exp=T + 86400,
        **kw,
    )


def _present(
    sd_jwt, disclose=("achievement", "grade"), key=HOLDER_KEY, aud=AUD, nonce=NONCE, iat=T
):
    return present(sd_jwt, disclose, key, aud=aud, nonce=nonce, iat=iat)


def _verify(text: str, **kw):
    return verify(text.encode(), options(**kw))


def test_issued_sd_jwt_vc_verifies_with_every_disclosure():
    verdict = _verify(_issue())
    assert verdict.format == "sd-jwt-vc"
    assert verdict.result == "valid", verdict.checks
    assert verdict.display.name == "Green finance"
    assert verdict.display.level == "NZQF 5"
    assert verdict.display.subject_name == "Mei"
    assert verdict.issuer.name == "Green Finance Institute"


def test_claims_not_disclosed_are_not_shown():
    sd = _issue()
    verdict = _verify(_present(sd, disclose=("achievement",)), audience=AUD, nonce=NONCE)
    assert verdict.result == "valid", verdict.checks
    assert verdict.display.name == "Green finance"
    assert verdict.display.level is None  # nested, not disclosed
    assert verdict.display.subject_name is None
    assert "given_name" not in check_of(verdict, "schema").reason


def test_nested_claim_brings_its_parent_disclosure():
    verdict = _verify(
        _present(_issue(), disclose=("achievement.level",)), audience=AUD, nonce=NONCE
    )
    assert verdict.result == "valid", verdict.checks
    assert verdict.display.level == "NZQF 5"


def test_presentation_with_key_binding_is_valid_for_its_verifier():
    verdict = _verify(_present(_issue()), audience=AUD, nonce=NONCE)
    assert check_of(verdict, "holder_binding").status == "passed"
    assert verdict.result == "valid"


def test_key_binding_without_expected_nonce_cannot_rule_out_replay():
    verdict = _verify(_present(_issue()))
    assert check_of(verdict, "holder_binding").status == "could_not_check"


def test_tampered_disclosure_fails():
    sd = _issue()
    jwt, *disclosures, _ = sd.split("~")
    salt, name, _value = json.loads(b64url_decode(disclosures[0]))
    forged = b64url_encode(json.dumps([salt, name, "tampered"]).encode())
    verdict = _verify("~".join([jwt, forged, *disclosures[1:]]) + "~")
    assert check_of(verdict, "schema").status == "failed"
    assert "not part of what the issuer signed" in check_of(verdict, "schema").reason
    assert verdict.result == "invalid"


def test_foreign_disclosure_is_rejected():
    sd = _issue()
    extra = make_disclosure("grade", "A+")
    verdict = _verify(sd + extra + "~")
    assert verdict.result == "invalid"


def _named(disclosure: str) -> str:
    return json.loads(b64url_decode(disclosure))[1]


def test_missing_disclosure_hides_the_claim_but_stays_valid():
    jwt, *disclosures, _ = _issue().split("~")
    kept = [d for d in disclosures if _named(d) != "grade"]
    verdict = _verify("~".join([jwt, *kept]) + "~")
    assert verdict.result == "valid", verdict.checks
    assert "grade" not in check_of(verdict, "schema").reason


def test_nested_disclosure_without_its_parent_is_rejected():
    jwt, *disclosures, _ = _issue().split("~")
    kept = [d for d in disclosures if _named(d) != "achievement"]
    verdict = _verify("~".join([jwt, *kept]) + "~")
    assert check_of(verdict, "schema").status == "failed"


def test_duplicated_disclosure_fails():
    jwt, *disclosures, _ = _issue().split("~")
    verdict = _verify("~".join([jwt, disclosures[0], disclosures[0]]) + "~")
    assert check_of(verdict, "schema").status == "failed"


def test_tampered_issuer_payload_fails_the_signature():
    jwt, rest = _issue().split("~", 1)
    head, body, sig = jwt.split(".")
    payload = json.loads(b64url_decode(body))
    payload["exp"] = T + 10**8
    forged = ".".join([head, b64url_encode(json.dumps(payload).encode()), sig])
    verdict = _verify(forged + "~" + rest)
    assert check_of(verdict, "proof").status == "failed"


def test_signed_by_another_key_fails():
    sd = issue(
        CLAIMS,
        OTHER_KEY,
        vct="x",
        disclosable=[],
        iat=T,
        issuer="did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    )
    assert check_of(_verify(sd), "proof").status == "failed"


def test_wrong_kb_key_fails():
    verdict = _verify(_present(_issue(), key=OTHER_KEY), audience=AUD, nonce=NONCE)
    assert check_of(verdict, "holder_binding").status == "failed"
    assert verdict.result == "invalid"


def test_wrong_audience_fails():
    verdict = _verify(
        _present(_issue(), aud="https://someone-else.example"), audience=AUD, nonce=NONCE
    )
    assert "not for" in check_of(verdict, "holder_binding").reason


def test_wrong_nonce_fails():
    verdict = _verify(_present(_issue(), nonce="old-nonce"), audience=AUD, nonce=NONCE)
    assert "nonce" in check_of(verdict, "holder_binding").reason


def test_replayed_kb_jwt_on_other_disclosures_fails_sd_hash():
    sd = _issue()
    one = _present(sd, disclose=("achievement",))
    kb = one.rsplit("~", 1)[1]
    other = _present(sd, disclose=("achievement", "grade")).rsplit("~", 1)[0] + "~"
    verdict = _verify(other + kb, audience=AUD, nonce=NONCE)
    reason = check_of(verdict, "holder_binding").reason
    assert "sd_hash" in reason and verdict.result == "invalid"


def test_stale_key_binding_fails():
    verdict = _verify(_present(_issue(), iat=T - 3600), audience=AUD, nonce=NONCE)
    assert "too old" in check_of(verdict, "holder_binding").reason


def test_required_holder_binding_missing_fails():
    verdict = _verify(_issue(), require_holder_binding=True)
    assert check_of(verdict, "holder_binding").status == "failed"


def test_expired_sd_jwt_is_invalid():
    sd = issue(CLAIMS, ISSUER_KEY, vct="x", disclosable=[], iat=T - 10, exp=T - 5)
    verdict = _verify(sd, max_clock_skew=timedelta(0))
    assert check_of(verdict, "validity").status == "failed"


def test_array_element_disclosures_are_revealed():
    # built by hand: the issue helper discloses object properties only
    d1, d2 = make_disclosure(None, "ESCO:S1.2"), make_disclosure(None, "ESCO:S4.0")
    claims = {"skills": [{"...": digest(d1)}, {"...": digest(d2)}, "visible"]}
    sd = issue(claims, ISSUER_KEY, vct="x", disclosable=[], iat=T)
    jwt = sd.rstrip("~")
    verdict = _verify(f"{jwt}~{d2}~")
    assert verdict.result == "valid", verdict.checks
    assert "skills[1]" in check_of(verdict, "schema").reason


def test_https_issuer_offline_is_could_not_check_and_metadata_resolves():
    iss = "https://issuer.example/tenant"
    sd = issue(CLAIMS, ISSUER_KEY, vct="x", disclosable=["grade"], iat=T, issuer=iss, kid="k1")
    assert _verify(sd).result == "could_not_check"
    jwk = {**ed25519_jwk(ISSUER_KEY), "kid": "k1"}
    fetcher = StaticFetcher(
        {
            "https://issuer.example/.well-known/jwt-vc-issuer/tenant": json.dumps(
                {"issuer": iss, "jwks": {"keys": [jwk]}}
            )
        }
    )
    assert _verify(sd, fetcher=fetcher).result == "valid"


def test_presenting_an_unknown_claim_is_refused():
    with pytest.raises(ValueError):
        _present(_issue(), disclose=("salary",))
