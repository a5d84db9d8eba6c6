"""Fetching status list credentials through the injected fetcher, and checking them."""

from __future__ import annotations

from .. import jsonsafe, reasons
from ..fetcher import FetchError


class ListUnavailable(Exception):
    pass


def fetch_json(url: str, env, what: str) -> dict:
    """The JSON object at ``url``; ``what`` is a phrase code (``what.*``) naming it."""
    if env.fetcher is None:
        raise reasons.error(ListUnavailable, "doc.offline", what_code=what, url=url)
    try:
        body = env.fetcher.fetch(url)
    except FetchError as exc:
        raise reasons.error(
            ListUnavailable, "doc.fetch_failed", exc, what_code=what, url=url
        ) from None
    try:
        doc = jsonsafe.loads(body)
    except ValueError:
        raise reasons.error(ListUnavailable, "doc.not_json", what_code=what, url=url) from None
    if not isinstance(doc, dict):
        raise reasons.error(ListUnavailable, "doc.not_object", what_code=what, url=url)
    return doc


def fetch_status_list_credential(url: str, env) -> dict:
    """Fetch a status list credential and require a valid signature on it."""
    from ..formats.vc_ldp import proof_check

    doc = fetch_json(url, env, "what.status_list")
    check, _keys = proof_check(doc, env)
    if check.status != "passed":
        raise reasons.error(ListUnavailable, "status.list_unconfirmed", check, url=url)
    return doc
