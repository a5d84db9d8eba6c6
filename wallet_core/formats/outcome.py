from __future__ import annotations

from dataclasses import dataclass, field

from ..verdict import Check, Display, IssuerInfo


@dataclass
class Outcome:
    format: str
    checks: list[Check]
    issuer: IssuerInfo
    subject: str | None
    display: Display = field(default_factory=Display)
