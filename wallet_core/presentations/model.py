"""What a presentation verdict is made of, and the rule set both verifiers follow
(Python here, JavaScript in ``pwa/src/wallet/checkvp.js``; decision D6)."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from ..verdict import Check, Result, Verdict

MAX_CREDENTIALS = 20
HOLDER_METHODS = ("did:key:", "did:jwk:")
PRESENTATION_ALGS = ("EdDSA", "ES256")
VP_CONTEXT = "https://www.w3.org/2018/credentials/v1"
QR_PREFIX = "SVP2:"  # the in-person QR text (SVP2/… for one part of several)
QR_PREFIX_V1 = "SVP1:"  # the first form, still read
# The audience of a presentation shown in person as a QR code: made on the holder's
# phone with a nonce of its own, for no particular verifier.
IN_PERSON_AUDIENCE = "satchel:offline"
# How long an in-person code lives (the wallet writes exp = iat + this), and so how
# old a presentation's iat may be when it is checked (plus the clock skew).
PRESENTATION_LIFETIME = timedelta(minutes=15)


class PresentedCredential(msgspec.Struct, frozen=True):
    verdict: Verdict
    holder_binding: Check
    # the verdict's result combined with the holder binding
    result: Result


class PresentationVerdict(msgspec.Struct, frozen=True):
    format: str  # "vp-jwt" | "sd-jwt-kb"
    result: Result
    holder: str | None
    audience: str | None  # as written in the presentation
    nonce: str | None  # as written in the presentation
    issued_at: str | None  # the presentation's iat (ISO 8601)
    checks: list[Check]  # holder_signature, audience, nonce, freshness
    credentials: list[PresentedCredential]
    checked_at: str


class Claimed(msgspec.Struct, frozen=True):
    """What a presentation says about itself, before any check (for the caller's
    nonce lookup). Never trust these values without ``verify_presentation``."""

    format: str
    audience: str | None
    nonce: str | None
    holder: str | None
