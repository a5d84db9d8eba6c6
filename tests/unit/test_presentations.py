"""wallet_core.presentations: VP-JWT and SD-JWT+KB, signed for real with Ed25519."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.own_vectors import ob3_unsigned
from wallet_core import VerifyOptions, sdjwt
from wallet_core.encoding import b64url_decode, b64url_encode
from wallet_core.errors import MalformedInput, NotACredential
from wallet_core.presentations import (
    claimed,
    create_sd_jwt_presentation,
    create_vp_jwt,
    qr_decode,
    qr_encode,
    verify_presentation,
)
from wallet_core.sign import did_key_for, sign_eddsa_jcs_2022, sign_eddsa_rdfc_2022

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
T = int(NOW.timestamp())
AUD = "https://satchel.example/api/v1/shares"
NONCE = "n-0S6_WzA2Mj"
ISSUER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
HOLDER = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
STRANGER = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
HOLDER_DID = did_key_for(HOLDER)[0]
STRANGER_DID = did_key_for(STRANGER)[0]


def options(**kw) -> VerifyOptions:
    return VerifyOptions(now=lambda: NOW, audience=kw.pop("audience", AUD), nonce=kw.pop("nonce", NONCE), **kw)


def ob3(subject: str = HOLDER_DID, name: str = "Teamwork", rdfc: bool = False) -> dict:
    doc = ob3_unsigned()
    did, vm = did_key_for(ISSUER)
    doc["issuer"]["id"] = did
    doc["credentialSubject"]["id"] = subject
    doc["credentialSubject"]["achievement"]["name"] = name
    sign = sign_eddsa_rdfc_2022 if rdfc else sign_eddsa_jcs_2022
    return sign(doc, ISSUER, vm, "2025-01-01T00:00:00Z")


def sd_jwt(holder=HOLDER) -> str:
    claims = {"sub": did_key_for(holder)[0], "achievement": {"name": "Green Finance", "level": "HKQF 4", "credits": "5"}}
    return sdjwt.issue(claims, ISSUER, vct="urn:satchel:test", disclosable=["sub", "achievement.level", "achievement.credits"],
                       iat=T - 86400, holder_jwk=sdjwt.ed25519_jwk(holder))


def vp(credentials=None, key=HOLDER, **kw) -> str:
    return create_vp_jwt(credentials if credentials is not None else [ob3()], key,
                         audience=kw.pop("audience", AUD), nonce=kw.pop("nonce", NONCE), iat=kw.pop("iat", T), **kw)


def check(verdict, name):
    return next(c for c in verdict.checks if c.check == name)


def test_valid_vp_jwt_with_json_and_sd_jwt_credentials():
    held = sd_jwt()
    kb = create_sd_jwt_presentation(held, ["achievement.level"], HOLDER, audience=AUD, nonce=NONCE, iat=T)
    v = verify_presentation(vp([ob3(rdfc=True), kb]), options())
    assert v.result == "valid", (v.checks, [c.verdict.checks for c in v.credentials])
    assert v.holder == HOLDER_DID and v.format == "vp-jwt"
    assert [c.status for c in v.checks] == ["passed"] * 4
    assert [c.holder_binding.status for c in v.credentials] == ["passed", "passed"]
    assert v.credentials[1].verdict.display.level == "HKQF 4"
    assert v.credentials[1].verdict.display.credits is None  # not disclosed


def test_tampered_presentation_fails_the_holder_signature():
    token = vp()
    head, body, sig = token.split(".")
    payload = json.loads(b64url_decode(body))
    payload["vp"]["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    forged = ".".join([head, b64url_encode(json.dumps(payload).encode()), sig])
    v = verify_presentation(forged, options())
    assert v.result == "invalid"
    assert check(v, "holder_signature").status == "failed"
    assert v.credentials[0].verdict.result == "invalid"  # the issuer's proof catches it too


def test_tampered_credential_signed_by_the_holder_is_invalid():
    cred = ob3()
    cred["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    v = verify_presentation(vp([cred]), options())
    assert check(v, "holder_signature").status == "passed"
    assert v.result == "invalid"
    assert next(c for c in v.credentials[0].verdict.checks if c.check == "proof").status == "failed"


def test_someone_elses_credential_fails_the_holder_binding():
    v = verify_presentation(vp([ob3(subject=STRANGER_DID)]), options())
    assert v.result == "invalid"
    assert v.credentials[0].verdict.result == "valid"  # the credential itself is fine
    binding = v.credentials[0].holder_binding
    assert binding.status == "failed" and STRANGER_DID in binding.reason


def test_a_stranger_presenting_my_credential_is_refused():
    v = verify_presentation(vp([ob3()], key=STRANGER), options())
    assert v.holder == STRANGER_DID
    assert v.credentials[0].holder_binding.status == "failed"
    assert v.result == "invalid"


def test_signing_as_another_holder_fails():
    token = vp(holder=HOLDER_DID, key=STRANGER)  # claims HOLDER, signed by STRANGER
    v = verify_presentation(token, options())
    assert check(v, "holder_signature").status == "failed"
    assert v.result == "invalid"


def test_sd_jwt_of_another_key_fails_the_binding_inside_a_vp():
    other = sd_jwt(holder=STRANGER)
    v = verify_presentation(vp([other]), options())
    assert v.credentials[0].holder_binding.status == "failed"
    assert v.result == "invalid"


def test_foreign_audience_fails():
    v = verify_presentation(vp(audience="https://evil.example"), options())
    c = check(v, "audience")
    assert c.status == "failed" and "evil.example" in c.reason
    assert v.result == "invalid"


def test_wrong_nonce_is_a_replay():
    v = verify_presentation(vp(nonce="old-nonce"), options())
    assert check(v, "nonce").status == "failed"
    assert v.result == "invalid"


def test_without_expected_audience_and_nonce_it_never_reads_valid():
    v = verify_presentation(vp(), VerifyOptions(now=lambda: NOW))
    assert check(v, "audience").status == "could_not_check"
    assert check(v, "nonce").status == "could_not_check"
    assert v.result == "could_not_check"


def test_old_presentation_is_stale_and_expired_presentation_fails():
    v = verify_presentation(vp(iat=T - 3600), options())
    assert check(v, "freshness").status == "failed"
    v = verify_presentation(vp(iat=T - 60, exp=T - 30 * 60), options())
    assert check(v, "freshness").status == "failed"
    v = verify_presentation(vp(iat=T + 3600), options())
    assert check(v, "freshness").status == "failed"


def test_accepted_presentation_is_rechecked_later_against_its_acceptance_time():
    token = vp(exp=T + 300)
    later = VerifyOptions(now=lambda: NOW + timedelta(days=10), audience=AUD, nonce=NONCE)
    assert verify_presentation(token, later).result == "invalid"
    v = verify_presentation(token, later, accepted_at=NOW)
    assert v.result == "valid", v.checks


def test_expired_credential_in_a_fresh_presentation_is_invalid():
    cred = ob3()
    cred.pop("proof")
    cred["validUntil"] = "2025-06-01T00:00:00Z"
    _did, vm = did_key_for(ISSUER)
    cred = sign_eddsa_jcs_2022(cred, ISSUER, vm, "2025-01-01T00:00:00Z")
    v = verify_presentation(vp([cred]), options())
    assert v.credentials[0].verdict.result == "invalid"
    assert v.result == "invalid"


def test_sd_jwt_kb_alone_is_a_presentation():
    kb = create_sd_jwt_presentation(sd_jwt(), ["sub", "achievement.level"], HOLDER, audience=AUD, nonce=NONCE, iat=T)
    v = verify_presentation(kb, options())
    assert v.format == "sd-jwt-kb"
    assert v.result == "valid", (v.checks, v.credentials[0].verdict.checks)
    assert v.holder == HOLDER_DID  # sub disclosed and it is the cnf key's did:key
    assert claimed(kb).nonce == NONCE and claimed(kb).audience == AUD


def test_sd_jwt_kb_without_sub_names_the_holder_by_did_jwk():
    kb = create_sd_jwt_presentation(sd_jwt(), [], HOLDER, audience=AUD, nonce=NONCE, iat=T)
    v = verify_presentation(kb, options())
    assert v.result == "valid"
    assert v.holder.startswith("did:jwk:")


def test_sd_jwt_kb_foreign_replayed_or_altered_is_refused():
    held = sd_jwt()
    kb = create_sd_jwt_presentation(held, ["achievement.level"], HOLDER, audience="https://evil.example", nonce=NONCE, iat=T)
    assert check(verify_presentation(kb, options()), "audience").status == "failed"
    kb = create_sd_jwt_presentation(held, ["achievement.level"], HOLDER, audience=AUD, nonce="other", iat=T)
    assert check(verify_presentation(kb, options()), "nonce").status == "failed"
    good = create_sd_jwt_presentation(held, ["achievement.level"], HOLDER, audience=AUD, nonce=NONCE, iat=T)
    # add a disclosure after signing: the key binding no longer covers it
    extra = sdjwt.disclosed_paths(held)["achievement.credits"]
    base, kbjwt = good.rsplit("~", 1)
    altered = f"{base}~{extra}~{kbjwt}"
    v = verify_presentation(altered, options())
    assert check(v, "holder_signature").status == "failed"
    assert v.result == "invalid"
    # signed by a stranger's key
    kb = create_sd_jwt_presentation(held, [], STRANGER, audience=AUD, nonce=NONCE, iat=T)
    v = verify_presentation(kb, options())
    assert check(v, "holder_signature").status == "failed" and v.result == "invalid"


def test_sd_jwt_without_key_binding_is_not_a_presentation():
    with pytest.raises(NotACredential):
        verify_presentation(sd_jwt(), options())


@pytest.mark.parametrize("bad", ["", "abc", "a.b.c", "eyJhIjoxfQ.eyJhIjoxfQ.AA", "SVP1:!!"])
def test_garbage_is_an_input_error(bad):
    with pytest.raises((MalformedInput, NotACredential)):
        verify_presentation(bad, options())


def test_did_web_holder_is_refused():
    token = vp()
    head, body, sig = token.split(".")
    payload = json.loads(b64url_decode(body))
    payload["iss"] = payload["vp"]["holder"] = "did:web:evil.example"
    v = verify_presentation(".".join([head, b64url_encode(json.dumps(payload).encode()), sig]), options())
    assert check(v, "holder_signature").status == "failed"


def test_qr_round_trip_and_size():
    kb = create_sd_jwt_presentation(sd_jwt(), ["sub", "achievement.level"], HOLDER, audience=AUD, nonce=NONCE, iat=T)
    for token in (vp(), kb, vp([ob3(rdfc=True), copy.deepcopy(kb)])):
        packed = qr_encode(token)
        assert qr_decode(packed) == token
        assert set(packed[5:]) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
        assert verify_presentation(packed, options()).result == "valid"
    # a one-credential presentation fits a version-40 QR code (4,296 alphanumeric characters)
    assert len(qr_encode(vp())) < 4296
    assert len(qr_encode(kb)) < 1500
