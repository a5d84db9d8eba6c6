"""The console's session is the app's one session path (server/security/sessions.py):
what the cookie and the database hold, expiry, sign-out, and that a console
session is not an account session (or the other way round)."""

from __future__ import annotations

import hashlib

from server.issuer.console.admin import issue_admin_token
from server.security.sessions import ACCOUNT, CONSOLE
from tests.database_text import database_text

from .wallet import csrf_in_page


def sign_in(client, db) -> tuple[str, str]:
    r = client.post("/console/login", data={"token": issue_admin_token(db)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console"
    return r.headers["set-cookie"], r.cookies["satchel_admin"]


def test_console_session_cookie_and_row(client, db):
    header, session = sign_in(client, db)
    # step 1: the cookie is HttpOnly, SameSite=Strict and only for /console
    attrs = {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")}
    assert "httponly" in attrs and attrs["samesite"].lower() == "samesite=strict" and attrs["path"] == "Path=/console"
    # step 2: the database holds only the session id's hash, with the form token the pages carry
    (row,) = list(db["admin_sessions"].rows)
    assert row["session_hash"] == hashlib.sha256(session.encode()).hexdigest()
    assert session not in database_text(db)
    assert csrf_in_page(client.get("/console").text) == row["csrf"]
    # step 3: a form without the token changes nothing
    assert client.post("/console/logout", data={}).status_code == 403
    assert db["admin_sessions"].count == 1
    # step 4: sign-out ends the session and clears the cookie
    r = client.post("/console/logout", data={"csrf": row["csrf"]}, follow_redirects=False)
    cleared = r.headers["set-cookie"].lower()
    assert r.status_code == 303 and cleared.startswith("satchel_admin=") and "max-age=0" in cleared
    assert db["admin_sessions"].count == 0
    client.cookies.set("satchel_admin", session)
    assert client.get("/console", follow_redirects=False).headers["location"] == "/console/login"


def test_an_expired_console_session_signs_in_again(client, db):
    sign_in(client, db)
    db.execute("update admin_sessions set expires = 1")
    r = client.get("/console", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/login"
    # the next sign-in deletes the expired row
    sign_in(client, db)
    assert db["admin_sessions"].count == 1


def test_a_console_session_is_not_an_account_session(client, db):
    _header, session = sign_in(client, db)
    client.cookies.clear()
    client.cookies.set(ACCOUNT.cookie_name("http://x"), session)
    r = client.get("/api/v1/account")
    assert r.status_code == 401 and r.json()["error"] == "not_signed_in"
    assert ACCOUNT.find(db, session) is None and CONSOLE.find(db, session) is not None


def test_on_https_both_cookies_are_secure():
    for kind in (ACCOUNT, CONSOLE):
        cookie = kind.cookie("https://issuer.example", "v", 60)
        assert cookie.secure and cookie.httponly and cookie.samesite == "strict"
        assert not kind.cookie("http://localhost:8000", "v", 60).secure
    assert ACCOUNT.cookie_name("https://issuer.example") == "__Host-satchel_session"
    assert ACCOUNT.cookie("https://issuer.example", "v", 60).path == "/"
