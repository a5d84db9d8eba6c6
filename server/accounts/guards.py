"""Guards for the account, backup and sync endpoints.

- ``signed_in``: a valid session cookie; for POST/PUT/PATCH/DELETE also the
  same origin and the session's ``X-CSRF-Token``. Puts the session row on
  ``request.state.account_session``.
- ``passkey_ceremony(bucket)``: the unauthenticated register / sign-in
  endpoints: same origin, and a per-client rate limit (429).
"""

from __future__ import annotations

from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from server.errors import ApiError
from server.security.csrf import SAFE_METHODS, check_csrf_token, check_same_origin
from server.security.ratelimit import RateLimiter, client_address
from server.security.sessions import ACCOUNT
from server.settings import Settings


def _settings(connection: ASGIConnection) -> Settings:
    return connection.app.state.settings


def signed_in(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    settings = _settings(connection)
    session = ACCOUNT.find(connection.app.state.db, connection.cookies.get(ACCOUNT.cookie_name(settings.public_url)))
    if session is None:
        raise ApiError(401, "not_signed_in", "Sign in with your passkey first (or your session has ended).")
    if connection.method not in SAFE_METHODS:
        check_same_origin(connection, settings.origin)
        check_csrf_token(connection, session["csrf"])
    connection.state.account_session = session


def passkey_ceremony(bucket: str) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        check_same_origin(connection, _settings(connection).origin)
        limiter: RateLimiter = connection.app.state.auth_limiter
        limiter.hit(bucket, client_address(connection))

    return guard
