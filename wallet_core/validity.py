"""The ``validity`` check: every date a credential carries, against the injected clock.

One rule for every format: all start dates (``validFrom``, ``issuanceDate``,
JWT ``nbf`` and ``iat``, OB 2.0 ``issuedOn``) and all end dates (``validUntil``,
``expirationDate``, JWT ``exp``, OB 2.0 ``expires``) that are present count.
The **latest start** and the **earliest end** decide, so two signed dates that
disagree are read the strict way: ``validUntil`` 2099 beside ``expirationDate``
2020 is expired, a JWT ``exp`` in the past is expired whatever ``validUntil``
says, a future ``issuanceDate`` or ``iat`` is not yet valid even when
``validFrom`` has passed. A date field that is present but is not a date (or is
a NumericDate that is NaN, infinite or out of range) fails the check: it is
never skipped. A field whose value is ``null`` counts as absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import msgspec

from . import reasons
from .dates import iso, parse_datetime, parse_epoch
from .verdict import Check, Display

Kind = Literal["iso", "epoch"]


@dataclass(frozen=True)
class DateField:
    name: str  # as written in the credential: "validUntil", "exp", …
    value: object  # the raw value
    kind: Kind  # "iso": an ISO 8601 string; "epoch": a JWT NumericDate


def iso_fields(doc: dict, *names: str) -> list[DateField]:
    return [DateField(n, doc.get(n), "iso") for n in names]


def epoch_fields(claims: dict, *names: str) -> list[DateField]:
    return [DateField(n, claims.get(n), "epoch") for n in names]


START_FIELDS = ("validFrom", "issuanceDate")
END_FIELDS = ("validUntil", "expirationDate")


@dataclass(frozen=True)
class Dates:
    """The dates that decide, or the first field that is not a date."""

    start: datetime | None = None
    start_text: str | None = None  # as shown: the ISO string, or the NumericDate as ISO
    start_field: str | None = None
    end: datetime | None = None
    end_text: str | None = None
    end_field: str | None = None
    bad: DateField | None = None


def _parse(field: DateField) -> tuple[datetime, str] | None:
    if field.kind == "epoch":
        parsed = parse_epoch(field.value)
        return (parsed, iso(parsed)) if parsed else None
    parsed = parse_datetime(field.value)
    return (parsed, str(field.value)) if parsed else None


def decide(starts: Iterable[DateField], ends: Iterable[DateField]) -> Dates:
    """The latest start and the earliest end among the fields that are present."""
    found: dict[str, list[tuple[datetime, str, str]]] = {"start": [], "end": []}
    for side, fields in (("start", starts), ("end", ends)):
        for field in fields:
            if field.value is None:
                continue
            parsed = _parse(field)
            if parsed is None:
                return Dates(bad=field)
            found[side].append((parsed[0], parsed[1], field.name))
    start = max(found["start"], key=lambda d: d[0], default=(None, None, None))
    end = min(found["end"], key=lambda d: d[0], default=(None, None, None))
    return Dates(*start, *end)


def check_dates(starts: Iterable[DateField], ends: Iterable[DateField], env) -> Check:
    return judge(decide(starts, ends), env)


def judge(dates: Dates, env) -> Check:
    if dates.bad is not None:
        return reasons.check(
            "validity",
            "failed",
            "validity.bad_date",
            field=dates.bad.name,
            value=repr(dates.bad.value)[:80],
        )
    skew = env.options.max_clock_skew
    start, end = dates.start, dates.end
    since = {"from": dates.start_text, "from_field": dates.start_field}
    until = {"until": dates.end_text, "until_field": dates.end_field}
    if start and end and end < start:
        return reasons.check("validity", "failed", "validity.inverted", **since, **until)
    if start and start > env.now + skew:
        return reasons.check("validity", "failed", "validity.not_yet", **since)
    if end and end < env.now - skew:
        return reasons.check("validity", "failed", "validity.expired", **until)
    code = {
        (True, True): "validity.from_until",
        (True, False): "validity.from_no_expiry",
        (False, True): "validity.until_no_start",
        (False, False): "validity.no_dates",
    }[(bool(start), bool(end))]
    params = since if start else {}
    if end:
        params = {**params, **until}
    return reasons.check("validity", "passed", code, **params)


def display_with_dates(display: Display, dates: Dates) -> Display:
    """The display model with the end date that decides as its expiry, so a
    credential never shows a later expiry than the one it is judged by."""
    if dates.end_text is None or display.expires == dates.end_text:
        return display
    return msgspec.structs.replace(display, expires=dates.end_text)


def check_validity(
    valid_from: object, valid_until: object, env, *, names=("validFrom", "validUntil")
) -> Check:
    """One start and one end date, both ISO 8601 (kept for callers with exactly two)."""
    return check_dates(
        [DateField(names[0], valid_from, "iso")], [DateField(names[1], valid_until, "iso")], env
    )
