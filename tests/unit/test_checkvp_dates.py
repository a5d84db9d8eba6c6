"""The PWA's offline verifier (pwa/src/wallet/checkvp.js) follows the same date rule
as wallet_core: presentations signed here for real, checked by the app's own module
under Node (it needs only WebCrypto), and compared with wallet_core's reading."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from wallet_core.encoding import b64url_decode
from wallet_core.presentations import verify_presentation

from .conftest import REPO, check_of
from .test_dates import (
    DAY,
    FUTURE,
    HOLDER,
    HOLDER_DID,
    ISSUER,
    ISSUER_DID,
    ISSUER_VM,
    NOW,
    PAST,
    T,
    VerifyOptions,
    _jws,
    ob3_credential,
    sd_jwt,
    sign_eddsa_jcs_2022,
    vp_jwt,
)

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")
AUD = "satchel:offline"

SCRIPT = """
import { checkPresentation } from %s;
const input = JSON.parse(await new Promise((ok) => {
  let text = ''; process.stdin.on('data', (c) => (text += c)); process.stdin.on('end', () => ok(text));
}));
const out = [];
for (const p of input.presentations) out.push(await checkPresentation(p, input.nowMs));
console.log(JSON.stringify(out));
"""


def check_in_the_app(*presentations: str) -> list[dict]:
    module = json.dumps((REPO / "pwa" / "src" / "wallet" / "checkvp.js").as_uri())
    run = subprocess.run(
        [NODE, "--input-type=module", "-e", SCRIPT % module],
        input=json.dumps({"presentations": presentations, "nowMs": T * 1000}),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(run.stdout)


def offline_vp(credentials, **kw) -> str:
    """A VP-JWT for the in-person audience, signed by the holder."""
    token = vp_jwt(credentials, **kw)
    head, body, _sig = token.split(".")
    payload = json.loads(b64url_decode(body))
    payload["aud"] = AUD
    return _jws(json.loads(b64url_decode(head)), payload, key=HOLDER)


def credential(**dates) -> dict:
    cred = ob3_credential(ISSUER_DID)
    cred["credentialSubject"]["id"] = HOLDER_DID
    cred.pop("validFrom")
    cred.update(dates)
    return sign_eddsa_jcs_2022(cred, ISSUER, ISSUER_VM, "2025-01-01T00:00:00Z")


def vc_jwt(vc_dates: dict, **claims) -> str:
    cred = ob3_credential(ISSUER_DID)
    cred["credentialSubject"]["id"] = HOLDER_DID
    cred.pop("validFrom")
    cred.update(vc_dates)
    payload = {"vc": cred, "iss": ISSUER_DID, "sub": HOLDER_DID, **claims}
    return _jws({"alg": "EdDSA", "kid": ISSUER_VM, "typ": "JWT"}, payload)


CREDENTIAL_CASES = {
    "validUntil 2099, expirationDate 2020": (credential(validUntil=FUTURE, expirationDate=PAST), "validity.expired"),
    "future issuanceDate beside validFrom": (
        credential(validFrom="2025-01-01T00:00:00Z", issuanceDate=FUTURE), "validity.not_yet"
    ),
    "JWT exp past, validUntil future": (vc_jwt({"validUntil": FUTURE}, exp=T - DAY), "validity.expired"),
    "JWT nbf future, validFrom past": (
        vc_jwt({"validFrom": "2025-01-01T00:00:00Z"}, nbf=T + DAY), "validity.not_yet"
    ),
    "JWT iat future": (vc_jwt({}, iat=T + DAY), "validity.not_yet"),
    # JSON has no NaN: the app cannot even read it, which fails it too (never valid)
    "JWT exp NaN": (vc_jwt({"validUntil": FUTURE}, exp=float("nan")), "offline.unreadable"),
    "JWT exp a string": (vc_jwt({"validUntil": FUTURE}, exp="2099"), "validity.bad_date"),
    "JWT exp 1e20": (vc_jwt({"validUntil": FUTURE}, exp=1e20), "validity.bad_date"),
    "unreadable expirationDate": (
        credential(validUntil=FUTURE, expirationDate="soon"), "validity.bad_date"
    ),
    "latest start after earliest end": (
        credential(validFrom="2024-01-01T00:00:00Z", expirationDate="2023-01-01T00:00:00Z"),
        "validity.inverted",
    ),
    "SD-JWT exp past": (sd_jwt(exp=T - DAY), "validity.expired"),
    "SD-JWT nbf future": (sd_jwt(nbf=T + DAY), "validity.not_yet"),
}


def test_the_app_reads_conflicting_credential_dates_the_strict_way():
    names = list(CREDENTIAL_CASES)
    presentations = [offline_vp([CREDENTIAL_CASES[n][0]]) for n in names]
    results = check_in_the_app(*presentations)
    for name, presentation, result in zip(names, presentations, results, strict=True):
        assert result["ok"], (name, result)
        dates = [c for c in result["credentials"][0]["checks"] if c["check"] in ("validity", "format")]
        validity = dates[0]
        assert validity["status"] == "failed", (name, validity)
        assert validity["code"] == CREDENTIAL_CASES[name][1], (name, validity)
        assert result["result"] == "invalid", name
        # wallet_core reads the same credential the same way
        ours = verify_presentation(presentation, VerifyOptions(now=lambda: NOW, audience=AUD))
        assert check_of(ours.credentials[0].verdict, "validity").status == "failed", name


def test_the_app_passes_agreeing_dates_and_names_the_earliest_end():
    cred = credential(
        validFrom="2025-01-01T00:00:00Z",
        issuanceDate="2024-12-01T00:00:00Z",
        validUntil="2031-01-01T00:00:00Z",
        expirationDate="2030-01-01T00:00:00Z",
    )
    [result] = check_in_the_app(offline_vp([cred]))
    validity = next(c for c in result["credentials"][0]["checks"] if c["check"] == "validity")
    assert validity["status"] == "passed", validity
    assert validity["code"] == "validity.from_until", validity
    assert validity["params"]["until"] == "2030-01-01T00:00:00Z"
    assert validity["params"]["until_field"] == "expirationDate"


@pytest.mark.parametrize(
    ("claims", "vp_extra", "key"),
    [
        ({}, {}, "presentation.fresh"),
        ({"nbf": T + DAY}, {}, "presentation.not_yet"),
        ({"iat": T + DAY, "nbf": T - DAY}, {}, "presentation.future"),
        ({"exp": T + 3600}, {"validUntil": PAST}, "presentation.expired"),
        ({"exp": "tomorrow"}, {}, "presentation.bad_date"),
        ({"iat": 1e20}, {}, "presentation.no_iat"),
    ],
)
def test_the_app_reads_the_presentation_dates_by_the_same_rule(claims, vp_extra, key):
    [result] = check_in_the_app(offline_vp([credential()], vp_extra=vp_extra, **claims))
    freshness = next(c for c in result["checks"] if c["check"] == "freshness")
    assert freshness["code"] == key, freshness
    assert freshness["status"] == ("passed" if key == "presentation.fresh" else "failed")


def test_the_app_refuses_a_presentation_whose_dates_are_not_json_numbers():
    [result] = check_in_the_app(offline_vp([credential()], exp=float("nan")))
    assert result == {"ok": False, "reason": "verifier.notPresentation"}
