"""The learner's claim page, ``/claim/<token>``: no JavaScript, no login.

It shows a fresh OID4VCI offer (QR code and link) for the award, and downloads
for wallets that do not speak OID4VCI: the OB 3.0 credential as JSON, baked PNG
and baked SVG, and the SD-JWT VC. A revoked, suspended or expired claim says so
and offers nothing.

``/offer/<ref>`` is the https page of one offer (the console's QR code): a phone
camera opens it, and it offers the learner Satchel or another wallet app (the
offer by reference, ``credential_offer_uri``). It has no downloads: whoever scans
a console QR code gets the offer, not the credential.
"""

from __future__ import annotations

from urllib.parse import quote

import sqlite_utils
from litestar import Response, get
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from server.issuer.baking import qr_svg
from server.issuer.claims import UnknownClaim, award_for_claim
from server.issuer.downloads import award_download, download_kind
from server.issuer.identity import public_origin
from server.issuer.oid4vci import award_for_offer_ref, create_offer
from server.settings import Settings

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}

TEXT = {
    "en": {
        "title": "Your credential",
        "scan": "Scan this code with your wallet app, or open the link on your phone. The code works once and expires in {minutes} minutes; reload this page for a new one.",
        "open": "Open in another wallet app",
        "open_satchel": "Open in Satchel",
        "scan_offer": "Open this offer in your wallet app: Satchel, or another wallet (or scan the code with it). The offer works once.",
        "download": "Or download it",
        "json": "Open Badge (JSON)",
        "png": "Badge image with the credential inside (PNG)",
        "svg": "Badge image with the credential inside (SVG)",
        "sdjwt": "Selective-disclosure credential (SD-JWT VC)",
        "revoked": "The issuer has revoked this credential. It can no longer be collected.",
        "suspended": "The issuer has suspended this credential for now. Ask the issuer when it will be available again.",
        "expired": "This claim link has expired. Ask the issuer for a new link.",
        "issuer": "Issuer",
        "learner": "Awarded to",
    },
    "zh-Hans": {
        "title": "你的证书",
        "scan": "用钱包应用扫描此二维码，或在手机上打开链接。二维码只能使用一次，{minutes}分钟后失效；刷新本页可获得新的二维码。",
        "open": "在其他钱包应用中打开",
        "open_satchel": "在 Satchel 中打开",
        "scan_offer": "在你的钱包应用中打开此领取邀请：Satchel 或其他钱包（也可用钱包扫描二维码）。邀请只能使用一次。",
        "download": "或下载",
        "json": "开放徽章（JSON）",
        "png": "内含证书的徽章图片（PNG）",
        "svg": "内含证书的徽章图片（SVG）",
        "sdjwt": "可选择性披露的证书（SD-JWT VC）",
        "revoked": "颁发机构已撤销此证书，无法再领取。",
        "suspended": "颁发机构已暂停此证书。请向颁发机构查询何时恢复。",
        "expired": "此领取链接已过期。请向颁发机构索取新链接。",
        "issuer": "颁发机构",
        "learner": "授予",
    },
    "zh-Hant": {
        "title": "你的證書",
        "scan": "用錢包應用程式掃描此二維碼，或在手機上開啟連結。二維碼只能使用一次，{minutes}分鐘後失效；重新載入本頁可取得新的二維碼。",
        "open": "在其他錢包應用程式中開啟",
        "open_satchel": "在 Satchel 中開啟",
        "scan_offer": "在你的錢包應用程式中開啟此領取邀請：Satchel 或其他錢包（也可用錢包掃描二維碼）。邀請只能使用一次。",
        "download": "或下載",
        "json": "開放徽章（JSON）",
        "png": "內含證書的徽章圖片（PNG）",
        "svg": "內含證書的徽章圖片（SVG）",
        "sdjwt": "可選擇性披露的證書（SD-JWT VC）",
        "revoked": "頒發機構已撤銷此證書，無法再領取。",
        "suspended": "頒發機構已暫停此證書。請向頒發機構查詢何時恢復。",
        "expired": "此領取連結已過期。請向頒發機構索取新連結。",
        "issuer": "頒發機構",
        "learner": "授予",
    },
}


def _lookup(db, token: str) -> tuple[dict, str | None]:
    """(award, why it cannot be claimed or None); 404 for an unknown token."""
    try:
        award, expired = award_for_claim(db, token)
    except UnknownClaim:
        raise NotFoundException("This claim link is not valid. Check that it was copied completely.") from None
    if award["revoked"]:
        return award, "revoked"
    if award["suspended"]:
        return award, "suspended"
    if expired:
        return award, "expired"
    return award, None


def _refused(award: dict, problem: str) -> Template:
    text = TEXT.get(award["lang"], TEXT["en"])
    return Template(
        template_name="claim.html",
        context={"lang": award["lang"], "t": text, "award": award, "credential": award["credential"], "problem": text[problem]},
        status_code=410 if problem in ("revoked", "expired") else 409,
        headers=HEADERS,
    )


@get("/claim/{token:str}", include_in_schema=False)
async def claim_page(
    token: FromPath[str], db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
) -> Template:
    award, problem = await sync_to_thread(_lookup, db, token)
    if problem:
        return _refused(award, problem)
    offer = await sync_to_thread(create_offer, db, settings.public_url, award["id"], settings.offer_lifetime, False)
    text = TEXT.get(award["lang"], TEXT["en"])
    return Template(
        template_name="claim.html",
        context={
            "lang": award["lang"],
            "t": text,
            "scan": text["scan"].format(minutes=settings.offer_lifetime // 60),
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
    ref: FromPath[str], db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
) -> Template:
    award = await sync_to_thread(award_for_offer_ref, db, ref)
    if award is None:
        raise NotFoundException("This offer is not valid, has been used or has expired. Ask the issuer for a new one.")
    text = TEXT.get(award["lang"], TEXT["en"])
    if award["revoked"] or award["suspended"]:
        return _refused(award, "revoked" if award["revoked"] else "suspended")
    offer_uri = f"{public_origin(settings.public_url)}/oid4vci/offers/{ref}"
    by_reference = "openid-credential-offer://?credential_offer_uri=" + quote(offer_uri, safe="")
    return Template(
        template_name="claim.html",
        context={
            "lang": award["lang"],
            "t": text,
            "scan": text["scan_offer"],
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
    token: FromPath[str], filename: FromPath[str], db: NamedDependency[sqlite_utils.Database], settings: NamedDependency[Settings]
) -> Response:
    kind = download_kind(filename)
    award, problem = await sync_to_thread(_lookup, db, token)
    if problem:
        return _refused(award, problem)
    return await award_download(db, settings.public_url, award, kind, HEADERS)


ROUTES = [claim_page, claim_download, offer_page]
