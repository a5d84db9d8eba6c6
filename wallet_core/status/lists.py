"""Fetching status list credentials through the injected fetcher, and checking them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import jsonsafe
from ..fetch_reasons import unavailable
from ..fetcher import FetchError
from ..verdict import Check

# How a fetched status list credential's signature is checked. The format module
# that checks the credential passes it in (``formats.vc_ldp.list_signature``), so
# the status package imports no format and no format imports it back.
ListSignatureCheck = Callable[[dict, Any], Check]


class ListUnavailable(Exception):
    """The list could not be had; ``code``/``params`` when it could not be fetched (fetch_reasons)."""

    def __init__(self, message: str, code: str | None = None, params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = params or {}


def fetch_json(url: str, env, what: str) -> dict:
    if env.fetcher is None:
        raise ListUnavailable(*unavailable(what, url, "offline"))
    try:
        body = env.fetcher.fetch(url)
    except FetchError as exc:
        raise ListUnavailable(*unavailable(what, url, getattr(exc, "kind", "unreachable"), str(exc))) from None
    try:
        doc = jsonsafe.loads(body)
    except ValueError:
        raise ListUnavailable(f"{what} {url} is not JSON") from None
    if not isinstance(doc, dict):
        raise ListUnavailable(f"{what} {url} is not a JSON object")
    return doc


def fetch_status_list_credential(url: str, env, list_signature: ListSignatureCheck) -> dict:
    """Fetch a status list credential and require a valid signature on it."""
    doc = fetch_json(url, env, "status list")
    check = list_signature(doc, env)
    if check.status != "passed":
        raise ListUnavailable(f"status list {url} signature could not be confirmed: {check.reason}")
    return doc
