"""Admin login for the issuer console: a one-time token (printed at first start,
stored hashed) is exchanged for a console session (server/security/sessions.py,
cookie on /console); every console form carries the session's CSRF token
(server/security/csrf.py)."""

from __future__ import annotations

import secrets

import sqlite_utils
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from server.errors import SignInRequired
from server.issuer import store
from server.security.sessions import CONSOLE, CONSOLE_LIFETIME
from server.security.tokens import hash_secret
from server.storage import now_iso


class AdminLoginRequired(SignInRequired):
    """Raised by the console guard: the browser goes to the login page."""

    def __init__(self, message: str):
        super().__init__(message, "/console/login")


def issue_admin_token(db: sqlite_utils.Database) -> str:
    """A new one-time admin token; any unused older token stops working."""
    token = secrets.token_urlsafe(24)
    store.replace_admin_token(db, hash_secret(token), now_iso())
    return token


def first_start_token(db: sqlite_utils.Database) -> str | None:
    """On the very first start (no token ever issued) a token to print; else None."""
    if store.admin_tokens_ever(db):
        return None
    return issue_admin_token(db)


def login(db: sqlite_utils.Database, token: str) -> tuple[str, str] | None:
    """Spend the one-time token; returns (session id, csrf token) or None."""
    if not token:
        return None
    with db.atomic():
        if not store.spend_admin_token(db, hash_secret(token)):
            return None
        return CONSOLE.create(db, CONSOLE_LIFETIME)


def admin_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    settings = connection.app.state.settings
    session = CONSOLE.find(connection.app.state.db, connection.cookies.get(CONSOLE.cookie_name(settings.public_url)))
    if session is None:
        raise AdminLoginRequired("Sign in to the issuer console.")
    connection.state.admin_session = session
