from __future__ import annotations

from dataclasses import dataclass

from ..keys import VerificationKey
from ..verdict import CheckStatus


@dataclass(frozen=True)
class ProofResult:
    status: CheckStatus
    reason: str
    key: VerificationKey | None = None
