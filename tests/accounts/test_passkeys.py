"""Passkey accounts through the real API with real signatures (software
authenticator): registration, discoverable sign-in, a second passkey,
removal, sign-out, and every check that must refuse a bad response."""

from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.security.tokens import b64url, b64url_decode
from server.settings import Settings
from tests.accounts.authenticator import SoftAuthenticator
from tests.accounts.conftest import PUBLIC_URL, Device


def passkey_count(client) -> int:
    db = client.app.state.db
    return db["passkeys"].count


def test_register_options_require_discoverable_credential_and_user_verification(device):
    options = device.request("POST", "/api/v1/account/register/options").json()
    assert options["rp"] == {"id": "wallet.example", "name": "Satchel"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["attestation"] == "none"
    assert options["user"]["name"] == "Satchel wallet"
    assert len(options["challenge"]) >= 43  # 32 random bytes
    assert {p["alg"] for p in options["pubKeyCredParams"]} == {-8, -7, -257}


def test_register_creates_account_and_a_secure_httponly_strict_session(device):
    response = device.register()
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["display_name"] == "Amina's wallet"
    assert [p["name"] for p in body["passkeys"]] == ["Phone"]
    assert body["session_passkey"] == body["passkeys"][0]["id"]
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-satchel_session=")
    for attribute in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
        assert attribute.lower() in cookie.lower()
    assert "domain" not in cookie.lower()
    me = device.request("GET", "/api/v1/account")
    assert me.status_code == 200 and me.json()["id"] == body["id"]


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_discoverable_sign_in_with_no_user_name(client, alg):
    device = Device(client, PUBLIC_URL, SoftAuthenticator(PUBLIC_URL, "wallet.example", alg=alg))
    account_id = device.register().json()["id"]
    other = Device(client, PUBLIC_URL, device.authenticator)  # a fresh browser with the same authenticator
    options = other.signin_options()
    assert options["allowCredentials"] == [] and options["userVerification"] == "required"
    response = other.signin_with(other.authenticator.get(options))
    assert response.status_code == 200, response.text
    assert response.json()["id"] == account_id
    assert other.session != device.session and other.csrf != device.csrf


def test_registration_from_another_origin_is_rejected(device):
    response = device.register(origin="https://evil.example")
    assert response.status_code == 400
    assert response.json()["error"] == "passkey_rejected"
    assert "origin" in response.json()["message"]
    assert passkey_count(device.client) == 0


def test_registration_for_another_rp_id_is_rejected(device):
    response = device.register(rp_id="evil.example")
    assert response.status_code == 400 and "RP ID" in response.json()["message"]
    assert passkey_count(device.client) == 0


def test_registration_without_user_verification_is_rejected(device):
    response = device.register(uv=False)
    assert response.status_code == 400 and "verif" in response.json()["message"].lower()
    assert passkey_count(device.client) == 0


def test_non_discoverable_credential_is_refused(device):
    response = device.register(rk=False)
    assert response.status_code == 400 and "discoverable" in response.json()["message"]


def test_sign_in_checks_origin_rp_id_and_user_verification(signed_in):
    for kwargs, words in (
        ({"origin": "https://evil.example"}, "origin"),
        ({"rp_id": "evil.example"}, "RP ID"),
        ({"uv": False}, "verif"),
    ):
        response = signed_in.signin(**kwargs)
        assert response.status_code == 401, kwargs
        assert response.json()["error"] == "passkey_rejected"
        assert words.lower() in response.json()["message"].lower(), response.json()


def test_replayed_sign_in_response_is_rejected(signed_in, client):
    credential = signed_in.authenticator.get(signed_in.signin_options())
    first = signed_in.signin_with(credential)
    assert first.status_code == 200
    replay = signed_in.signin_with(credential)
    assert replay.status_code == 401
    assert "already used" in replay.json()["message"]


def test_replayed_registration_response_is_rejected(device):
    options = device.request("POST", "/api/v1/account/register/options").json()
    credential = device.authenticator.create(options)
    assert device.request("POST", "/api/v1/account/register/verify", json={"credential": credential}).status_code == 201
    again = device.request("POST", "/api/v1/account/register/verify", json={"credential": credential})
    assert again.status_code == 400 and "already used" in again.json()["message"]
    assert passkey_count(device.client) == 1


def test_expired_challenge_is_rejected(tmp_path):
    settings = Settings(data_dir=tmp_path / "d", demo=False, offline=True, public_url=PUBLIC_URL, challenge_lifetime=1)
    with TestClient(app=create_app(settings), base_url=PUBLIC_URL) as client:
        device = Device(client, PUBLIC_URL, SoftAuthenticator(PUBLIC_URL, "wallet.example"))
        options = device.request("POST", "/api/v1/account/register/options").json()
        time.sleep(1.2)
        credential = device.authenticator.create(options)
        response = device.request("POST", "/api/v1/account/register/verify", json={"credential": credential})
        assert response.status_code == 400 and "expired" in response.json()["message"]


def test_signature_counter_must_increase(signed_in):
    assert signed_in.signin().status_code == 200  # counter 1
    assert signed_in.signin().status_code == 200  # counter 2
    response = signed_in.signin(counter=2)  # a cloned authenticator would repeat a count
    assert response.status_code == 401 and "sign count" in response.json()["message"]


def test_synced_passkeys_with_a_zero_counter_keep_working(client):
    device = Device(client, PUBLIC_URL, SoftAuthenticator(PUBLIC_URL, "wallet.example", counting=False))
    device.register()
    assert device.signin().status_code == 200
    assert device.signin().status_code == 200


def test_forged_signature_is_rejected(signed_in, client):
    credential = signed_in.authenticator.get(signed_in.signin_options())
    signature = bytearray(b64url_decode(credential["response"]["signature"]))
    signature[-3] ^= 0x01
    credential["response"]["signature"] = b64url(bytes(signature))
    response = signed_in.signin_with(credential)
    assert response.status_code == 401 and "signature" in response.json()["message"]
    assert client.app.state.db["account_sessions"].count == 1  # only the one from registering


def test_user_handle_of_another_account_is_rejected(signed_in):
    response = signed_in.signin(user_handle=b"\x01" * 32)
    assert response.status_code == 401 and "user handle" in response.json()["message"]


def test_unknown_passkey_cannot_sign_in(device, signed_in):
    stranger = SoftAuthenticator(PUBLIC_URL, "wallet.example")
    other = Device(device.client, PUBLIC_URL, stranger)
    options = other.request("POST", "/api/v1/account/register/options").json()
    stranger.create(options)  # made, but never sent to the server
    response = other.signin()
    assert response.status_code == 401 and response.json()["error"] == "unknown_passkey"


def test_malformed_responses_are_400_and_change_nothing(device):
    for body in ({"credential": {}}, {"credential": {"response": {"clientDataJSON": "!!"}}}, {"nope": 1}):
        response = device.request("POST", "/api/v1/account/register/verify", json=body)
        assert response.status_code == 400, body
    assert passkey_count(device.client) == 0


def test_second_passkey_can_sign_in_and_either_can_be_removed_but_not_the_last(signed_in, client):
    laptop = SoftAuthenticator(PUBLIC_URL, "wallet.example", alg="EdDSA")
    options = signed_in.request("POST", "/api/v1/account/passkeys/options")
    assert options.status_code == 200
    body = options.json()
    first_id = signed_in.account["passkeys"][0]["id"]
    assert [c["id"] for c in body["excludeCredentials"]] == [first_id]
    phone = next(iter(signed_in.authenticator.credentials.values()))
    assert b64url_decode(body["user"]["id"]) == phone.user_handle  # the same account on the new passkey
    added = signed_in.request(
        "POST", "/api/v1/account/passkeys", json={"credential": laptop.create(body), "name": "Laptop"}
    )
    assert added.status_code == 201, added.text
    second_id = added.json()["id"]

    on_laptop = Device(client, PUBLIC_URL, laptop)
    assert on_laptop.signin().status_code == 200
    assert on_laptop.account["id"] == signed_in.account["id"]
    listed = on_laptop.request("GET", "/api/v1/account/passkeys").json()
    assert [p["name"] for p in listed] == ["Phone", "Laptop"]

    # The laptop removes the phone's passkey: the phone's session ends with it.
    assert on_laptop.request("DELETE", f"/api/v1/account/passkeys/{first_id}").status_code == 204
    assert signed_in.request("GET", "/api/v1/account").status_code == 401
    assert signed_in.signin().json()["error"] == "unknown_passkey"
    last = on_laptop.request("DELETE", f"/api/v1/account/passkeys/{second_id}")
    assert last.status_code == 409 and last.json()["error"] == "last_passkey"
    assert on_laptop.request("GET", "/api/v1/account").json()["passkeys"][0]["id"] == second_id


def test_add_passkey_challenge_belongs_to_the_account_that_asked(signed_in, client):
    other = Device(client, PUBLIC_URL, SoftAuthenticator(PUBLIC_URL, "wallet.example"))
    other.register()
    options = signed_in.request("POST", "/api/v1/account/passkeys/options").json()
    credential = other.authenticator.create(options)
    response = other.request("POST", "/api/v1/account/passkeys", json={"credential": credential})
    assert response.status_code == 400 and "expired or was already used" in response.json()["message"]


def test_sign_out_ends_the_session(signed_in):
    assert signed_in.request("POST", "/api/v1/account/signout").status_code == 204
    response = signed_in.request("GET", "/api/v1/account")
    assert response.status_code == 401 and response.json()["error"] == "not_signed_in"


def test_state_changing_calls_need_the_csrf_token_and_write_nothing_without_it(signed_in, client):
    signed_in.request("POST", "/api/v1/account/passkeys/options")
    passkey_id = signed_in.account["passkeys"][0]["id"]
    calls = [
        ("POST", "/api/v1/account/signout", {}),
        ("DELETE", f"/api/v1/account/passkeys/{passkey_id}", {}),
        ("DELETE", "/api/v1/account", {}),
        ("PUT", "/api/v1/backup", {"json": {"ciphertext": "AAAA", "keys": {}}, "headers": {"If-Match": "0"}}),
        ("POST", "/api/v1/sync", {"json": {"items": [{"id": "a", "base_version": 0, "ciphertext": "AAAA"}]}}),
    ]
    for method, path, kwargs in calls:
        for bad in ({"csrf": False}, {"headers": {**kwargs.get("headers", {}), "X-CSRF-Token": "wrong"}}):
            args = {**kwargs, **bad}
            response = signed_in.request(method, path, **args)
            assert response.status_code == 403, (method, path, response.text)
            assert response.json()["error"] == "csrf"
    db = client.app.state.db
    assert db["accounts"].count == 1 and db["passkeys"].count == 1
    assert db["backups"].count == 0 and db["sync_items"].count == 0
    assert signed_in.request("GET", "/api/v1/account").status_code == 200


def test_requests_from_another_origin_are_refused(signed_in):
    response = signed_in.request("POST", "/api/v1/account/signout", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and response.json()["error"] == "cross_origin"
    response = signed_in.request("POST", "/api/v1/account/signin/options", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_register_and_sign_in_are_rate_limited(tmp_path):
    settings = Settings(data_dir=tmp_path / "d", demo=False, offline=True, public_url=PUBLIC_URL, auth_rate_limit=5)
    with TestClient(app=create_app(settings), base_url=PUBLIC_URL) as client:
        device = Device(client, PUBLIC_URL, SoftAuthenticator(PUBLIC_URL, "wallet.example"))
        codes = [device.request("POST", "/api/v1/account/signin/options").status_code for _ in range(7)]
        assert codes == [200] * 5 + [429] * 2
        limited = device.request("POST", "/api/v1/account/signin/verify", json={"credential": {}})
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert limited.json()["error"] == "rate_limited"
        # registration has its own budget, also limited
        codes = [device.request("POST", "/api/v1/account/register/options").status_code for _ in range(6)]
        assert codes[-1] == 429
        assert client.app.state.db["webauthn_challenges"].count <= 10


def test_delete_account_removes_everything(signed_in, client):
    signed_in.request("PUT", "/api/v1/backup", json={"ciphertext": "AAAA", "keys": {}}, headers={"If-Match": "0"})
    signed_in.request("POST", "/api/v1/sync", json={"items": [{"id": "x", "base_version": 0, "ciphertext": "AAAA"}]})
    assert signed_in.request("DELETE", "/api/v1/account").status_code == 204
    db = client.app.state.db
    for table in ("accounts", "passkeys", "account_sessions", "backups", "sync_items"):
        assert db[table].count == 0, table
    assert signed_in.signin().json()["error"] == "unknown_passkey"


def test_not_signed_in_is_401(device):
    for method, path in (("GET", "/api/v1/account"), ("GET", "/api/v1/backup"), ("GET", "/api/v1/sync")):
        response = device.request(method, path)
        assert response.status_code == 401 and response.json()["error"] == "not_signed_in"


def test_a_response_carrying_the_prf_output_is_refused(device, client):
    options = device.request("POST", "/api/v1/account/register/options").json()
    credential = device.authenticator.create(options)
    credential["clientExtensionResults"]["prf"] = {"enabled": True, "results": {"first": "c2VjcmV0LWtleQ"}}
    response = device.request("POST", "/api/v1/account/register/verify", json={"credential": credential})
    assert response.status_code == 400 and response.json()["error"] == "prf_output_sent"
    assert passkey_count(client) == 0
    options = device.request("POST", "/api/v1/account/register/options").json()
    ok = device.authenticator.create(options)
    ok["clientExtensionResults"]["prf"] = {"enabled": True}
    assert device.request("POST", "/api/v1/account/register/verify", json={"credential": ok}).status_code == 201
    signin = device.authenticator.get(device.signin_options())
    signin["clientExtensionResults"] = {"prf": {"results": {"first": "c2VjcmV0LWtleQ"}}}
    refused = device.signin_with(signin)
    assert refused.status_code == 400 and refused.json()["error"] == "prf_output_sent"
