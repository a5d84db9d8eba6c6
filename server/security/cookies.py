"""The learner's session cookie.

``__Host-satchel_session`` (Secure, Path=/, no Domain) when the public URL is
https. Browsers refuse ``__Host-`` and ``Secure`` cookies on plain http, so a
server reached at ``http://localhost`` (development and tests) uses the name
``satchel_session`` without Secure; it is still HttpOnly and SameSite=Strict.
"""

from __future__ import annotations

from litestar.datastructures import Cookie

SECURE_NAME = "__Host-satchel_session"
PLAIN_NAME = "satchel_session"


def session_cookie_name(public_url: str) -> str:
    return SECURE_NAME if public_url.startswith("https://") else PLAIN_NAME


def session_cookie(public_url: str, value: str, max_age: int) -> Cookie:
    return Cookie(
        key=session_cookie_name(public_url),
        value=value,
        path="/",
        httponly=True,
        samesite="strict",
        secure=public_url.startswith("https://"),
        max_age=max_age,
    )


def cleared_session_cookie(public_url: str) -> Cookie:
    return session_cookie(public_url, "", 0)
