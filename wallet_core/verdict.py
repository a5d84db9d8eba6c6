"""The verdict: what verification found, check by check, plus the display model.

A verdict is returned, never raised. Each check is ``passed``, ``failed`` or
``could_not_check`` with a human-readable reason. The overall result is
``invalid`` if any check failed, else ``could_not_check`` if any check could not
be made, else ``valid`` — so nothing that was not checked ever reads as valid.
"""

from __future__ import annotations

from typing import Literal

import msgspec

CheckStatus = Literal["passed", "failed", "could_not_check"]
Result = Literal["valid", "invalid", "could_not_check"]

PASSED: CheckStatus = "passed"
FAILED: CheckStatus = "failed"
COULD_NOT_CHECK: CheckStatus = "could_not_check"

# The fixed vocabulary of check names, in the order they are shown.
CHECK_NAMES = (
    "format",  # the input parsed as a credential of a known format
    "schema",  # required fields and types for that format
    "proof",  # signature(s) over the credential
    "issuer",  # issuer key / DID resolution, key belongs to the issuer
    "validity",  # issuance and expiry dates against the clock (with skew)
    "status",  # revocation / suspension lists
    "holder_binding",  # key binding / presentation by the subject, where present
)


class Check(msgspec.Struct, frozen=True, omit_defaults=True):
    check: str
    status: CheckStatus
    reason: str  # English, always present: the fallback wherever code is unknown
    # A key of wallet_core/i18n/en.json and the values of its placeholders, so
    # the reason can be shown translated (see wallet_core/reasons.py); None for
    # reasons that have no template yet. Omitted from JSON when unset.
    code: str | None = None
    params: dict[str, str] = {}


class IssuerInfo(msgspec.Struct, frozen=True):
    id: str | None = None
    name: str | None = None
    # None: no trust list configured; True/False: listed or not.
    trusted: bool | None = None


class Alignment(msgspec.Struct, frozen=True):
    name: str | None = None
    code: str | None = None
    framework: str | None = None
    url: str | None = None


class Evidence(msgspec.Struct, frozen=True):
    name: str | None = None
    url: str | None = None
    narrative: str | None = None


class Endorsement(msgspec.Struct, frozen=True):
    issuer_name: str | None = None
    issuer_id: str | None = None
    comment: str | None = None


class AchievementResult(msgspec.Struct, frozen=True):
    name: str | None = None
    value: str | None = None


class Display(msgspec.Struct, frozen=True):
    """Normalised, format-independent view of a credential for UIs.

    Every field is optional: a field is shown when present. Text is plain text;
    renderers must escape it.
    """

    name: str | None = None
    description: str | None = None
    criteria: str | None = None
    image: str | None = None
    achievement_type: str | None = None
    issuer_name: str | None = None
    issuer_id: str | None = None
    issuer_url: str | None = None
    subject_id: str | None = None
    subject_name: str | None = None
    issued: str | None = None  # ISO 8601
    expires: str | None = None  # ISO 8601
    learning_outcomes: list[str] = []
    assessment: str | None = None
    # a number as text ("5", "7.5"; UIs add the unit in their language) or an
    # issuer's own words ("5 ECTS")
    credits: str | None = None
    workload_hours: str | None = None  # notional workload in hours, e.g. "50"
    level: str | None = None  # e.g. "EQF 5", "HKQF 3"
    mode: str | None = None  # online / on-site / blended
    quality_assurance: str | None = None
    prerequisites: list[str] = []
    stacks_into: list[str] = []
    alignments: list[Alignment] = []
    evidence: list[Evidence] = []
    endorsements: list[Endorsement] = []
    results: list[AchievementResult] = []
    language: str | None = None
    # Issued by its own subject (self-asserted): show it as such, never as vouched for.
    self_asserted: bool = False
    # A CLR 2.0 transcript's achievements (covered by the CLR's own proof), each
    # shown like an OB 3.0 credential; empty for every other format.
    parts: list[Display] = []


class Verdict(msgspec.Struct, frozen=True):
    format: str  # e.g. "ob3-ldp", "ob3-jwt", "clr2-ldp", "ob2-hosted", "sd-jwt-vc"
    container: str  # "json", "jwt", "png", "svg", "url"
    result: Result
    issuer: IssuerInfo
    subject: str | None
    checks: list[Check]
    display: Display
    credential: str  # the credential itself as text (JSON or compact JWT), unbaked
    checked_at: str  # ISO 8601, from the injected clock


def overall(checks: list[Check]) -> Result:
    statuses = {c.status for c in checks}
    if not checks or FAILED in statuses:
        return "invalid"
    if COULD_NOT_CHECK in statuses:
        return "could_not_check"
    return "valid"


def to_json(verdict: Verdict) -> bytes:
    return msgspec.json.encode(verdict)
