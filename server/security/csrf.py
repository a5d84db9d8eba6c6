"""Cross-site request forgery defences, for sessions (server/security/sessions.py).

The JSON API:
1. Same origin: a browser sends ``Origin`` (and ``Sec-Fetch-Site``) on every
   state-changing fetch; a request from another origin is refused.
2. A per-session token: every state-changing call made with a session cookie
   must carry the session's token in the ``X-CSRF-Token`` header. Another site
   cannot read the token, and cannot set that header on a cross-site request
   without a CORS preflight, which this server never grants.
SameSite=Strict on the session cookie is a third wall.

Server-rendered forms (the issuer console): the browser's ``Origin`` (or
``Referer``) must be this server's (``check_form_origin``), and every form
carries the session's token in its ``csrf`` field (``check_form_token``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException

from server.errors import ApiError
from server.security.tokens import same_secret

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_FIELD = "csrf"


def check_same_origin(connection: ASGIConnection, expected_origin: str) -> None:
    origin = connection.headers.get("origin")
    if origin is not None and origin != expected_origin:
        raise ApiError(403, "cross_origin", f"Requests must come from {expected_origin}.")
    if connection.headers.get("sec-fetch-site") == "cross-site":
        raise ApiError(403, "cross_origin", "Cross-site requests are not accepted.")


def check_csrf_token(connection: ASGIConnection, expected: str) -> None:
    if not same_secret(connection.headers.get(CSRF_HEADER), expected):
        raise ApiError(
            403,
            "csrf",
            f"The {CSRF_HEADER} header is missing or does not match this session. "
            "Fetch GET /api/v1/account for the current token and try again.",
        )


def foreign_form_origin(connection: ASGIConnection, expected_origin: str) -> str | None:
    """For server-rendered forms: why the request is not from ``expected_origin``, or
    None. Browsers send ``Origin`` on every form POST; without it the ``Referer``'s
    origin is used. A client that sends neither is no browser, so no forgery: its
    request is left to the session cookie and the CSRF token."""
    origin = connection.headers.get("origin")
    if origin is None and connection.headers.get("referer") is not None:
        try:
            parts = urlsplit(connection.headers["referer"])
        except ValueError:
            parts = None
        origin = f"{parts.scheme}://{parts.netloc.lower()}" if parts and parts.scheme and parts.netloc else "null"
    if origin is not None and origin != expected_origin:
        return f"This form was sent from {origin[:100]}, not from {expected_origin}."
    if connection.headers.get("sec-fetch-site") == "cross-site":
        return "Cross-site form submissions are not accepted."
    return None


def check_form_origin(connection: ASGIConnection, expected_origin: str) -> None:
    """A form POST from another origin is refused (403 page)."""
    problem = foreign_form_origin(connection, expected_origin)
    if problem:
        raise PermissionDeniedException(problem)


def check_form_token(session: dict, fields: dict[str, str]) -> None:
    """The form's ``csrf`` field must be the session's token (403 page)."""
    if not same_secret(fields.get(FORM_FIELD), session["csrf"]):
        raise PermissionDeniedException("The form is out of date or was not sent by this console. Reload and try again.")
