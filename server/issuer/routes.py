"""Public issuer endpoints: DID document, status lists, published achievements
and pathways, and the OID4VCI metadata, token, nonce and credential endpoints."""

from __future__ import annotations

import sqlite_utils
from litestar import Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import MutableScopeHeaders
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.types import Message, Scope

from server.errors import OAuthError
from server.issuer.catalog import (
    UnknownAchievement,
    achievement_row,
    latest_achievements,
    list_pathways,
    public_achievement,
)
from server.issuer.documents import own_bytes, own_document
from server.issuer.oid4vci import (
    authorization_server_metadata,
    exchange_code,
    issue_credential,
    issuer_metadata,
    new_nonce,
    offer_by_reference,
)
from server.issuer.status import LISTS, TOKEN_LISTS
from server.security.ratelimit import RateLimiter
from server.settings import Settings
from wallet_core import jsonsafe
from wallet_core.status.token_status_list import MEDIA_TYPE as STATUS_TOKEN_MEDIA_TYPE

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


@get("/.well-known/did.json", include_in_schema=False)
async def did_json(db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]) -> Response:
    doc = own_document(db, settings.public_url, "/.well-known/did.json")
    return Response(doc, media_type="application/did+json", headers={"Cache-Control": "public, max-age=300"})


@get("/issuer/status/{list_id:int}", include_in_schema=False)
async def status_list(
    list_id: FromPath[int], db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
) -> Response:
    if list_id not in LISTS:
        raise NotFoundException("No such status list.")
    doc = await sync_to_thread(own_document, db, settings.public_url, f"/issuer/status/{list_id}")
    return Response(
        doc,
        media_type="application/vc+ld+json",
        headers={"Cache-Control": f"public, max-age={settings.status_list_max_age}"},
    )


@get("/issuer/status-token/{list_id:int}", include_in_schema=False)
async def status_list_token(
    list_id: FromPath[int], db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
) -> Response:
    """The IETF Token Status List of the awards' SD-JWT VCs (a signed JWT)."""
    if list_id not in TOKEN_LISTS:
        raise NotFoundException("No such status list token.")
    body = await sync_to_thread(
        own_bytes, db, settings.public_url, f"/issuer/status-token/{list_id}", settings.status_list_max_age
    )
    return Response(
        body,
        media_type=STATUS_TOKEN_MEDIA_TYPE,
        headers={"Cache-Control": f"public, max-age={settings.status_list_max_age}"},
    )


@get("/issuer/achievements/{slug:str}/{version:str}", include_in_schema=False)
async def achievement_document(
    slug: FromPath[str], version: FromPath[str], db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
) -> dict:
    if not version.startswith("v") or not version[1:].isdigit():
        raise NotFoundException("No such achievement version.")
    try:
        row = achievement_row(db, slug, int(version[1:]))
    except UnknownAchievement:
        raise NotFoundException("No such achievement version.") from None
    return public_achievement(row, settings.public_url)


@get("/api/v1/issuer/achievements")
async def issuer_achievements(db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]) -> list[dict]:
    return [public_achievement(row, settings.public_url) for row in latest_achievements(db)]


@get("/api/v1/issuer/pathways")
async def issuer_pathways(db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]) -> list[dict]:
    return list_pathways(db, settings.public_url)


@get("/.well-known/openid-credential-issuer", include_in_schema=False)
async def credential_issuer_metadata(settings: NamedDependency[Settings]) -> dict:
    return issuer_metadata(settings.public_url, settings.issuer_names)


@get("/.well-known/oauth-authorization-server", include_in_schema=False)
async def oauth_metadata(settings: NamedDependency[Settings]) -> dict:
    return authorization_server_metadata(settings.public_url)


@post("/oid4vci/token", include_in_schema=False, status_code=200)
async def token(request: Request, db: NamedDependency[sqlite_utils.Database]) -> Response:
    limiter: RateLimiter = request.app.state.token_limiter
    wait = limiter.wait("oid4vci_token", request.client.host if request.client else "unknown")
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
    ref: FromPath[str], db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
) -> Response:
    """An offer by reference (``credential_offer_uri``), while its code is unused."""
    offer = await sync_to_thread(offer_by_reference, db, settings.public_url, ref)
    if offer is None:
        raise NotFoundException("No such credential offer, or it has been used or has expired.")
    return Response(offer, headers=NO_STORE)


@post("/oid4vci/nonce", include_in_schema=False, status_code=200)
async def nonce(db: NamedDependency[sqlite_utils.Database]) -> Response:
    return Response({"c_nonce": await sync_to_thread(new_nonce, db)}, headers=NO_STORE)


@post("/oid4vci/credential", include_in_schema=False, status_code=200)
async def credential(
    request: Request, db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
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
    did_json,
    status_list,
    status_list_token,
    achievement_document,
    issuer_achievements,
    issuer_pathways,
    credential_issuer_metadata,
    oauth_metadata,
    token,
    nonce,
    credential,
    offer_document,
]
