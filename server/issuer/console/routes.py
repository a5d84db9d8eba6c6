"""The issuer console: server-rendered pages behind the admin login.

Every POST carries the session's CSRF token and, from a browser, this server's
``Origin`` (or ``Referer``); bad input is a 4xx page and changes nothing.

POST-redirect-GET: making an award, an offer or a claim link answers 303 to the
award's page, so reloading it makes nothing twice. The secrets made (claim
token, offer reference, tx_code) are shown once: they wait for that GET in
``console_once``, tied to the admin session, for at most ``ONCE_LIFETIME``
seconds, and the GET deletes them.
"""

from __future__ import annotations

import json
import secrets
import time

from litestar import Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from server.errors import ApiError
from server.i18n import DEFAULT, LANG_COOKIE, catalogue, page_context, request_language
from server.issuer import store
from server.issuer.awards import (
    SUITES,
    InvalidSubject,
    InvalidSuite,
    UnknownAward,
    award,
    get_award,
    list_awards,
)
from server.issuer.baking import qr_svg
from server.issuer.catalog import (
    ACHIEVEMENT_TYPES,
    LANGS,
    MAX_ALIGNMENTS,
    MODES,
    InvalidDefinition,
    UnknownAchievement,
    add_version,
    create_achievement,
    create_pathway,
    definition_from_form,
    latest_achievements,
    list_pathways,
    pathway_from_form,
)
from server.issuer.claims.service import claim_url, new_claim_token
from server.issuer.console import admin
from server.issuer.downloads import award_download, download_kind
from server.issuer.identity import add_key, all_keys, did_web_for
from server.issuer.oid4vci.service import create_offer
from server.issuer.status import set_status
from server.security.csrf import check_form_origin, check_form_token
from server.security.sessions import CONSOLE, CONSOLE_LIFETIME
from server.settings import Settings
from server.storage import Database

GUARD = [admin.admin_guard]
ONCE_LIFETIME = 600
NO_STORE = {"Cache-Control": "no-store"}
LANG_COOKIE_AGE = 365 * 86400


def _texts_in(lang: str):
    """A multilingual text ({"en": …, "zh-Hans": …}) in ``lang``, else English, else any."""

    def pick(texts) -> str:
        if not isinstance(texts, dict):
            return texts or ""
        return texts.get(lang) or texts.get("en") or next((v for v in texts.values() if v), "")

    return pick


def _render(name: str, request: Request, status_code: int = 200, **context) -> Template:
    """A console page in the viewer's language (``?lang=``, the cookie the switcher sets,
    or Accept-Language); a ``?lang=`` choice is kept in a cookie for the console's paths."""
    lang = request_language(request)
    cookies = []
    if request.query_params.get("lang"):
        secure = request.app.state.settings.public_url.startswith("https://")
        cookies.append(
            Cookie(key=LANG_COOKIE, value=lang, path="/console", httponly=True, samesite="lax", secure=secure, max_age=LANG_COOKIE_AGE)
        )
    context = {**page_context(lang), "in_lang": _texts_in(lang), **context}
    return Template(
        template_name=f"console/{name}", context=context, headers=NO_STORE, status_code=status_code, cookies=cookies
    )


def _page(name: str, request: Request, status_code: int = 200, **context) -> Template:
    return _render(name, request, status_code, csrf=request.state.admin_session["csrf"], **context)


def _refused(status: int, code: str) -> ApiError:
    """A console error whose words are the catalogue's (``error_<code>``)."""
    return ApiError(status, code, catalogue(DEFAULT)[f"error_{code}"])


def _not_found(what: str) -> ApiError:
    return _refused(404, f"console_unknown_{what}")


def _check_origin(request: Request) -> None:
    check_form_origin(request, request.app.state.settings.origin)


async def _form(request: Request) -> dict[str, str]:
    _check_origin(request)
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    check_form_token(request.state.admin_session, fields)
    return fields


@get("/console/login", include_in_schema=False)
async def login_page(request: Request) -> Template:
    return _render("login.html", request, error=None)


@post("/console/login", include_in_schema=False, status_code=303)
async def login_submit(
    request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    _check_origin(request)
    form = await request.form()
    token = form.get("token")
    result = await sync_to_thread(admin.login, db, token if isinstance(token, str) else "")
    if result is None:
        return _render("login.html", request, 403, error="console_token_invalid")
    session, _csrf = result
    return Redirect("/console", status_code=303, cookies=[CONSOLE.cookie(settings.public_url, session, CONSOLE_LIFETIME)])


@post("/console/logout", include_in_schema=False, status_code=303, guards=GUARD)
async def logout(
    request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    await _form(request)
    CONSOLE.end(db, request.state.admin_session["session_hash"])
    return Redirect("/console/login", status_code=303, cookies=[CONSOLE.cleared_cookie(settings.public_url)])


@get("/console", include_in_schema=False, guards=GUARD)
async def home(request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]) -> Template:
    return _page(
        "home.html",
        request,
        did=did_web_for(settings.public_url),
        keys=all_keys(db),
        achievements=latest_achievements(db),
        pathways=list_pathways(db, settings.public_url),
        awards=list_awards(db),
        langs=LANGS,
        suites=SUITES,
    )


def _show_once(db, request: Request, award_id: str, offer: dict | None, claim_token: str | None) -> Redirect:
    """Keep what must be shown once for the award page's GET, and redirect there."""
    once = secrets.token_urlsafe(16)
    payload = {"claim_token": claim_token}
    if offer:
        payload["offer"] = {k: offer[k] for k in ("uri", "uri_by_reference", "offer_uri", "page", "tx_code", "expires")}
    row = {
        "id": once,
        "session_hash": request.state.admin_session["session_hash"],
        "award_id": award_id,
        "payload": json.dumps(payload),
        "expires": time.time() + ONCE_LIFETIME,
    }
    store.put_once(db, row, time.time())
    return Redirect(f"/console/awards/{award_id}?once={once}", status_code=303)


def _take_once(db, request: Request, award_id: str, once: str | None) -> tuple[dict | None, str | None]:
    """(offer, claim token) kept by ``_show_once``, deleted as they are read."""
    if not once:
        return None, None
    row = store.take_once(db, once, request.state.admin_session["session_hash"], award_id, time.time())
    if row is None:
        return None, None
    payload = json.loads(row["payload"])
    return payload.get("offer"), payload.get("claim_token")


def _award_context(
    db, settings: Settings, award_id: str, offer: dict | None = None, claim_token: str | None = None
) -> dict:
    try:
        record = get_award(db, award_id)
    except UnknownAward:
        raise _not_found("award") from None
    context = {
        "award": record,
        "credential": record["credential"],
        "offer": None,
        "qr": None,
        "offer_minutes": settings.offer_lifetime // 60,
        "claim_url": claim_url(settings.public_url, claim_token) if claim_token else None,
        "claim_days": settings.claim_lifetime // 86400,
    }
    if offer:
        context["offer"] = offer
        # an https link a phone camera opens: the offer's page, which offers
        # Satchel and other wallet apps
        context["qr"] = qr_svg(offer["page"])
    return context


@post("/console/awards", include_in_schema=False, status_code=303, guards=GUARD)
async def award_submit(
    request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    form = await _form(request)
    try:
        record = await sync_to_thread(
            lambda: award(
                db,
                settings.public_url,
                form.get("achievement", ""),
                form.get("subject", "").strip(),
                form.get("lang", "en"),
                issuer_names=settings.issuer_names,
                suite=form.get("proof") or "eddsa-rdfc-2022",
                claim_lifetime=settings.claim_lifetime,
            )
        )
    except InvalidSubject:
        raise _refused(400, "console_invalid_subject") from None
    except InvalidSuite:
        raise _refused(400, "console_invalid_suite") from None
    except UnknownAchievement:
        raise _not_found("achievement") from None
    offer = create_offer(db, settings.public_url, record["id"], settings.offer_lifetime, form.get("tx_code") == "on")
    return _show_once(db, request, record["id"], offer, record["claim_token"])


@post("/console/awards/{award_id:str}/claim", include_in_schema=False, status_code=303, guards=GUARD)
async def new_claim_link(
    award_id: FromPath[str], request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    """A new claim link for the learner (the old one stops working)."""
    await _form(request)
    try:
        token = new_claim_token(db, award_id, settings.claim_lifetime)
    except UnknownAward:
        raise _not_found("award") from None
    return _show_once(db, request, award_id, None, token)


@get("/console/awards/{award_id:str}", include_in_schema=False, guards=GUARD)
async def award_page(
    award_id: FromPath[str],
    request: Request,
    db: NamedDependency[Database],
    settings: NamedDependency[Settings],
    once: FromQuery[str | None] = None,
) -> Template:
    offer, claim_token = await sync_to_thread(_take_once, db, request, award_id, once)
    return _page("award.html", request, **_award_context(db, settings, award_id, offer, claim_token))


@post("/console/awards/{award_id:str}/offer", include_in_schema=False, status_code=303, guards=GUARD)
async def new_offer(
    award_id: FromPath[str], request: Request, db: NamedDependency[Database], settings: NamedDependency[Settings]
) -> Response:
    form = await _form(request)
    try:
        offer = create_offer(db, settings.public_url, award_id, settings.offer_lifetime, form.get("tx_code") == "on")
    except UnknownAward:
        raise _not_found("award") from None
    return _show_once(db, request, award_id, offer, None)


STATUS_ACTIONS = {
    "revoke": ("revocation", True),
    "suspend": ("suspension", True),
    "reinstate": ("suspension", False),
}


@post("/console/awards/{award_id:str}/status", include_in_schema=False, status_code=303, guards=GUARD)
async def change_status(award_id: FromPath[str], request: Request, db: NamedDependency[Database]) -> Response:
    form = await _form(request)
    action = STATUS_ACTIONS.get(form.get("action", ""))
    if action is None:
        raise _refused(400, "console_invalid_action")
    if not set_status(db, award_id, *action):
        raise _not_found("award")
    return Redirect(f"/console/awards/{award_id}", status_code=303)


@post("/console/keys", include_in_schema=False, status_code=303, guards=GUARD)
async def rotate_key(request: Request, db: NamedDependency[Database]) -> Response:
    await _form(request)
    add_key(db)
    return Redirect("/console", status_code=303)


@post("/console/achievements/{slug:str}/versions", include_in_schema=False, status_code=303, guards=GUARD)
async def new_version(slug: FromPath[str], request: Request, db: NamedDependency[Database]) -> Response:
    form = await _form(request)
    try:
        current = latest = next(a for a in latest_achievements(db) if a["slug"] == slug)
    except StopIteration:
        raise _not_found("achievement") from None
    changes = {}
    for field in ("name", "description", "criteria"):
        texts = dict(current["definition"].get(field) or {})
        for lang in LANGS:
            value = form.get(f"{field}.{lang}")
            if value is not None:
                texts[lang] = value.strip()
        changes[field] = texts
    try:
        add_version(db, latest["slug"], changes)
    except InvalidDefinition as exc:
        raise ApiError(400, "console_invalid_version", str(exc)) from None
    return Redirect("/console", status_code=303)


@get("/console/achievements/new", include_in_schema=False, guards=GUARD)
async def achievement_form(request: Request) -> Template:
    return _achievement_form(request, {}, None)


def _achievement_form(request: Request, values: dict, error: InvalidDefinition | None, status_code: int = 200) -> Template:
    return _page(
        "achievement_new.html",
        request,
        status_code,
        values=values,
        error=error,
        langs=LANGS,
        types=ACHIEVEMENT_TYPES,
        modes=MODES,
        alignment_rows=range(MAX_ALIGNMENTS),
    )


@post("/console/achievements", include_in_schema=False, status_code=303, guards=GUARD)
async def achievement_create(request: Request, db: NamedDependency[Database]) -> Response:
    form = await _form(request)
    try:
        definition = definition_from_form(form)
        await sync_to_thread(create_achievement, db, definition)
    except InvalidDefinition as exc:
        return _achievement_form(request, form, exc, 400)
    return Redirect("/console", status_code=303)


def _pathway_form(request: Request, db, values: dict, error: InvalidDefinition | None, status_code: int = 200) -> Template:
    return _page(
        "pathway_new.html", request, status_code, values=values, error=error, langs=LANGS, achievements=latest_achievements(db)
    )


@get("/console/pathways/new", include_in_schema=False, guards=GUARD)
async def pathway_form(request: Request, db: NamedDependency[Database]) -> Template:
    return _pathway_form(request, db, {}, None)


@post("/console/pathways", include_in_schema=False, status_code=303, guards=GUARD)
async def pathway_create(request: Request, db: NamedDependency[Database]) -> Response:
    form = await _form(request)
    try:
        definition = pathway_from_form(db, form)
        await sync_to_thread(create_pathway, db, definition)
    except InvalidDefinition as exc:
        return _pathway_form(request, db, form, exc, 400)
    return Redirect("/console", status_code=303)


def _download(db, award_id: str) -> dict:
    try:
        return get_award(db, award_id)
    except UnknownAward:
        raise _not_found("award") from None


@get("/console/awards/{award_id:str}/{filename:str}", include_in_schema=False, guards=GUARD)
async def download(
    award_id: FromPath[str],
    filename: FromPath[str],
    db: NamedDependency[Database],
    settings: NamedDependency[Settings],
) -> Response:
    kind = download_kind(filename)
    return await award_download(db, settings.public_url, _download(db, award_id), kind, NO_STORE)


ROUTES = [
    login_page,
    login_submit,
    logout,
    home,
    award_submit,
    award_page,
    new_offer,
    change_status,
    rotate_key,
    new_version,
    download,
    new_claim_link,
    achievement_form,
    achievement_create,
    pathway_form,
    pathway_create,
]
