"""Every golden vector (tests/vectors/presentations.json, decision D6) against
wallet_core: exactly the expected checks, codes, holder bindings and results.
The same file is run against the PWA's checkvp.js in Chromium
(tests/e2e/test_presentation_vectors.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from wallet_core import VerifyOptions, reasons
from wallet_core.presentations import verify_presentation

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "vectors" / "presentations.json").read_text("utf-8"))
NOW = datetime.fromisoformat(VECTORS["now"])


def summary(verdict) -> dict:
    return {
        "result": verdict.result,
        "holder": verdict.holder,
        "checks": [{"check": c.check, "status": c.status, "code": c.code} for c in verdict.checks],
        "credentials": [
            {"holder_binding": {"status": c.holder_binding.status, "code": c.holder_binding.code}, "result": c.result}
            for c in verdict.credentials
        ],
    }


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=[v["name"] for v in VECTORS["vectors"]])
def test_wallet_core_gives_exactly_the_expected_codes(vector):
    options = VerifyOptions(
        now=lambda: NOW,
        max_clock_skew=timedelta(seconds=VECTORS["max_clock_skew_seconds"]),
        max_presentation_age=timedelta(seconds=VECTORS["max_presentation_age_seconds"]),
        audience=vector["options"]["audience"],
        nonce=vector["options"]["nonce"],
    )
    verdict = verify_presentation(vector["presentation"], options)
    assert summary(verdict) == vector["expected"], vector["about"]
    # every code is in the catalogue, in every language
    for check in [*verdict.checks, *(c.holder_binding for c in verdict.credentials)]:
        for lang in reasons.LANGUAGES:
            assert check.code in reasons.templates(lang), (lang, check.code)


def test_the_rule_set_is_wallet_core_default():
    """The vectors' clock skew and age limit are wallet_core's defaults (one rule set)."""
    default = VerifyOptions()
    assert default.max_clock_skew == timedelta(seconds=VECTORS["max_clock_skew_seconds"])
    assert default.max_presentation_age == timedelta(seconds=VECTORS["max_presentation_age_seconds"])


@pytest.fixture(scope="module")
def oracle() -> dict:
    """The vectors read by independent libraries (tests/vectors/oracle.mjs: jose, @sd-jwt/core)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    run = subprocess.run(
        [node, str(ROOT / "tests" / "vectors" / "oracle.mjs"), str(ROOT / "tests" / "vectors" / "presentations.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=[v["name"] for v in VECTORS["vectors"]])
def test_independent_libraries_agree_with_the_expectations(oracle, vector):
    """The hand-written expectations are not Satchel's own opinion: jose (VP-JWT signature,
    aud, exp, iat age) and @sd-jwt/core (SD-JWT+KB signatures, sd_hash) read each vector the
    same way."""
    if vector["presentation"].startswith("SVP"):
        pytest.skip("the SVP1/SVP2 packing is Satchel's own: no independent library reads it")
    seen = oracle[vector["name"]]
    expected = {c["check"]: c["status"] for c in vector["expected"]["checks"]}
    codes = {c["check"]: c["code"] for c in vector["expected"]["checks"]}
    # Satchel's own rules, which a JWT library has no notion of: vp.holder must be the signer,
    # and a presentation ends no earlier than it starts.
    if codes["holder_signature"] != "presentation.holder_not_signer":
        assert (seen["signature"] == "ok") == (expected["holder_signature"] == "passed"), seen
    nonce = {"ok": "passed", "bad": "failed", "none expected": "could_not_check"}[seen["nonce"]]
    assert nonce == expected["nonce"], seen
    if "aud" in seen:  # SD-JWT+KB: the library checks no audience or dates; compared by hand
        assert (seen["aud"] == "bad") == (expected["audience"] == "failed"), seen
    elif seen["signature"] == "ok":  # VP-JWT: jose's claim checks
        if expected["audience"] == "failed":
            assert seen["claims"] == "aud", seen
        elif codes["freshness"] == "presentation.inverted":
            pass
        elif expected["freshness"] == "failed":
            assert seen["claims"] in ("exp", "iat", "nbf"), seen
        else:
            assert seen["claims"] == "ok", seen
