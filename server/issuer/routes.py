"""Public issuer endpoints: DID document, status lists, published achievements
and pathways (the OID4VCI endpoints are in ``server/issuer/oid4vci/routes.py``)."""

from __future__ import annotations

from litestar import Response, get
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from server.issuer.catalog import (
    UnknownAchievement,
    achievement_row,
    latest_achievements,
    list_pathways,
    public_achievement,
)
from server.issuer.documents import own_bytes, own_document
from server.issuer.status import LISTS, TOKEN_LISTS
from server.settings import Settings
from server.storage import Database
from wallet_core.status.token_status_list import MEDIA_TYPE as STATUS_TOKEN_MEDIA_TYPE


@get("/.well-known/did.json", include_in_schema=False)
async def did_json(db: NamedDependency[Database], settings: NamedDependency[Settings]) -> Response:
    doc = own_document(db, settings.public_url, "/.well-known/did.json")
    return Response(doc, media_type="application/did+json", headers={"Cache-Control": "public, max-age=300"})


@get("/issuer/status/{list_id:int}", include_in_schema=False)
async def status_list(
    list_id: FromPath[int], db: NamedDependency[Database], settings: NamedDependency[Settings]
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
    list_id: FromPath[int], db: NamedDependency[Database], settings: NamedDependency[Settings]
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
    slug: FromPath[str], version: FromPath[str], db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> dict:
    if not version.startswith("v") or not version[1:].isdigit():
        raise NotFoundException("No such achievement version.")
    try:
        row = achievement_row(db, slug, int(version[1:]))
    except UnknownAchievement:
        raise NotFoundException("No such achievement version.") from None
    return public_achievement(row, settings.public_url)


@get("/api/v1/issuer/achievements")
async def issuer_achievements(db: NamedDependency[Database], settings: NamedDependency[Settings]) -> list[dict]:
    return [public_achievement(row, settings.public_url) for row in latest_achievements(db)]


@get("/api/v1/issuer/pathways")
async def issuer_pathways(db: NamedDependency[Database], settings: NamedDependency[Settings]) -> list[dict]:
    return list_pathways(db, settings.public_url)


ROUTES = [
    did_json,
    status_list,
    status_list_token,
    achievement_document,
    issuer_achievements,
    issuer_pathways,
]
