"""The OpenID4VP verifier's routes: the HR API (``/api/v1/verifier/requests``),
the OpenID4VP endpoints (``/oid4vp/requests/<id>/request.jwt``,
``/oid4vp/response``) and the employer's pages (``/verifier``,
``/verifier/r/<secret>``). See docs/api.md ("OpenID4VP verifier")."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Literal

import msgspec
from litestar import Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from server.errors import ApiError, OAuthError, decode_json_body
from server.i18n import negotiate, page_context
from server.issuer.baking import qr_svg
from server.security.ratelimit import ClientLimits
from server.settings import Settings
from server.shares.page import CSS, PAGE_HEADERS
from server.shares.state import iso
from server.storage import Database
from server.verifier import VerifierConfig, dcql, jwe, store
from server.verifier.service import Endpoints, check_answer
from wallet_core import VerifyOptions
from wallet_core.presentations import PresentationVerdict

log = logging.getLogger("satchel.verifier")
ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22}$")
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


class VerifierState(ClientLimits):
    def __init__(self, config: VerifierConfig, settings: Settings, pool, get_db):
        self.config = config
        self.pool = pool
        self.endpoints = Endpoints(settings.public_url)
        ClientLimits.__init__(
            self,
            "verifier",
            get_db,
            {"create": config.create_rate, "read": config.read_rate, "wallet": config.wallet_rate},
        )


class RequestCreate(msgspec.Struct, forbid_unknown_fields=True):
    label: str = ""
    dcql_query: dict | None = None
    skill: str | None = None
    issuer: str | None = None
    vct: str | None = None
    fields: list[str] = []
    # dc+sd-jwt, ldp_vc, jwt_vc_json; more than one: the wallet answers with any one; [] = dc+sd-jwt
    formats: list[str] = []
    response_mode: Literal["direct_post", "direct_post.jwt"] = "direct_post"


def _query_from(data: RequestCreate, config: VerifierConfig) -> dict:
    try:
        if data.dcql_query is not None:
            if data.skill or data.issuer or data.vct or data.fields or data.formats:
                raise dcql.QueryError("give either dcql_query or the simple options (skill, issuer, vct, fields, formats), not both")
            query = data.dcql_query
        else:
            query = dcql.build(skill=data.skill, issuer=data.issuer, vct=data.vct, fields=data.fields, formats=data.formats)
        return dcql.validate(query, config.max_credential_queries, config.max_claims)
    except dcql.QueryError as exc:
        raise ApiError(400, "bad_query", f"The DCQL query cannot be used: {exc}.") from None


def _create(db, state: VerifierState, data: RequestCreate) -> tuple[dict, str]:
    config = state.config
    label = " ".join(data.label.split())
    if len(label) > config.max_label_chars:
        raise ApiError(400, "bad_request", f"label may have at most {config.max_label_chars} characters.")
    query = _query_from(data, config)
    now = time.time()
    store.purge(db, now)
    return store.create(
        db, label, query, now, config.request_lifetime, config.unread_retention, data.response_mode == "direct_post.jwt"
    )


def _status(row: dict, now: float) -> str:
    if row["result"] is not None:
        return "answered"
    if row["answered"] is not None:
        return "checking"
    return "expired" if row["expires"] <= now else "pending"


def _out(state: VerifierState, row: dict, now: float, secret: str | None = None) -> dict:
    e = state.endpoints
    out = {
        "id": row["id"],
        "label": row["label"] or "",
        "status": _status(row, now),
        "created_at": iso(row["created"]),
        "expires_at": iso(row["expires"]),
        "dcql_query": json.loads(row["dcql"]),
        "links": {"cross_device": e.cross_device_link(row), "same_device": e.same_device_link(row)},
        "request_uri": e.request_uri(row["id"]),
        "response_mode": row["response_mode"],
        "result_url": f"{e.base}/api/v1/verifier/requests/{row['id']}",
        "delete_after": iso(row["delete_after"]),
    }
    if secret is not None:
        out["secret"] = secret
        out["page_url"] = f"{e.base}/verifier/r/{secret}"
    if row["result"] is not None:
        out["answered_at"] = iso(row["answered"])
        out["result"] = json.loads(row["result"])
    return out


# --- the HR API -----------------------------------------------------------------


@post("/api/v1/verifier/requests", status_code=201, summary="Create an OpenID4VP presentation request (DCQL)")
async def create_request(
    request: Request, db: NamedDependency[Database], vp_verifier: NamedDependency[VerifierState]
) -> Response:
    vp_verifier.limit(request, "create")
    data = decode_json_body(await request.body(), RequestCreate)
    row, secret = await sync_to_thread(_create, db, vp_verifier, data)
    return Response(_out(vp_verifier, row, time.time(), secret), status_code=201, headers={"Cache-Control": "no-store"})


@get("/api/v1/verifier/requests/{request_id:str}", summary="A presentation request's status and result (read secret)")
async def read_request(
    request: Request,
    db: NamedDependency[Database],
    vp_verifier: NamedDependency[VerifierState],
    request_id: FromPath[str],
) -> Response:
    vp_verifier.limit(request, "read")
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not SECRET_SHAPE.match(secret.strip()):
        raise ApiError(401, "secret_required", "Send the request's secret as 'Authorization: Bearer <secret>'.", headers={"WWW-Authenticate": "Bearer"})
    now = time.time()
    row = store.by_secret(db, secret.strip(), now)
    if row is None or row["id"] != request_id:
        raise ApiError(404, "not_found", "No such request, or it was deleted.")
    store.mark_read(db, row, now, vp_verifier.config.read_retention)
    return Response(_out(vp_verifier, row, now), headers={"Cache-Control": "no-store"})


# --- OpenID4VP ------------------------------------------------------------------


@get("/oid4vp/requests/{request_id:str}/request.jwt", include_in_schema=False)
async def request_object(
    request: Request,
    db: NamedDependency[Database],
    vp_verifier: NamedDependency[VerifierState],
    request_id: FromPath[str],
) -> Response:
    vp_verifier.limit(request, "wallet")
    now = time.time()
    row = store.by_id(db, request_id, now) if ID_SHAPE.match(request_id) else None
    if row is None:
        raise ApiError(404, "invalid_request_uri", "No such request, or it was deleted.")
    if row["answered"] is not None or row["expires"] <= now:
        raise ApiError(410, "invalid_request_uri", "This request was already answered or has expired.")
    jwt = vp_verifier.endpoints.request_object(db, row)
    return Response(jwt, media_type="application/oauth-authz-req+jwt", headers={"Cache-Control": "no-store"})


def _decrypt_answer(db, compact: str, now: float) -> dict:
    kid = jwe.header(compact).get("kid")
    row = store.by_id(db, kid, now) if isinstance(kid, str) and ID_SHAPE.match(kid) else None
    if row is None or row["response_mode"] != "direct_post.jwt":
        raise jwe.JweError("the JWE header's kid names no request that waits for an encrypted answer")
    try:
        fields = json.loads(jwe.decrypt(compact, store.decryption_key(db, row)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise jwe.JweError(f"the decrypted answer is not JSON ({exc})" if not isinstance(exc, jwe.JweError) else str(exc)) from None
    if not isinstance(fields, dict) or fields.get("state") != row["state"]:
        raise jwe.JweError("the encrypted answer does not carry this request's state")
    return fields


@post("/oid4vp/response", include_in_schema=False, status_code=200)
async def response_endpoint(
    request: Request,
    db: NamedDependency[Database],
    verify_options: NamedDependency[VerifyOptions],
    vp_verifier: NamedDependency[VerifierState],
) -> Response:
    wait = vp_verifier.wait(request, "wallet")
    if wait:
        retry = {"Retry-After": str(wait)}
        raise OAuthError("rate_limited", f"Try again in {wait} seconds.", 429, retry)
    form = await request.form()
    now = time.time()
    compact = form.get("response")
    answer = form
    if isinstance(compact, str) and compact:
        # direct_post.jwt: the JWE's kid names the request (its key); nothing is
        # recorded until the answer decrypts and names that request's state.
        try:
            answer = await sync_to_thread(_decrypt_answer, db, compact, now)
        except jwe.JweError as exc:
            raise OAuthError("invalid_request", f"Refused: {exc}.") from None
    state_value = answer.get("state")
    if not isinstance(state_value, str) or not state_value:
        raise OAuthError("invalid_request", "state is missing.")
    config = vp_verifier.config
    row, problem = await sync_to_thread(store.take_answer, db, state_value, now, config.unread_retention)
    if problem:
        raise OAuthError("invalid_request", f"Refused: {problem}.")
    error = answer.get("error")
    if row["response_mode"] == "direct_post.jwt" and answer is form:
        # The answer came in the clear although the request asked for encryption.
        result = {"result": "refused", "reasons": ["this request asks for an encrypted answer (direct_post.jwt)"], "credentials": []}
    elif isinstance(error, str) and error:
        described = answer.get("error_description")
        why = f"the wallet declined ({error[:64]}{': ' + described[:200] if isinstance(described, str) else ''})"
        result = {"result": "refused", "reasons": [why], "credentials": []}
    else:
        vp_token = answer.get("vp_token")
        try:
            result = await check_answer(
                vp_verifier.pool,
                vp_verifier.endpoints,
                row,
                vp_token if isinstance(vp_token, (str, dict)) else None,
                verify_options.max_input_bytes,
            )
        except Exception:
            log.exception("checking the answer to request %s failed", row["id"])
            result = {"result": "refused", "reasons": ["the server could not check this answer"], "credentials": []}
    await sync_to_thread(store.save_result, db, row["id"], result)
    if result["result"] == "refused":
        raise OAuthError("invalid_request", "Refused: " + "; ".join(result["reasons"])[:2000])
    return Response({}, headers={"Cache-Control": "no-store"})


# --- the employer's pages -------------------------------------------------------


def _render(request: Request, template: str, lang: str, **context) -> str:
    return request.app.template_engine.get_template(template).render(**page_context(lang), css=CSS, date=lambda v: v[:10] if v else None, **context)


def _page(html: str, status: int = 200, headers: dict | None = None) -> Response:
    return Response(html, status_code=status, media_type="text/html; charset=utf-8", headers={**PAGE_HEADERS, **(headers or {})})


def _form_page(request: Request, lang: str, status: int = 200, **context) -> Response:
    html = _render(request, "verifier_new.html", lang, fields=list(dcql.FIELDS), formats=list(dcql.FORMATS), values={}, **context)
    return Response(html, status_code=status, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


@get("/verifier", include_in_schema=False)
async def verifier_form(request: Request, lang: FromQuery[str | None] = None) -> Response:
    return _form_page(request, negotiate(lang, request.headers.get("accept-language")))


@post("/verifier", include_in_schema=False, status_code=303)
async def verifier_form_submit(
    request: Request,
    db: NamedDependency[Database],
    vp_verifier: NamedDependency[VerifierState],
    lang: FromQuery[str | None] = None,
) -> Response:
    lang_code = negotiate(lang, request.headers.get("accept-language"))
    # No origin check: the form needs no session and a forged post only makes a
    # request whose secret goes back to the browser that posted (D-record in
    # docs/architecture.md, "OpenID4VP verifier").
    wait = vp_verifier.wait(request, "create")
    if wait:
        return _form_page(request, lang_code, 429, error=f"Too many requests: try again in {wait} seconds.")
    form = await request.form()
    fields = [f for f in form.getall("fields") if isinstance(f, str)] if hasattr(form, "getall") else []
    chosen = form.get("format")
    formats = list(dcql.FORMATS) if chosen == "any" else [chosen] if isinstance(chosen, str) and chosen else []

    def text(name: str) -> str | None:
        value = form.get(name)
        return value.strip() or None if isinstance(value, str) else None

    data = RequestCreate(label=text("label") or "", skill=text("skill"), issuer=text("issuer"), fields=fields, formats=formats)
    try:
        _row, secret = await sync_to_thread(_create, db, vp_verifier, data)
    except ApiError as exc:
        return _form_page(request, lang_code, exc.status, error=exc.message)
    suffix = f"?lang={lang_code}" if lang else ""
    return Response("", status_code=303, headers={"Location": f"/verifier/r/{secret}{suffix}", "Cache-Control": "no-store"})


@get("/verifier/r/{secret:str}", include_in_schema=False)
async def verifier_result_page(
    request: Request,
    db: NamedDependency[Database],
    vp_verifier: NamedDependency[VerifierState],
    secret: FromPath[str],
    lang: FromQuery[str | None] = None,
    auto: FromQuery[str | None] = None,
) -> Response:
    lang_code = negotiate(lang, request.headers.get("accept-language"))
    wait = vp_verifier.wait(request, "read")
    if wait:
        return _page(_render(request, "share_gone.html", lang_code, kind="rate_limited", values={"seconds": wait}), 429, {"Retry-After": str(wait)})
    now = time.time()
    row = store.by_secret(db, secret, now) if SECRET_SHAPE.match(secret) else None
    if row is None:
        return _page(_render(request, "share_gone.html", lang_code, kind="not_found", values={}), 404)
    status = _status(row, now)
    e = vp_verifier.endpoints
    context = {"label": row["label"], "status": status, "expires": iso(row["expires"]).replace("T", " ").replace("Z", " UTC")}
    headers: dict = {}
    if status in ("pending", "checking"):
        cross = e.cross_device_link(row)
        # The page reloads itself (no JavaScript) unless the viewer turned that off
        # (WCAG 2.2.1: a time limit the user can turn off); then "check now".
        refresh = None if auto == "0" else vp_verifier.config.refresh_seconds
        context.update(cross=cross, same=e.same_device_link(row), qr=qr_svg(cross), refresh=refresh, auto_off=refresh is None)
        if lang:
            context["lang_query"] = f"lang={lang_code}&"
    elif status == "answered":
        store.mark_read(db, row, now, vp_verifier.config.read_retention)
        result = json.loads(row["result"])
        for c in result["credentials"]:
            c["verdict"] = msgspec.convert(c["verdict"], PresentationVerdict)
        context.update(result=result, answered=iso(row["answered"]), deleted=iso(min(row["delete_after"], now + vp_verifier.config.read_retention)))
    return _page(_render(request, "verifier_request.html", lang_code, **context), headers=headers)


ROUTES = [create_request, read_request, request_object, response_endpoint, verifier_form, verifier_form_submit, verifier_result_page]
