"""Server-side sessions, one path for every feature that signs someone in: the
learner accounts (passkeys) and the issuer console (one-time admin token).

A session id (256 bits) goes only into an HttpOnly, SameSite=Strict cookie; the
database keeps its SHA-256 hash, the session's CSRF token and its expiry, in
the feature's own table (extra columns say whose session it is). Expired rows
are deleted whenever a session is made.

Cookies: with an https public URL the cookie is Secure (and, at Path=/, named
with the ``__Host-`` prefix). Browsers refuse ``Secure`` and ``__Host-``
cookies on plain http, so a server reached at ``http://localhost``
(development and tests) uses the plain name without Secure; it is still
HttpOnly and SameSite=Strict.

CSRF defences that go with a session are in ``server/security/csrf.py``: the
JSON API's ``X-CSRF-Token`` header, and server-rendered forms' ``csrf`` field.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlite_utils
from litestar.datastructures import Cookie

from server.security.tokens import hash_secret, new_secret


@dataclass(frozen=True)
class SessionKind:
    table: str  # columns session_hash (pk), csrf, expires, and the feature's own
    plain_name: str
    secure_name: str
    path: str = "/"

    def cookie_name(self, public_url: str) -> str:
        return self.secure_name if public_url.startswith("https://") else self.plain_name

    def cookie(self, public_url: str, value: str, max_age: int) -> Cookie:
        return Cookie(
            key=self.cookie_name(public_url),
            value=value,
            path=self.path,
            httponly=True,
            samesite="strict",
            secure=public_url.startswith("https://"),
            max_age=max_age,
        )

    def cleared_cookie(self, public_url: str) -> Cookie:
        return self.cookie(public_url, "", 0)

    def create(self, db: sqlite_utils.Database, lifetime: int, **columns: object) -> tuple[str, str]:
        """A new session: returns (session id for the cookie, CSRF token). Call it
        inside the caller's transaction when the sign-in spends something else."""
        session, csrf = new_secret(32), new_secret(32)
        now = time.time()
        with db.atomic():
            db.execute(f"delete from {self.table} where expires < ?", [now])
            db[self.table].insert({"session_hash": hash_secret(session), "csrf": csrf, "expires": now + lifetime, **columns})
        return session, csrf

    def find(self, db: sqlite_utils.Database, session: str | None) -> dict | None:
        """The unexpired session row for a cookie value, else None."""
        if not session or not isinstance(session, str):
            return None
        rows = list(db[self.table].rows_where("session_hash = ?", [hash_secret(session)]))
        if not rows or rows[0]["expires"] < time.time():
            return None
        return rows[0]

    def end(self, db: sqlite_utils.Database, session_hash: str) -> None:
        with db.atomic():
            db.execute(f"delete from {self.table} where session_hash = ?", [session_hash])


# A learner's account session (server/accounts): the whole site, for settings.session_lifetime.
ACCOUNT = SessionKind(table="account_sessions", plain_name="satchel_session", secure_name="__Host-satchel_session")
# The issuer console's session (server/issuer/console): /console only, for 12 hours.
CONSOLE = SessionKind(table="admin_sessions", plain_name="satchel_admin", secure_name="satchel_admin", path="/console")
CONSOLE_LIFETIME = 12 * 3600
