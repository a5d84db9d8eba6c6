"""The OID4VCI endpoints: credential issuer and authorisation server metadata,
offers by reference, the token, nonce and credential endpoints, and CORS for
browser wallets on other origins (service in ``service.py``)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import MutableScopeHeaders
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.types import Message, Scope

from server.errors import OAuthError
from server.issuer.oid4vci.service import (
    authorization_server_metadata,
    exchange_code,
    issue_credential,
    issuer_metadata,
    new_nonce,
    offer_by_reference,
)
from server.security.ratelimit import RateLimiter, client_address
from server.settings import Settings
from server.storage import Database
from wallet_core import jsonsafe

NO_STORE = {"Cache-Control": "no-store"}
# Browser wallets on other origins call these (no cookies involved, so any origin).
CORS_PATHS = (
    "/.well-known/openid-credential-issuer",
    "/.well-known/oauth-authorization-server",
    "/oid4vci/",
)
CORS_HEADERS = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "Authorization, Content-Type, DPoP",
    "access-control-expose-headers": "WWW-Authenticate, Retry-After",
    "access-control-max-age": "600",
}


def is_cors_path(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in CORS_PATHS)


async def add_cors_headers(message: Message, scope: Scope) -> None:
    """``before_send`` hook: CORS on the OID4VCI metadata and endpoints, errors and
    preflights (Litestar answers OPTIONS itself) included."""
    if message["type"] != "http.response.start" or not is_cors_path(scope.get("path", "")):
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in CORS_HEADERS.items():
        headers[name] = value


@get("/.well-known/openid-credential-issuer", include_in_schema=False)
async def credential_issuer_metadata(settings: NamedDependency[Settings]) -> dict:
    return issuer_metadata(settings.public_url, settings.issuer_names)


@get("/.well-known/oauth-authorization-server", include_in_schema=False)
async def oauth_metadata(settings: NamedDependency[Settings]) -> dict:
    return authorization_server_metadata(settings.public_url)


@post("/oid4vci/token", include_in_schema=False, status_code=200)
async def token(request: Request, db: NamedDependency[Database]) -> Response:
    limiter: RateLimiter = request.app.state.token_limiter
    wait = limiter.wait("oid4vci_token", client_address(request))
    if wait:
        raise OAuthError(
            "rate_limited",
            f"too many token requests from your address; wait {wait} seconds and try again",
            429,
            headers={"Retry-After": str(wait)},
        )
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        raise OAuthError("invalid_request", "the token request must be application/x-www-form-urlencoded")
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    body = await sync_to_thread(exchange_code, db, fields)
    return Response(body, headers=NO_STORE)


@get("/oid4vci/offers/{ref:str}", include_in_schema=False)
async def offer_document(
    ref: FromPath[str], db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    """An offer by reference (``credential_offer_uri``), while its code is unused."""
    offer = await sync_to_thread(offer_by_reference, db, settings.public_url, ref)
    if offer is None:
        raise NotFoundException("No such credential offer, or it has been used or has expired.")
    return Response(offer, headers=NO_STORE)


@post("/oid4vci/nonce", include_in_schema=False, status_code=200)
async def nonce(db: NamedDependency[Database]) -> Response:
    return Response({"c_nonce": await sync_to_thread(new_nonce, db)}, headers=NO_STORE)


@post("/oid4vci/credential", include_in_schema=False, status_code=200)
async def credential(
    request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    try:
        body = jsonsafe.loads(await request.body())
    except ValueError:
        raise OAuthError("invalid_credential_request", "the credential request is not JSON") from None
    if not isinstance(body, dict):
        raise OAuthError("invalid_credential_request", "the credential request is not a JSON object")
    result = await sync_to_thread(
        issue_credential, db, settings.public_url, request.headers.get("authorization"), body
    )
    return Response(result, headers=NO_STORE)


ROUTES = [
    credential_issuer_metadata,
    oauth_metadata,
    token,
    nonce,
    credential,
    offer_document,
]
