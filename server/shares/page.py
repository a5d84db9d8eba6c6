"""Share links: the employer's page ``/s/<token>`` and its JSON report
``/s/<token>/report.json`` (language negotiation, rendering, view logging, the
"gone" pages).

The link token is in the URL path of the page only; it is never logged (the
server runs without an access log, and failures here log the share id, never
the token). See docs/api.md ("Share links").
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import msgspec
from litestar import Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from server.errors import ApiError
from server.i18n import negotiate, page_context
from server.security.headers import page_csp
from server.shares import store
from server.shares.schemas import Report, ReportShare
from server.shares.state import ShareState, iso
from server.storage import Database
from wallet_core import VerifyOptions
from wallet_core.presentations import PresentationVerdict, claimed

log = logging.getLogger("satchel.shares")

CSS = (Path(__file__).parent / "share.css").read_text(encoding="utf-8")
PAGE_CSP = page_csp(CSS, img_src="data:")
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Vary": "Accept-Language",
}
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _render(request: Request, template: str, lang: str, **context) -> str:
    return request.app.template_engine.get_template(template).render(
        **page_context(lang), css=CSS, date=_date, **context
    )


def _page(html: str, status: int = 200, headers: dict | None = None) -> Response:
    return Response(html, status_code=status, media_type="text/html; charset=utf-8", headers={**PAGE_HEADERS, **(headers or {})})


def _gone_page(request: Request, lang: str, kind: str, status: int, headers: dict | None = None, **values) -> Response:
    return _page(_render(request, "share_gone.html", lang, kind=kind, values=values), status, headers)


def _lookup(db, token: str) -> dict | None:
    if not TOKEN_SHAPE.match(token):
        return None
    return store.share_by_token(db, token)


def _unavailable(request: Request, lang: str, row: dict | None, now: float) -> Response | None:
    if row is None:
        return _gone_page(request, lang, "not_found", 404)
    if row["revoked"] is not None:
        return _gone_page(request, lang, "revoked", 410)
    if row["expires"] <= now:
        return _gone_page(request, lang, "expired", 410, date=_when(row["expires"]))
    return None


async def _verdict(shares: ShareState, row: dict, options: VerifyOptions) -> tuple[PresentationVerdict, dict]:
    hit = shares.cache.get(row["id"])
    if hit is not None:
        return hit
    said = claimed(row["presentation"])
    verdict = await shares.verifier.verify_presentation(
        row["presentation"], shares.audience, said.nonce, row["created"]
    )
    return verdict, shares.cache.put(row["id"], verdict)


def _share_html(request: Request, lang: str, row: dict, verdict: PresentationVerdict, shares: ShareState, **extra) -> str:
    return _render(
        request,
        "share.html",
        lang,
        label=row["label"],
        link_expires=_when(row["expires"]),
        verdict=verdict,
        ttl_minutes=max(1, round(shares.config.verdict_ttl / 60)),
        report_href=f"{request.path_params['token']}/report.json",
        name_max=shares.config.max_verifier_name_chars,
        **extra,
    )


async def _serve_page(request, db, shares: ShareState, options, token: str, lang: str | None, name: str | None):
    lang_code = negotiate(lang, request.headers.get("accept-language"))
    wait = shares.wait(request, "view")
    if wait:
        return _gone_page(request, lang_code, "rate_limited", 429, {"Retry-After": str(wait)}, count=wait)
    now = time.time()
    row = _lookup(db, token)
    gone = _unavailable(request, lang_code, row, now)
    if gone is not None:
        return gone
    try:
        verdict, pages = await _verdict(shares, row, options)
        if name is None:
            html = pages.get(lang_code)
            if html is None:
                html = pages[lang_code] = _share_html(request, lang_code, row, verdict, shares)
            await sync_to_thread(store.record_view, db, row["id"], now)
            return _page(html)
        name = " ".join(name.replace("\x00", " ").split())  # NUL as a space: PostgreSQL text cannot hold it
        if len(name) > shares.config.max_verifier_name_chars:
            html = _share_html(request, lang_code, row, verdict, shares, name_error=True)
            return _page(html, 400)
        if name:
            await sync_to_thread(store.record_view, db, row["id"], now, name)
        return _page(_share_html(request, lang_code, row, verdict, shares, thanks_name=name or None))
    except Exception:
        # Log the share id, never the token (the URL path holds it).
        log.exception("share page failed for share %s", row["id"])
        raise ApiError(500, "internal_error", "Something went wrong on the server.") from None


@get("/s/{token:str}", include_in_schema=False)
async def share_page(
    request: Request,
    db: NamedDependency[Database],
    verify_options: NamedDependency[VerifyOptions],
    shares: NamedDependency[ShareState],
    token: FromPath[str],
    lang: FromQuery[str | None] = None,
) -> Response:
    return await _serve_page(request, db, shares, verify_options, token, lang, None)


@post("/s/{token:str}", include_in_schema=False, status_code=200)
async def share_page_name(
    request: Request,
    db: NamedDependency[Database],
    verify_options: NamedDependency[VerifyOptions],
    shares: NamedDependency[ShareState],
    token: FromPath[str],
    lang: FromQuery[str | None] = None,
) -> Response:
    form = await request.form()
    name = form.get("verifier_name")
    return await _serve_page(request, db, shares, verify_options, token, lang, name if isinstance(name, str) else "")


@get("/s/{token:str}/report.json", include_in_schema=False)
async def share_report(
    request: Request,
    db: NamedDependency[Database],
    verify_options: NamedDependency[VerifyOptions],
    shares: NamedDependency[ShareState],
    token: FromPath[str],
) -> Response:
    shares.limit(request, "view")
    now = time.time()
    row = _lookup(db, token)
    if row is None:
        raise ApiError(404, "not_found", "No such share link.")
    if row["revoked"] is not None:
        raise ApiError(410, "share_revoked", "The holder withdrew this share link.")
    if row["expires"] <= now:
        raise ApiError(410, "share_expired", f"This share link expired at {iso(row['expires'])}.")
    try:
        verdict, _pages = await _verdict(shares, row, verify_options)
    except Exception:
        log.exception("share report failed for share %s", row["id"])
        raise ApiError(500, "internal_error", "Something went wrong on the server.") from None
    report = Report(
        report="satchel-share-verification",
        version=1,
        generated_at=iso(now),
        share=ReportShare(label=row["label"] or "", created_at=iso(row["created"]), expires_at=iso(row["expires"])),
        verdict=verdict,
    )
    headers = {
        **PAGE_HEADERS,
        "Content-Disposition": 'attachment; filename="satchel-verification-report.json"',
    }
    return Response(msgspec.json.encode(report), media_type="application/json", headers=headers)


ROUTES = [share_page, share_page_name, share_report]
