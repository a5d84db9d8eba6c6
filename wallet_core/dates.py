"""Credential dates: ISO 8601 / XML Schema dateTime strings and JWT NumericDates."""

from __future__ import annotations

import math
from datetime import UTC, datetime


def parse_datetime(value: object) -> datetime | None:
    """A timezone-aware datetime, or None when the value is not a date-time."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    text = value.strip()
    if text.endswith("z"):
        text = text[:-1] + "Z"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def parse_epoch(value: object) -> datetime | None:
    """A JWT NumericDate (seconds since 1970, RFC 7519) as a datetime, or None when
    it is not one: not a number, a boolean, NaN, infinite, or outside the years
    datetime can hold."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:  # isfinite raises OverflowError for an int too large for a float (10**400)
        if not math.isfinite(value):
            return None
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def epoch_iso(value: object) -> str | None:
    """A NumericDate written as ISO 8601, or None when it is not a usable one."""
    parsed = parse_epoch(value)
    return iso(parsed) if parsed else None


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
