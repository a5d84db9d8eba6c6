"""The ``validity`` check: issuance and expiry dates against the injected clock."""

from __future__ import annotations

from .dates import parse_datetime
from .verdict import Check


def check_validity(
    valid_from: object, valid_until: object, env, *, names=("validFrom", "validUntil")
) -> Check:
    skew = env.options.max_clock_skew
    start = end = None
    if valid_from is not None:
        start = parse_datetime(valid_from)
        if start is None:
            return Check("validity", "failed", f"{names[0]} {valid_from!r} is not a valid date")
    if valid_until is not None:
        end = parse_datetime(valid_until)
        if end is None:
            return Check("validity", "failed", f"{names[1]} {valid_until!r} is not a valid date")
    if start and end and end < start:
        return Check(
            "validity", "failed", f"expires ({valid_until}) before it is valid ({valid_from})"
        )
    if start and start > env.now + skew:
        return Check("validity", "failed", f"not yet valid: valid from {valid_from}")
    if end and end < env.now - skew:
        return Check("validity", "failed", f"expired on {valid_until}")
    parts = []
    parts.append(f"valid from {valid_from}" if start else "no start date")
    parts.append(f"valid until {valid_until}" if end else "no expiry date")
    return Check("validity", "passed", "; ".join(parts))
