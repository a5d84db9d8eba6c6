from __future__ import annotations

from dataclasses import dataclass, field

from .. import reasons
from ..keys import VerificationKey
from ..verdict import CheckStatus


@dataclass(frozen=True)
class ProofResult:
    status: CheckStatus
    reason: str
    key: VerificationKey | None = None
    code: str | None = None  # see wallet_core/reasons.py
    params: dict[str, str] = field(default_factory=dict)


def coded(
    status: CheckStatus,
    code: str,
    key: VerificationKey | None = None,
    cause_of: BaseException | None = None,
    **params: object,
) -> ProofResult:
    """A result whose reason is the template ``code`` (see ``reasons.check``)."""
    c = reasons.check("proof", status, code, cause_of, **params)
    return ProofResult(status, c.reason, key, c.code, c.params)


def from_exc(status: CheckStatus, exc: BaseException, key: VerificationKey | None = None) -> ProofResult:
    """A result whose reason is the one ``exc`` carries (see ``reasons.from_exc``)."""
    c = reasons.from_exc("proof", status, exc)
    return ProofResult(status, c.reason, key, c.code, c.params)
