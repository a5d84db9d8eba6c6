"""Fetching status list credentials through the injected fetcher, and checking them."""

from __future__ import annotations

from .. import jsonsafe
from ..fetcher import FetchError


class ListUnavailable(Exception):
    pass


def fetch_json(url: str, env, what: str) -> dict:
    if env.fetcher is None:
        raise ListUnavailable(f"{what} {url} not fetched: offline")
    try:
        body = env.fetcher.fetch(url)
    except FetchError as exc:
        raise ListUnavailable(f"{what} {url} could not be fetched: {exc}") from None
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
