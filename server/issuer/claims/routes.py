"""The learner's claim page, ``/claim/<token>``: no JavaScript, no login.

It shows an OID4VCI offer (QR code and link) for the award — the same one on
every visit until it is used or expires, so that a GET writes nothing then
(``claims.claim_offer``) — and downloads
for wallets that do not speak OID4VCI: the OB 3.0 credential as JSON, baked PNG
and baked SVG, and the SD-JWT VC. A revoked, suspended or expired claim says so
and offers nothing.

``/offer/<ref>`` is the https page of one offer (the console's QR code): a phone
camera opens it, and it offers the learner Satchel or another wallet app (the
offer by reference, ``credential_offer_uri``). It has no downloads: whoever scans
a console QR code gets the offer, not the credential.
"""

from __future__ import annotations

import math
import time
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from server.i18n import page_context, request_language, translator
from server.issuer.baking import qr_svg
from server.issuer.claims.service import UnknownClaim, award_for_claim, claim_offer
from server.issuer.downloads import award_download, download_kind
from server.issuer.identity import public_origin
from server.issuer.oid4vci.service import award_for_offer_ref
from server.settings import Settings
from server.storage import Database

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _lookup(db, token: str, lang: str = "en") -> tuple[dict, str | None]:
    """(award, why it cannot be claimed or None); 404 for an unknown token."""
    try:
        award, expired = award_for_claim(db, token)
    except UnknownClaim:
        raise NotFoundException(translator(lang)("claim_not_valid")) from None
    if award["revoked"]:
        return award, "revoked"
    if award["suspended"]:
        return award, "suspended"
    if expired:
        return award, "expired"
    return award, None


def _page(award: dict) -> dict:
    """The claim page speaks the language the issuer awarded in (server/i18n)."""
    return page_context(award["lang"])


def _refused(award: dict, problem: str) -> Template:
    context = _page(award)
    return Template(
        template_name="claim.html",
        context={**context, "award": award, "credential": award["credential"], "problem": context["t"](f"claim_{problem}")},
        status_code=410 if problem in ("revoked", "expired") else 409,
        headers=HEADERS,
    )


@get("/claim/{token:str}", include_in_schema=False)
async def claim_page(
    token: FromPath[str],
    request: Request,
    db: NamedDependency[Database],
    settings: NamedDependency[Settings],
) -> Template:
    award, problem = await sync_to_thread(_lookup, db, token, request_language(request))
    if problem:
        return _refused(award, problem)
    offer = await sync_to_thread(claim_offer, db, settings.public_url, award, token, settings.offer_lifetime)
    if offer is None:
        return _refused(award, "expired")
    context = _page(award)
    return Template(
        template_name="claim.html",
        context={
            **context,
            "scan": context["t"]("claim_scan", count=max(1, math.ceil((offer["expires"] - time.time()) / 60))),
            "award": award,
            "credential": award["credential"],
            "problem": None,
            "offer": offer,
            "qr": qr_svg(offer["uri"]),
            # Browsers let no web app claim openid-credential-offer://, so the
            # Satchel wallet's own app link comes first (the offer stays in the #).
            "app_link": f"{settings.public_url.rstrip('/')}/#/offer?{offer['uri'].split('?', 1)[1]}",
            "base": f"/claim/{token}",
        },
        headers=HEADERS,
    )


@get("/offer/{ref:str}", include_in_schema=False)
async def offer_page(
    ref: FromPath[str],
    request: Request,
    db: NamedDependency[Database],
    settings: NamedDependency[Settings],
) -> Template:
    award = await sync_to_thread(award_for_offer_ref, db, ref)
    if award is None:
        raise NotFoundException(translator(request_language(request))("claim_offer_not_valid"))
    context = _page(award)
    if award["revoked"] or award["suspended"]:
        return _refused(award, "revoked" if award["revoked"] else "suspended")
    offer_uri = f"{public_origin(settings.public_url)}/oid4vci/offers/{ref}"
    by_reference = "openid-credential-offer://?credential_offer_uri=" + quote(offer_uri, safe="")
    return Template(
        template_name="claim.html",
        context={
            **context,
            "scan": context["t"]("claim_scan_offer"),
            "award": award,
            "credential": award["credential"],
            "problem": None,
            "offer": {"uri": by_reference},
            "qr": qr_svg(by_reference),
            "app_link": f"{public_origin(settings.public_url)}/#/offer?credential_offer_uri={quote(offer_uri, safe='')}",
            "base": None,
        },
        headers=HEADERS,
    )


@get("/claim/{token:str}/{filename:str}", include_in_schema=False)
async def claim_download(
    token: FromPath[str],
    filename: FromPath[str],
    request: Request,
    db: NamedDependency[Database],
    settings: NamedDependency[Settings],
) -> Response:
    kind = download_kind(filename)
    award, problem = await sync_to_thread(_lookup, db, token, request_language(request))
    if problem:
        return _refused(award, problem)
    return await award_download(db, settings.public_url, award, kind, HEADERS)


ROUTES = [claim_page, claim_download, offer_page]
