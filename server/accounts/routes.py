"""/api/v1/account: passkey registration and sign-in, the passkey list,
sign-out and account deletion. See docs/api.md#accounts-passkeys."""

from __future__ import annotations

import json

import sqlite_utils
from litestar import Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from server.accounts import ceremonies, store
from server.accounts.guards import passkey_ceremony, signed_in
from server.accounts.schemas import (
    NAME_MAX,
    AccountOut,
    PasskeyIn,
    PasskeyOut,
    RegisterOptionsIn,
    SignInIn,
)
from server.errors import ApiError
from server.security.sessions import ACCOUNT
from server.settings import Settings
from server.storage import Database, now_iso

NO_STORE = {"Cache-Control": "no-store"}
REGISTER = [passkey_ceremony("register")]
SIGNIN = [passkey_ceremony("signin")]
SIGNED_IN = [signed_in]


def _label(value: str | None, default: str) -> str:
    text = " ".join((value or "").split())
    if len(text) > NAME_MAX:
        raise ApiError(400, "bad_request", f"Names are at most {NAME_MAX} characters.")
    return text or default


def _passkey_out(row: dict) -> PasskeyOut:
    return PasskeyOut(
        id=row["credential_id"],
        name=row["name"],
        created=row["created"],
        last_used=row["last_used"],
        backed_up=bool(row["backed_up"]),
        device_type=row["device_type"],
        transports=json.loads(row["transports"] or "[]"),
    )


def _account_out(db: sqlite_utils.Database, account_id: str, csrf: str, credential_id: str | None) -> AccountOut:
    account = store.get_account(db, account_id)
    if account is None:
        raise ApiError(401, "not_signed_in", "This account no longer exists.")
    return AccountOut(
        id=account["id"],
        display_name=account["display_name"],
        created=account["created"],
        passkeys=[_passkey_out(r) for r in store.list_passkeys(db, account_id)],
        csrf_token=csrf,
        session_passkey=credential_id,
    )


def _signed_in_response(
    db: sqlite_utils.Database, settings: Settings, account_id: str, credential_id: str, status: int
) -> Response:
    session, csrf = ACCOUNT.create(
        db, settings.session_lifetime, account_id=account_id, credential_id=credential_id, created=now_iso()
    )
    body = _account_out(db, account_id, csrf, credential_id)
    return Response(
        body,
        status_code=status,
        headers=NO_STORE,
        cookies=[ACCOUNT.cookie(settings.public_url, session, settings.session_lifetime)],
    )


# -- register a new account ---------------------------------------------------


@post("/api/v1/account/register/options", guards=REGISTER, status_code=200)
async def register_options(
    db: NamedDependency[Database],
    settings: NamedDependency[Settings],
    data: JSONBody[RegisterOptionsIn | None] = None,
) -> Response:
    display_name = _label(data.display_name if data else None, "Satchel wallet")
    user_handle = store.new_user_handle()
    challenge = store.create_challenge(
        db, "register", settings.challenge_lifetime, user_handle=user_handle, display_name=display_name
    )
    options = ceremonies.registration_options(settings, challenge, user_handle, display_name, [])
    return Response(options, headers=NO_STORE)


@post("/api/v1/account/register/verify", guards=REGISTER, status_code=201)
async def register_verify(
    data: JSONBody[PasskeyIn], db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    name = _label(data.name, "Passkey")
    challenge = ceremonies.challenge_of(data.credential, "webauthn.create")
    issued = store.consume_challenge(db, challenge, "register")
    if issued is None:
        raise ceremonies.rejected("This registration has expired or was already used. Start again.")
    passkey = ceremonies.verify_registration(settings, data.credential, challenge)
    passkey["name"] = name
    try:
        account_id = store.create_account(db, issued["user_handle"], issued["display_name"], passkey)
    except store.DuplicatePasskey:
        raise ApiError(409, "passkey_exists", "This passkey is already registered.") from None
    return _signed_in_response(db, settings, account_id, passkey["credential_id"], 201)


# -- sign in ------------------------------------------------------------------


@post("/api/v1/account/signin/options", guards=SIGNIN, status_code=200)
async def signin_options(db: NamedDependency[Database], settings: NamedDependency[Settings]) -> Response:
    challenge = store.create_challenge(db, "signin", settings.challenge_lifetime)
    return Response(ceremonies.authentication_options(settings, challenge), headers=NO_STORE)


@post("/api/v1/account/signin/verify", guards=SIGNIN, status_code=200)
async def signin_verify(
    data: JSONBody[SignInIn], db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    challenge = ceremonies.challenge_of(data.credential, "webauthn.get")
    if store.consume_challenge(db, challenge, "signin") is None:
        raise ApiError(401, "passkey_rejected", "This sign-in has expired or was already used. Try again.")
    credential_id = ceremonies.credential_id_of(data.credential)
    passkey = store.passkey_by_id(db, credential_id)
    if passkey is None:
        raise ApiError(
            401, "unknown_passkey", "This passkey is not registered here (it may have been removed from the account)."
        )
    account = store.get_account(db, passkey["account_id"])
    verified = ceremonies.verify_authentication(settings, data.credential, challenge, passkey, account["user_handle"])
    store.record_use(db, credential_id, verified.new_sign_count, verified.credential_backed_up)
    return _signed_in_response(db, settings, passkey["account_id"], credential_id, 200)


# -- the signed-in account ----------------------------------------------------


@get("/api/v1/account", guards=SIGNED_IN)
async def account(request: Request, db: NamedDependency[Database]) -> Response:
    session = request.state.account_session
    body = _account_out(db, session["account_id"], session["csrf"], session["credential_id"])
    return Response(body, headers=NO_STORE)


@get("/api/v1/account/passkeys", guards=SIGNED_IN)
async def passkeys(request: Request, db: NamedDependency[Database]) -> Response:
    rows = store.list_passkeys(db, request.state.account_session["account_id"])
    return Response([_passkey_out(r) for r in rows], headers=NO_STORE)


@post("/api/v1/account/passkeys/options", guards=SIGNED_IN, status_code=200)
async def add_passkey_options(
    request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    account_id = request.state.account_session["account_id"]
    account = store.get_account(db, account_id)
    existing = [r["credential_id"] for r in store.list_passkeys(db, account_id)]
    challenge = store.create_challenge(db, "add", settings.challenge_lifetime, account_id=account_id)
    options = ceremonies.registration_options(
        settings, challenge, account["user_handle"], account["display_name"], existing
    )
    return Response(options, headers=NO_STORE)


@post("/api/v1/account/passkeys", guards=SIGNED_IN, status_code=201)
async def add_passkey(
    request: Request,
    data: JSONBody[PasskeyIn],
    db: NamedDependency[Database],
    settings: NamedDependency[Settings],
) -> Response:
    account_id = request.state.account_session["account_id"]
    name = _label(data.name, "Passkey")
    challenge = ceremonies.challenge_of(data.credential, "webauthn.create")
    if store.consume_challenge(db, challenge, "add", account_id) is None:
        raise ceremonies.rejected("This request to add a passkey has expired or was already used. Start again.")
    passkey = ceremonies.verify_registration(settings, data.credential, challenge)
    passkey["name"] = name
    try:
        row = store.add_passkey(db, account_id, passkey)
    except store.DuplicatePasskey:
        raise ApiError(409, "passkey_exists", "This passkey is already registered.") from None
    return Response(_passkey_out(row), status_code=201, headers=NO_STORE)


@delete("/api/v1/account/passkeys/{credential_id:str}", guards=SIGNED_IN, status_code=204)
async def remove_passkey(
    credential_id: FromPath[str], request: Request, db: NamedDependency[Database]
) -> None:
    try:
        store.remove_passkey(db, request.state.account_session["account_id"], credential_id)
    except store.UnknownPasskey:
        raise ApiError(404, "not_found", "This account has no such passkey.") from None
    except store.LastPasskey:
        raise ApiError(
            409, "last_passkey", "This is the account's only passkey. Add another one before removing it."
        ) from None


@post("/api/v1/account/signout", guards=SIGNED_IN, status_code=204)
async def signout(request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]) -> Response[None]:
    ACCOUNT.end(db, request.state.account_session["session_hash"])
    return Response(None, status_code=204, cookies=[ACCOUNT.cleared_cookie(settings.public_url)])


@delete("/api/v1/account", guards=SIGNED_IN, status_code=204)
async def delete_account(
    request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response[None]:
    store.delete_account(db, request.state.account_session["account_id"])
    return Response(None, status_code=204, cookies=[ACCOUNT.cleared_cookie(settings.public_url)])


ROUTES = [
    register_options,
    register_verify,
    signin_options,
    signin_verify,
    account,
    passkeys,
    add_passkey_options,
    add_passkey,
    remove_passkey,
    signout,
    delete_account,
]
