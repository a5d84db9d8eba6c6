"""POST /api/v1/presentations/verify: the server's verdict on an in-person presentation,
by the rule set the phone follows (decision D6). Real server on loopback, real
signatures (made by tests/vectors/make_presentations.py, which does not use wallet_core)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import LiveServer
from tests.vectors import make_presentations as mk
from wallet_core.presentations import qr_encode, qr_encode_parts, qr_encode_v1

OFFLINE = "satchel:offline"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("vp-verify") / "data"
    data.mkdir()
    live = LiveServer(data, ["--offline"])
    with httpx.Client(base_url=live.url, timeout=30) as http:
        yield http
    live.stop()


def in_person(age_seconds: int = 30, credentials=None) -> str:
    iat = int(time.time()) - age_seconds
    return mk.vp_jwt(
        credentials or [mk.vc_jwt(mk.HOLDER_DID)], aud=OFFLINE, nonce="phone-made", iat=iat, exp=iat + mk.LIFETIME
    )


def codes(verdict: dict) -> list[tuple[str, str, str]]:
    return [(c["check"], c["status"], c["code"]) for c in verdict["checks"]]


def post(server, body: str | bytes) -> httpx.Response:
    return server.post("/api/v1/presentations/verify", content=body, headers={"Content-Type": "text/plain"})


IN_PERSON_FRESH = [
    ("holder_signature", "passed", "presentation.holder_signed"),
    ("audience", "passed", "presentation.audience_match"),
    ("nonce", "could_not_check", "presentation.nonce_in_person"),
    ("freshness", "passed", "presentation.fresh"),
]


PACKINGS = {
    "VP-JWT": lambda vp: vp,
    "SVP1 QR text": qr_encode_v1,
    "SVP2 QR text": qr_encode,
    "SVP2 parts, joined in reverse": lambda vp: "\n".join(reversed(qr_encode_parts(vp, part_size=400))),
}


@pytest.mark.parametrize("packing", list(PACKINGS))
def test_an_in_person_presentation_gets_the_servers_verdict(server, packing):
    vp = in_person()
    r = post(server, PACKINGS[packing](vp))
    assert r.status_code == 200, r.text
    verdict = r.json()["verdict"]
    assert codes(verdict) == IN_PERSON_FRESH
    assert verdict["holder"] == mk.HOLDER_DID
    [cred] = verdict["credentials"]
    assert cred["holder_binding"]["code"] == "holder_binding.subject_match"
    assert cred["verdict"]["result"] == "valid", cred["verdict"]["checks"]
    # never better than could_not_check: no verifier nonce in person
    assert verdict["result"] == "could_not_check"


def test_a_12_minute_old_code_is_fresh_and_a_21_minute_old_one_is_not(server):
    """The disagreement that issue 13 found: one age limit, the code's 15-minute lifetime."""
    fresh = post(server, in_person(age_seconds=12 * 60)).json()["verdict"]
    assert codes(fresh) == IN_PERSON_FRESH
    stale = post(server, in_person(age_seconds=21 * 60)).json()["verdict"]
    assert codes(stale)[3] == ("freshness", "failed", "presentation.too_old")
    assert stale["result"] == "invalid"


def test_an_altered_presentation_is_invalid(server):
    head, body, sig = in_person().split(".")
    forged = f"{head}.{body}.{sig[:-4]}AAAA"
    verdict = post(server, forged).json()["verdict"]
    assert codes(verdict)[0] == ("holder_signature", "failed", "presentation.signature_mismatch")
    assert verdict["credentials"][0]["holder_binding"]["code"] == "holder_binding.unidentified"
    assert verdict["result"] == "invalid"


def test_a_presentation_for_another_verifier_fails_the_audience(server):
    vp = mk.vp_jwt([mk.vc_jwt(mk.HOLDER_DID)], iat=int(time.time()))  # made for a share server
    verdict = post(server, vp).json()["verdict"]
    assert codes(verdict)[1] == ("audience", "failed", "presentation.audience_other")


def test_an_sd_jwt_kb_shown_in_person(server):
    text = mk.sd_jwt_kb(mk.HOLDER, aud=OFFLINE, nonce="phone-made", iat=int(time.time()))
    verdict = post(server, text).json()["verdict"]
    assert verdict["format"] == "sd-jwt-kb"
    assert codes(verdict)[0] == ("holder_signature", "passed", "presentation.kb_signed")
    assert codes(verdict)[2] == ("nonce", "could_not_check", "presentation.nonce_in_person")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"", 400),
        (b"not a presentation", 400),
        (b"SVP1:!!", 400),
        (b"SVP2:!!", 400),
        (b"SVP2/1/2/ABCDEF:AAAA", 400),
        ("ey\u00e9.a.b".encode(), 400),
        (b"eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln", 422),  # a JWT, but no vp claim
        (b"a" * (512 * 1024 + 1), 413),
    ],
    ids=["empty", "text", "bad QR", "bad SVP2", "one part of two", "not ASCII", "no vp", "too large"],
)
def test_bad_input_gets_a_clear_error(server, body, status):
    r = post(server, body)
    assert r.status_code == status, r.text
    assert r.json()["message"], r.json()


def test_a_two_way_answer_is_checked_against_the_verifiers_challenge(server):
    """The verifier's phone made the challenge (audience satchel:inperson:<id>, its nonce) and
    passes both along; the server checks the presentation answers exactly that challenge."""
    aud, nonce = mk.TWO_WAY["audience"], mk.TWO_WAY["nonce"]
    iat = int(time.time()) - 30
    vp = mk.vp_jwt([mk.vc_jwt(mk.HOLDER_DID)], aud=aud, nonce=nonce, iat=iat, exp=iat + mk.LIFETIME)
    url = "/api/v1/presentations/verify"
    # step 1: the answer to this challenge is valid, nonce and audience matched
    r = server.post(url, params={"audience": aud, "nonce": nonce}, content=qr_encode(vp))
    assert r.status_code == 200, r.text
    verdict = r.json()["verdict"]
    assert ("nonce", "passed", "presentation.nonce_match") in codes(verdict)
    assert ("audience", "passed", "presentation.audience_match") in codes(verdict)
    assert verdict["result"] == "valid", verdict
    # step 2: checked against another challenge of the same phone, the nonce fails
    r = server.post(url, params={"audience": aud, "nonce": "0" * 32}, content=vp)
    assert ("nonce", "failed", "presentation.nonce_other") in codes(r.json()["verdict"])
    # step 3: without the challenge it is for a foreign audience
    r = post(server, vp)
    assert ("audience", "failed", "presentation.audience_other") in [c[:3] for c in codes(r.json()["verdict"])]
    # step 4: a malformed or half challenge is refused, never read as "no challenge"
    for params in ({"audience": aud}, {"nonce": nonce}, {"audience": "https://x.example", "nonce": nonce},
                   {"audience": aud, "nonce": "short"}):
        r = server.post(url, params=params, content=vp)
        assert r.status_code == 400, params
