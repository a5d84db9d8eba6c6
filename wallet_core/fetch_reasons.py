"""Why a document could not be fetched, in plain words: the reason code
``fetch.<kind>`` (templates in i18n/<lang>.json) with the parameters ``what_code``
(which document: a ``what.*`` phrase), ``url``, ``host`` and ``detail`` (the
fetcher's own technical words, which the plain text leaves out)."""

from __future__ import annotations

from urllib.parse import urlsplit

from . import reasons
from .verdict import Check, CheckStatus


def unavailable(what: str, url: str, kind: str, detail: str = "") -> tuple[str, str, dict[str, str]]:
    """(English text, code, params) for ``what`` (e.g. "badge class", or its phrase code
    "what.badge_class") at ``url`` not fetched because of ``kind`` (a FetchError kind,
    or "offline")."""
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        host = url
    what_code = what if what.startswith("what.") else "what." + what.lower().replace(" ", "_")
    params = {"what_code": what_code, "url": url, "host": host}
    if detail:
        params["detail"] = detail
    code = f"fetch.{kind}"
    text, values = reasons.phrase(code, **params)
    return text, code, values


def fetch_check(name: str, status: CheckStatus, what: str, url: str, exc: Exception | None) -> Check:
    """The check ``name`` saying why ``what`` at ``url`` was not fetched: ``exc`` is the
    fetcher's ``FetchError``, or None when offline (no fetcher)."""
    if exc is None:
        _, code, params = unavailable(what, url, "offline")
    else:
        _, code, params = unavailable(what, url, getattr(exc, "kind", "unreachable"), str(exc))
    return reasons.check(name, status, code, **params)

