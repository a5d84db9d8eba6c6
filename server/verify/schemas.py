"""Request/response Structs of the verify feature."""

from __future__ import annotations

import msgspec

from wallet_core.presentations import PresentationVerdict
from wallet_core.verdict import Verdict


class VerifyResponse(msgspec.Struct):
    verdict: Verdict


class PresentationVerifyResponse(msgspec.Struct):
    verdict: PresentationVerdict
