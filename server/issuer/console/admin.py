"""Admin login for the issuer console: a one-time token (printed at first start,
stored hashed) is exchanged for a session cookie (HttpOnly, SameSite=Strict);
every console form carries the session's CSRF token."""

from __future__ import annotations

import secrets
import time

import sqlite_utils
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from server.errors import SignInRequired
from server.security.tokens import hash_secret, same_secret
from server.storage import now_iso

COOKIE = "satchel_admin"
SESSION_LIFETIME = 12 * 3600


class AdminLoginRequired(SignInRequired):
    """Raised by the console guard: the browser goes to the login page."""

    def __init__(self, message: str):
        super().__init__(message, "/console/login")


def issue_admin_token(db: sqlite_utils.Database) -> str:
    """A new one-time admin token; any unused older token stops working."""
    token = secrets.token_urlsafe(24)
    with db.atomic():
        db.execute("update admin_tokens set used = 1 where used = 0")
        db["admin_tokens"].insert({"token_hash": hash_secret(token), "created": now_iso(), "used": 0})
    return token


def first_start_token(db: sqlite_utils.Database) -> str | None:
    """On the very first start (no token ever issued) a token to print; else None."""
    if db["admin_tokens"].count:
        return None
    return issue_admin_token(db)


def login(db: sqlite_utils.Database, token: str) -> tuple[str, str] | None:
    """Spend the one-time token; returns (session id, csrf token) or None."""
    if not token:
        return None
    with db.atomic():
        cur = db.execute("update admin_tokens set used = 1 where token_hash = ? and used = 0", [hash_secret(token)])
        if cur.rowcount != 1:
            return None
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        db.execute("delete from admin_sessions where expires < ?", [time.time()])
        db["admin_sessions"].insert(
            {"session_hash": hash_secret(session), "csrf": csrf, "expires": time.time() + SESSION_LIFETIME}
        )
    return session, csrf


def logout(db: sqlite_utils.Database, session: str | None) -> None:
    if session:
        with db.atomic():
            db.execute("delete from admin_sessions where session_hash = ?", [hash_secret(session)])


def session_row(db: sqlite_utils.Database, session: str | None) -> dict | None:
    if not session:
        return None
    rows = list(db["admin_sessions"].rows_where("session_hash = ?", [hash_secret(session)]))
    if not rows or rows[0]["expires"] < time.time():
        return None
    return rows[0]


def check_csrf(session: dict, submitted: object) -> None:
    if not same_secret(submitted, session["csrf"]):
        raise PermissionDeniedException("The form is out of date or was not sent by this console. Reload and try again.")


def admin_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    db = connection.app.state.db
    session = session_row(db, connection.cookies.get(COOKIE))
    if session is None:
        raise AdminLoginRequired("Sign in to the issuer console.")
    connection.state.admin_session = session
