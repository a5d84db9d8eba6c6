"""Fetching status list credentials through the injected fetcher, and checking them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import jsonsafe, reasons
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
    """The JSON object at ``url``; ``what`` is a phrase code (``what.*``) naming it."""
    if env.fetcher is None:
        raise ListUnavailable(*unavailable(what, url, "offline"))
    try:
        body = env.fetcher.fetch(url)
    except FetchError as exc:
        raise ListUnavailable(*unavailable(what, url, getattr(exc, "kind", "unreachable"), str(exc))) from None
    try:
        doc = jsonsafe.loads(body)
    except ValueError:
        raise reasons.error(ListUnavailable, "doc.not_json", what_code=what, url=url) from None
    if not isinstance(doc, dict):
        raise reasons.error(ListUnavailable, "doc.not_object", what_code=what, url=url)
    return doc


def fetch_status_list_credential(url: str, env, list_signature: ListSignatureCheck) -> dict:
    """Fetch a status list credential and require a valid signature on it."""
    doc = fetch_json(url, env, "what.status_list")
    check = list_signature(doc, env)
    if check.status != "passed":
        raise reasons.error(ListUnavailable, "status.list_unconfirmed", check, url=url)
    return doc
