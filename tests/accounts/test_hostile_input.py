"""Issue 10 part 3, signed in: a non-ASCII CSRF token is a 403 (it was a 500:
``compare_digest`` refuses non-ASCII text), and hostile JSON bodies are 400s on
the routes that need a session."""

from __future__ import annotations

import pytest

DEEP = b"[" * 100_000 + b"]" * 100_000
NOT_UTF8 = b'{"items": ["\xff"]}'


ITEM = {"id": "a", "base_version": 0, "ciphertext": "AAAA"}


@pytest.mark.parametrize("token", ["\u00e9", "caf\u00e9-token", "\u4f60\u597d"])
def test_non_ascii_csrf_token_is_refused_with_403(signed_in, token):
    r = signed_in.request(
        "POST", "/api/v1/sync", json={"items": [ITEM]}, headers={"X-CSRF-Token": token.encode("utf-8")}
    )
    assert r.status_code == 403 and r.json()["error"] == "csrf"
    assert signed_in.request("GET", "/api/v1/sync").json()["items"] == []


def test_the_right_csrf_token_still_works(signed_in):
    assert signed_in.request("POST", "/api/v1/sync", json={"items": [ITEM]}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/v1/sync"), ("PUT", "/api/v1/backup"), ("POST", "/api/v1/account/passkeys")],
)
@pytest.mark.parametrize("body", [DEEP, NOT_UTF8], ids=["deep", "not-utf8"])
def test_hostile_json_body_is_400_on_signed_in_routes(signed_in, method, path, body):
    headers = {"Content-Type": "application/json", "If-Match": "0"}
    r = signed_in.request(method, path, content=body, headers=headers)
    assert r.status_code == 400, (path, r.status_code, r.text[:300])


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_nul_character_postgresql_cannot_store_is_a_400_that_changes_nothing(client, database):
    from tests.accounts.conftest import PUBLIC_URL

    before = client.app.state.db["webauthn_challenges"].count
    r = client.post(
        "/api/v1/account/register/options", json={"display_name": "Amina\u0000"}, headers={"Origin": PUBLIC_URL}
    )
    assert r.status_code == 400 and "NUL" in r.json()["message"], r.text
    assert client.app.state.db["webauthn_challenges"].count == before
    r = client.post("/api/v1/account/register/options", json={"display_name": "Amina"}, headers={"Origin": PUBLIC_URL})
    assert r.status_code == 200  # the connection is still good
