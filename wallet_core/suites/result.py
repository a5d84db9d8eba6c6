from __future__ import annotations

from dataclasses import dataclass, field

from ..keys import VerificationKey
from ..verdict import CheckStatus


@dataclass(frozen=True)
class ProofResult:
    status: CheckStatus
    reason: str
    key: VerificationKey | None = None
    code: str | None = None  # see wallet_core/reasons.py
    params: dict[str, str] = field(default_factory=dict)
