"""VC-JWT (placeholder until the JOSE verifier lands): recognised, not yet verified."""

from __future__ import annotations

from ..parse import ParsedText


def claims(parsed: ParsedText) -> bool:
    return False
