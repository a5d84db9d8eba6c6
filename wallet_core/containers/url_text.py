"""A bare http(s) URL: an Open Badges hosted assertion given by its address.

Only the URL is read here; fetching it is the format's job, through the
injected fetcher (offline it is could_not_check).
"""

from __future__ import annotations

import re

from .text import decode_utf8, strip_leading

MAX_URL = 2048
_URL = re.compile(rb"^https?://[^\s<>\"'{}|\\^`]+$")


def sniff(data: bytes) -> bool:
    text = strip_leading(data).rstrip(b" \t\r\n")
    return len(text) <= MAX_URL and bool(_URL.match(text))


def unbake(data: bytes) -> str:
    return decode_utf8(data, "address").strip()
