"""Fetching status list credentials through the injected fetcher, and checking them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import jsonsafe
from ..fetcher import FetchError
from ..verdict import Check

# How a fetched status list credential's signature is checked. The format module
# that checks the credential passes it in (``formats.vc_ldp.list_signature``), so
# the status package imports no format and no format imports it back.
ListSignatureCheck = Callable[[dict, Any], Check]


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


def fetch_status_list_credential(url: str, env, list_signature: ListSignatureCheck) -> dict:
    """Fetch a status list credential and require a valid signature on it."""
    doc = fetch_json(url, env, "status list")
    check = list_signature(doc, env)
    if check.status != "passed":
        raise ListUnavailable(f"status list {url} signature could not be confirmed: {check.reason}")
    return doc
