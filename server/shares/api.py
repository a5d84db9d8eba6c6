"""Share links: the API the wallet app uses (``/api/v1/shares…``): nonces,
creating a share, and listing, reading and revoking shares with the device's
manage secret. See docs/api.md ("Share links").
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import datetime

import msgspec
from litestar import Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from server.errors import ApiError, decode_json_body
from server.shares import ShareConfig, store
from server.shares.schemas import (
    CredentialSummary,
    NonceOut,
    Share,
    ShareCreate,
    ShareCreated,
    ShareList,
    View,
)
from server.shares.service import refusal
from server.shares.state import ShareState, iso
from server.storage import Database
from wallet_core import VerifyOptions
from wallet_core.presentations import PresentationVerdict, claimed

SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22,256}$")


def _parse_expiry(value: str, now: float, config: ShareConfig) -> float:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ApiError(400, "bad_request", "expires_at must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z.") from None
    if moment.tzinfo is None:
        raise ApiError(400, "bad_request", "expires_at needs a time zone (e.g. a trailing Z for UTC).")
    ts = moment.timestamp()
    if ts < now + 60:
        raise ApiError(400, "bad_request", "expires_at must be at least a minute in the future.")
    if ts > now + config.max_share_days * 86400 + 300:
        raise ApiError(400, "bad_request", f"expires_at may be at most {config.max_share_days} days away.")
    return ts


def _manage_hash(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not SECRET_SHAPE.match(secret.strip()):
        raise ApiError(
            401,
            "manage_secret_required",
            "Send the device's manage secret as 'Authorization: Bearer <secret>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return store.hash_secret(secret.strip())


def _share_out(row: dict, views: tuple[int, list[dict]], now: float) -> Share:
    count, listed = views
    return Share(
        id=row["id"],
        label=row["label"] or "",
        holder=row["holder"],
        credential_count=row["credential_count"],
        created_at=iso(row["created"]),
        expires_at=iso(row["expires"]),
        expired=row["expires"] <= now,
        revoked=row["revoked"] is not None,
        revoked_at=iso(row["revoked"]),
        view_count=count,
        views=[View(at=iso(v["at"]), verifier_name=v["verifier_name"]) for v in listed],
    )


@post("/api/v1/shares/nonce", status_code=200, summary="A single-use nonce and the audience for a share presentation")
async def share_nonce(
    request: Request, db: NamedDependency[Database], shares: NamedDependency[ShareState]
) -> Response:
    shares.limit(request, "create")
    nonce, expires = store.new_nonce(db, shares.config.nonce_lifetime)
    out = NonceOut(nonce=nonce, audience=shares.audience, expires=iso(expires), expires_in=shares.config.nonce_lifetime)
    return Response(out, headers={"Cache-Control": "no-store"})


@post("/api/v1/shares", status_code=201, summary="Store a signed presentation as a share link")
async def create_share(
    request: Request,
    db: NamedDependency[Database],
    verify_options: NamedDependency[VerifyOptions],
    shares: NamedDependency[ShareState],
) -> Response:
    shares.limit(request, "create")
    config = shares.config
    data = decode_json_body(await request.body(), ShareCreate, "share request")
    now = time.time()
    label = data.label.strip()
    if len(label) > config.max_label_chars:
        raise ApiError(400, "bad_request", f"label may have at most {config.max_label_chars} characters.")
    if not SECRET_SHAPE.match(data.manage_secret):
        raise ApiError(400, "bad_request", "manage_secret must be 22–256 base64url characters (at least 128 random bits).")
    expires = _parse_expiry(data.expires_at, now, config)
    said = claimed(data.presentation, verify_options.max_input_bytes)  # InputError -> 4xx
    problem = store.nonce_problem(db, said.nonce, now)
    if problem:
        raise ApiError(422, "replayed_presentation", f"Refused: {problem}.")
    verdict: PresentationVerdict = await shares.verifier.verify_presentation(
        data.presentation, shares.audience, said.nonce
    )
    refused = refusal(verdict)
    if refused:
        code, reason = refused
        raise ApiError(
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
        raise ApiError(422, "replayed_presentation", "Refused: the presentation's nonce was used meanwhile: this is a replay.")
    shares.cache.put(share_id, verdict)
    out = ShareCreated(
        id=share_id,
        token=token,
        url=f"{shares.base_url}/s/{token}",
        label=label,
        holder=verdict.holder,
        created_at=iso(now),
        expires_at=iso(expires),
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
    request: Request, db: NamedDependency[Database], shares: NamedDependency[ShareState]
) -> Response:
    shares.limit(request, "manage")
    manage_hash = _manage_hash(request)
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
        raise ApiError(404, "not_found", "No share with this id is managed by this secret.")
    return row


@get("/api/v1/shares/{share_id:str}", summary="One share: label, expiry, revoked, views")
async def get_share(
    request: Request,
    db: NamedDependency[Database],
    shares: NamedDependency[ShareState],
    share_id: FromPath[str],
) -> Response:
    row = _managed(request, db, shares, share_id)
    out = _share_out(row, store.views_of(db, [share_id])[share_id], time.time())
    return Response(out, headers={"Cache-Control": "no-store"})


@delete("/api/v1/shares/{share_id:str}", status_code=200, summary="Revoke a share (its link stops working)")
async def revoke_share(
    request: Request,
    db: NamedDependency[Database],
    shares: NamedDependency[ShareState],
    share_id: FromPath[str],
) -> Response:
    _managed(request, db, shares, share_id)
    store.revoke(db, share_id, time.time())
    shares.cache.drop(share_id)
    row = store.share_for_manager(db, share_id, _manage_hash(request))
    out = _share_out(row, store.views_of(db, [share_id])[share_id], time.time())
    return Response(out, headers={"Cache-Control": "no-store"})


ROUTES = [share_nonce, create_share, list_shares, get_share, revoke_share]
