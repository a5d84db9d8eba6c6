"""An award's downloads, for wallets that do not speak OID4VCI: the credential
as JSON, baked into a PNG or an SVG, and its SD-JWT VC form. Served by the
console and by the learner's claim page alike."""

from __future__ import annotations

import sqlite_utils
from litestar import Response
from litestar.concurrency import sync_to_thread
from litestar.exceptions import NotFoundException

from server.issuer.baking import baked_png, baked_svg
from server.issuer.sdjwt_vc import MEDIA_TYPE as SD_JWT_MEDIA_TYPE
from server.issuer.sdjwt_vc import holder_jwk_of, sd_jwt_for_award

DOWNLOADS = {"credential.json": "json", "credential.png": "png", "credential.svg": "svg", "credential.sd-jwt": "sd-jwt"}


def download_kind(filename: str) -> str:
    kind = DOWNLOADS.get(filename)
    if kind is None:
        raise NotFoundException("No such download.")
    return kind


async def award_download(
    db: sqlite_utils.Database, public_url: str, award: dict, kind: str, headers: dict[str, str]
) -> Response:
    credential = award["credential"]
    if kind == "json":
        body, media_type, extension = credential, "application/vc+ld+json", "json"
    elif kind == "png":
        body, media_type, extension = baked_png(credential, credential["id"]), "image/png", "png"
    elif kind == "svg":
        body, media_type, extension = baked_svg(credential, credential["name"]), "image/svg+xml", "svg"
    else:
        body = await sync_to_thread(sd_jwt_for_award, db, public_url, award, holder_jwk_of(award["subject"]))
        media_type, extension = SD_JWT_MEDIA_TYPE, "sd-jwt"
    disposition = f'attachment; filename="{award["id"]}.{extension}"'
    return Response(body, media_type=media_type, headers={**headers, "Content-Disposition": disposition})
