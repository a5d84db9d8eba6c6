"""The ``validity`` check: issuance and expiry dates against the injected clock."""

from __future__ import annotations

from . import reasons
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
            return reasons.check(
                "validity", "failed", "validity.bad_date", field=names[0], value=repr(valid_from)
            )
    if valid_until is not None:
        end = parse_datetime(valid_until)
        if end is None:
            return reasons.check(
                "validity", "failed", "validity.bad_date", field=names[1], value=repr(valid_until)
            )
    if start and end and end < start:
        return reasons.check(
            "validity", "failed", "validity.inverted", **{"from": valid_from, "until": valid_until}
        )
    if start and start > env.now + skew:
        return reasons.check("validity", "failed", "validity.not_yet", **{"from": valid_from})
    if end and end < env.now - skew:
        return reasons.check("validity", "failed", "validity.expired", until=valid_until)
    code = {
        (True, True): "validity.from_until",
        (True, False): "validity.from_no_expiry",
        (False, True): "validity.until_no_start",
        (False, False): "validity.no_dates",
    }[(bool(start), bool(end))]
    params = {"from": valid_from} if start else {}
    if end:
        params["until"] = valid_until
    return reasons.check("validity", "passed", code, **params)
