"""Badgr's own JSON shapes (its API and backpack export), unwrapped to the Open
Badges 2.0 assertion they carry; the OB 2.0 format then checks that assertion
the normal way (hosted or signed). Nothing Badgr adds is trusted or shown.

The shapes:

- a backpack badge with a ``json`` member holding the OB assertion (an object,
  or its JSON text), next to Badgr's own fields (``image``, ``shared_url``...);
- an API record (``entityType: "Assertion"``, ``entityId``, ``openBadgeId``):
  it does not hold the assertion, only the address where its issuer hosts it.
  The address is checked as a hosted assertion (fetched, so offline it cannot be
  checked), never the record's own copy of the fields;
- an API answer ``{"status": ..., "result": [record]}`` or a list of records,
  when it holds exactly one badge.

Anything else is left to the plain JSON container.
"""

from __future__ import annotations

import json

from .. import jsonsafe
from ..errors import MalformedInput
from .text import decode_utf8, strip_leading

MAX_URL = 2048


def _assertion(value) -> dict | None:
    """``value`` (an object or JSON text) when it is shaped like an OB assertion."""
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            value = jsonsafe.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict) and "recipient" in value and "badge" in value:
        return value
    return None


def _record(doc) -> dict | None:
    """The one Badgr badge record in ``doc`` (itself, or the only one of a list/answer)."""
    if isinstance(doc, dict) and isinstance(doc.get("result"), list) and "status" in doc:
        doc = doc["result"]
    if isinstance(doc, list):
        records = [d for d in doc if isinstance(d, dict) and _is_record(d)]
        if not records:
            return None
        if len(doc) != 1:
            raise MalformedInput(
                f"This Badgr export holds {len(doc)} badges; Satchel takes one badge per file: "
                "export (or download) each badge on its own."
            )
        return records[0]
    return doc if isinstance(doc, dict) and _is_record(doc) else None


def _is_record(doc: dict) -> bool:
    if _assertion(doc) is not None:  # a plain assertion: not Badgr's wrapper
        return False
    if _assertion(doc.get("json")) is not None:
        return True
    return doc.get("entityType") == "Assertion" and isinstance(doc.get("openBadgeId"), str)


def _load(data: bytes):
    text = strip_leading(data)
    if text[:1] not in (b"{", b"["):
        return None
    try:
        return jsonsafe.loads(decode_utf8(data, "file"))
    except (ValueError, MalformedInput):
        return None  # the JSON container says what is wrong


def sniff(data: bytes) -> bool:
    try:
        return _record(_load(data)) is not None
    except MalformedInput:
        return True  # a Badgr export of several badges: unbake says so


def unbake(data: bytes) -> str:
    record = _record(_load(data))
    assert record is not None  # sniff said so
    inner = _assertion(record.get("json"))
    if inner is not None:
        return json.dumps(inner, ensure_ascii=False)
    url = record["openBadgeId"].strip()
    if not url.startswith(("https://", "http://")) or len(url) > MAX_URL or any(c.isspace() for c in url):
        raise MalformedInput("This Badgr record's openBadgeId is not the address of a hosted badge.")
    return url
