"""Why a document could not be fetched, in plain words: the reason code
``fetch.<kind>`` (templates in i18n/<lang>.json) with the parameters ``what_code``
(which document: a ``what.*`` phrase), ``url``, ``host`` and ``detail`` (the
fetcher's own technical words, which the plain text leaves out)."""

from __future__ import annotations

from urllib.parse import urlsplit

from . import reasons
from .verdict import Check, CheckStatus


def unavailable(what: str, url: str, kind: str, detail: str = "") -> tuple[str, str, dict[str, str]]:
    """(English text, code, params) for ``what`` (e.g. "badge class") at ``url`` not
    fetched because of ``kind`` (a FetchError kind, or "offline")."""
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        host = url
    params = {"what_code": "what." + what.lower().replace(" ", "_"), "url": url, "host": host}
    if detail:
        params["detail"] = detail
    code = f"fetch.{kind}"
    text, values = reasons.phrase(code, **params)
    return text, code, values


def coded_check(name: str, status: CheckStatus, exc: Exception) -> Check:
    """A check from an exception that may carry ``code`` and ``params`` (else its text only)."""
    code = getattr(exc, "code", None)
    if code:
        return Check(name, status, str(exc), code=code, params=dict(getattr(exc, "params", {}) or {}))
    return Check(name, status, str(exc))
