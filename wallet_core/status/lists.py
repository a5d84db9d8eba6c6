"""Fetching status list credentials through the injected fetcher, and checking them."""

from __future__ import annotations

from .. import jsonsafe
from ..fetch_reasons import unavailable
from ..fetcher import FetchError


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


def fetch_status_list_credential(url: str, env) -> dict:
    """Fetch a status list credential and require a valid signature on it."""
    from ..formats.vc_ldp import proof_check

    doc = fetch_json(url, env, "status list")
    check, _keys = proof_check(doc, env)
    if check.status != "passed":
        raise ListUnavailable(f"status list {url} signature could not be confirmed: {check.reason}")
    return doc
