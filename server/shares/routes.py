"""Share links: the API the wallet app uses, and the employer's page /s/<token>.

The link token is in the URL path of the page only; it is never logged (the
server runs without an access log, and failures here log the share id, never
the token). See docs/api.md ("Share links").
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import re
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import sqlite_utils
from litestar import Request, Response, delete, get, post
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from server.errors import error_response
from server.i18n import catalogue, direction, languages, negotiate
from server.security.ratelimit import RateLimiter
from server.settings import Settings
from server.shares import ShareConfig, store
from server.shares.schemas import (
    CredentialSummary,
    NonceOut,
    Report,
    ReportShare,
    Share,
    ShareCreate,
    ShareCreated,
    ShareList,
    View,
)
from server.shares.service import VerdictCache, refusal, share_audience, verify_for_share
from server.storage import open_database
from wallet_core import VerifyOptions
from wallet_core.presentations import PresentationVerdict, claimed

log = logging.getLogger("satchel.shares")

CSS = (Path(__file__).parent / "share.css").read_text(encoding="utf-8")
CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode()
PAGE_CSP = (
    f"default-src 'none'; style-src 'sha256-{CSS_HASH}'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Vary": "Accept-Language",
}
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22,256}$")


class ShareError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers, self.extra = headers or {}, extra or {}


def handle_share_error(request: Request, exc: ShareError) -> Response:
    if exc.extra or request.url.path.endswith(".json"):
        body = {"error": exc.code, "message": exc.message, **exc.extra}
        return Response(body, status_code=exc.status, headers=exc.headers)
    response = error_response(request, exc.status, exc.code, exc.message)
    response.headers.update(exc.headers)
    return response


class ShareState:
    """Everything the shares feature keeps in memory (one per app)."""

    def __init__(self, config: ShareConfig, settings: Settings):
        self.config = config
        self.audience = share_audience(settings.public_url)
        self.base_url = settings.public_url.rstrip("/")
        self.limits = {
            name: RateLimiter.per_second(*rate) if rate else None
            for name, rate in (
                ("create", config.create_rate),
                ("view", config.view_rate),
                ("manage", config.manage_rate),
            )
        }
        self.cache = VerdictCache(config.verdict_ttl)
        self.views = store.ViewLog(lambda: open_database(settings.database_path), config.view_flush_seconds)

    def wait(self, request: Request, bucket: str) -> int:
        limiter = self.limits[bucket]
        if limiter is None:
            return 0
        return limiter.wait(bucket, request.client.host if request.client else "unknown")

    def limit(self, request: Request, bucket: str) -> None:
        wait = self.wait(request, bucket)
        if wait:
            raise ShareError(
                429,
                "rate_limited",
                f"Too many requests from your address: try again in {wait} seconds.",
                {"Retry-After": str(wait)},
            )


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_expiry(value: str, now: float, config: ShareConfig) -> float:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ShareError(400, "bad_request", "expires_at must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z.") from None
    if moment.tzinfo is None:
        raise ShareError(400, "bad_request", "expires_at needs a time zone (e.g. a trailing Z for UTC).")
    ts = moment.timestamp()
    if ts < now + 60:
        raise ShareError(400, "bad_request", "expires_at must be at least a minute in the future.")
    if ts > now + config.max_share_days * 86400 + 300:
        raise ShareError(400, "bad_request", f"expires_at may be at most {config.max_share_days} days away.")
    return ts


def _manage_hash(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not SECRET_SHAPE.match(secret.strip()):
        raise ShareError(
            401,
            "manage_secret_required",
            "Send the device's manage secret as 'Authorization: Bearer <secret>'.",
            {"WWW-Authenticate": "Bearer"},
        )
    return store.hash_secret(secret.strip())


def _share_out(row: dict, views: tuple[int, list[dict]], now: float) -> Share:
    count, listed = views
    return Share(
        id=row["id"],
        label=row["label"] or "",
        holder=row["holder"],
        credential_count=row["credential_count"],
        created_at=_iso(row["created"]),
        expires_at=_iso(row["expires"]),
        expired=row["expires"] <= now,
        revoked=row["revoked"] is not None,
        revoked_at=_iso(row["revoked"]),
        view_count=count,
        views=[View(at=_iso(v["at"]), verifier_name=v["verifier_name"]) for v in listed],
    )


# --- API --------------------------------------------------------------------------


@post("/api/v1/shares/nonce", status_code=200, summary="A single-use nonce and the audience for a share presentation")
async def share_nonce(
    request: Request, db: NamedDependency[sqlite_utils.Database], shares: NamedDependency[ShareState]
) -> Response:
    shares.limit(request, "create")
    nonce, expires = store.new_nonce(db, shares.config.nonce_lifetime)
    out = NonceOut(nonce=nonce, audience=shares.audience, expires=_iso(expires), expires_in=shares.config.nonce_lifetime)
    return Response(out, headers={"Cache-Control": "no-store"})


@post("/api/v1/shares", status_code=201, summary="Store a signed presentation as a share link")
async def create_share(
    request: Request,
    db: NamedDependency[sqlite_utils.Database],
    verify_options: NamedDependency[VerifyOptions],
    shares: NamedDependency[ShareState],
) -> Response:
    shares.limit(request, "create")
    config = shares.config
    try:
        data = msgspec.json.decode(await request.body(), type=ShareCreate)
    except msgspec.ValidationError as exc:
        raise ShareError(400, "bad_request", f"Invalid share request: {exc}.") from None
    except msgspec.DecodeError:
        raise ShareError(400, "bad_request", "The request body must be a JSON object.") from None
    now = time.time()
    label = data.label.strip()
    if len(label) > config.max_label_chars:
        raise ShareError(400, "bad_request", f"label may have at most {config.max_label_chars} characters.")
    if not SECRET_SHAPE.match(data.manage_secret):
        raise ShareError(400, "bad_request", "manage_secret must be 22–256 base64url characters (at least 128 random bits).")
    expires = _parse_expiry(data.expires_at, now, config)
    said = claimed(data.presentation, verify_options.max_input_bytes)  # InputError -> 4xx
    problem = store.nonce_problem(db, said.nonce, now)
    if problem:
        raise ShareError(422, "replayed_presentation", f"Refused: {problem}.")
    verdict: PresentationVerdict = await sync_to_thread(
        verify_for_share, data.presentation, verify_options, shares.audience, said.nonce
    )
    refused = refusal(verdict)
    if refused:
        code, reason = refused
        raise ShareError(
            422, code, f"Refused: {reason}", extra={"verdict": msgspec.to_builtins(verdict)}
        )
    token = store.new_token()
    share_id = secrets.token_urlsafe(12)
    record = {
        "id": share_id,
        "token_hash": store.hash_secret(token),
        "manage_hash": store.hash_secret(data.manage_secret),
        "label": label,
        "presentation": data.presentation,
        "holder": verdict.holder,
        "credential_count": len(verdict.credentials),
        "created": now,
        "expires": expires,
        "revoked": None,
    }
    if not store.insert_share(db, record, said.nonce, now):
        raise ShareError(422, "replayed_presentation", "Refused: the presentation's nonce was used meanwhile: this is a replay.")
    shares.cache.put(share_id, verdict)
    out = ShareCreated(
        id=share_id,
        token=token,
        url=f"{shares.base_url}/s/{token}",
        label=label,
        holder=verdict.holder,
        created_at=_iso(now),
        expires_at=_iso(expires),
        result=verdict.result,
        credentials=[
            CredentialSummary(
                name=c.verdict.display.name,
                issuer=c.verdict.display.issuer_name or c.verdict.issuer.name or c.verdict.issuer.id,
                result=c.result,
            )
            for c in verdict.credentials
        ],
    )
    return Response(out, status_code=201, headers={"Cache-Control": "no-store"})


@get("/api/v1/shares", summary="The shares this device's manage secret manages")
async def list_shares(
    request: Request, db: NamedDependency[sqlite_utils.Database], shares: NamedDependency[ShareState]
) -> Response:
    shares.limit(request, "manage")
    manage_hash = _manage_hash(request)
    await sync_to_thread(shares.views.flush)
    rows = store.shares_for_manager(db, manage_hash)
    views = store.views_of(db, [r["id"] for r in rows])
    now = time.time()
    out = ShareList(shares=[_share_out(r, views[r["id"]], now) for r in rows])
    return Response(out, headers={"Cache-Control": "no-store"})


def _managed(request: Request, db, shares: ShareState, share_id: str) -> dict:
    shares.limit(request, "manage")
    manage_hash = _manage_hash(request)
    row = store.share_for_manager(db, share_id, manage_hash)
    if row is None:
        raise ShareError(404, "not_found", "No share with this id is managed by this secret.")
    return row


@get("/api/v1/shares/{share_id:str}", summary="One share: label, expiry, revoked, views")
async def get_share(
    request: Request,
    db: NamedDependency[sqlite_utils.Database],
    shares: NamedDependency[ShareState],
    share_id: FromPath[str],
) -> Response:
    row = _managed(request, db, shares, share_id)
    await sync_to_thread(shares.views.flush)
    out = _share_out(row, store.views_of(db, [share_id])[share_id], time.time())
    return Response(out, headers={"Cache-Control": "no-store"})


@delete("/api/v1/shares/{share_id:str}", status_code=200, summary="Revoke a share (its link stops working)")
async def revoke_share(
    request: Request,
    db: NamedDependency[sqlite_utils.Database],
    shares: NamedDependency[ShareState],
    share_id: FromPath[str],
) -> Response:
    _managed(request, db, shares, share_id)
    store.revoke(db, share_id, time.time())
    shares.cache.drop(share_id)
    await sync_to_thread(shares.views.flush)
    row = store.share_for_manager(db, share_id, _manage_hash(request))
    out = _share_out(row, store.views_of(db, [share_id])[share_id], time.time())
    return Response(out, headers={"Cache-Control": "no-store"})


# --- the employer's page ------------------------------------------------------------


def _tr(cat: dict):
    def tr(key: str, **values) -> str:
        text = cat.get(key, key)
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    return tr


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _render(request: Request, template: str, lang: str, **context) -> str:
    cat = catalogue(lang)
    names = [(code, catalogue(code)["lang_name"]) for code in languages()]
    return request.app.template_engine.get_template(template).render(
        lang=lang, dir=direction(lang), t=_tr(cat), css=CSS, languages=names, date=_date, **context
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
    verdict = await sync_to_thread(
        verify_for_share, row["presentation"], options, shares.audience, said.nonce, row["created"]
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
        return _gone_page(request, lang_code, "rate_limited", 429, {"Retry-After": str(wait)}, seconds=wait)
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
            shares.views.record(row["id"], now)
            return _page(html)
        name = " ".join(name.split())
        if len(name) > shares.config.max_verifier_name_chars:
            html = _share_html(request, lang_code, row, verdict, shares, name_error=True)
            return _page(html, 400)
        if name:
            shares.views.record(row["id"], now, name)
            await sync_to_thread(shares.views.flush)
        return _page(_share_html(request, lang_code, row, verdict, shares, thanks_name=name or None))
    except Exception:
        # Log the share id, never the token (the URL path holds it).
        log.exception("share page failed for share %s", row["id"])
        raise ShareError(500, "internal_error", "Something went wrong on the server.") from None


@get("/s/{token:str}", include_in_schema=False)
async def share_page(
    request: Request,
    db: NamedDependency[sqlite_utils.Database],
    verify_options: NamedDependency[VerifyOptions],
    shares: NamedDependency[ShareState],
    token: FromPath[str],
    lang: FromQuery[str | None] = None,
) -> Response:
    return await _serve_page(request, db, shares, verify_options, token, lang, None)


@post("/s/{token:str}", include_in_schema=False, status_code=200)
async def share_page_name(
    request: Request,
    db: NamedDependency[sqlite_utils.Database],
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
    db: NamedDependency[sqlite_utils.Database],
    verify_options: NamedDependency[VerifyOptions],
    shares: NamedDependency[ShareState],
    token: FromPath[str],
) -> Response:
    shares.limit(request, "view")
    now = time.time()
    row = _lookup(db, token)
    if row is None:
        raise ShareError(404, "not_found", "No such share link.")
    if row["revoked"] is not None:
        raise ShareError(410, "share_revoked", "The holder withdrew this share link.")
    if row["expires"] <= now:
        raise ShareError(410, "share_expired", f"This share link expired at {_iso(row['expires'])}.")
    try:
        verdict, _pages = await _verdict(shares, row, verify_options)
    except Exception:
        log.exception("share report failed for share %s", row["id"])
        raise ShareError(500, "internal_error", "Something went wrong on the server.") from None
    report = Report(
        report="satchel-share-verification",
        version=1,
        generated_at=_iso(now),
        share=ReportShare(label=row["label"] or "", created_at=_iso(row["created"]), expires_at=_iso(row["expires"])),
        verdict=verdict,
    )
    headers = {
        **PAGE_HEADERS,
        "Content-Disposition": 'attachment; filename="satchel-verification-report.json"',
    }
    return Response(msgspec.json.encode(report), media_type="application/json", headers=headers)


ROUTES = [share_nonce, create_share, list_shares, get_share, revoke_share, share_page, share_page_name, share_report]


def view_log_lifespan(shares: ShareState, get_db):
    """Write buffered share views every ``view_flush_seconds`` and at shutdown
    (list this lifespan after the one that opens the database)."""

    @asynccontextmanager
    async def lifespan(app) -> AsyncIterator[None]:
        async def flusher() -> None:
            while True:
                await asyncio.sleep(shares.config.view_flush_seconds)
                try:
                    await sync_to_thread(shares.views.flush)
                except Exception:  # keep flushing; the next round retries
                    log.exception("writing share views failed")

        task = asyncio.create_task(flusher())
        try:
            yield
        finally:
            task.cancel()
            await sync_to_thread(shares.views.close)

    return lifespan
