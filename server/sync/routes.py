"""GET/POST /api/v1/sync. See docs/api.md#sync."""

from __future__ import annotations

import re

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody

from server.accounts.guards import signed_in
from server.errors import ApiError
from server.security.tokens import b64url, b64url_decode
from server.storage import Database
from server.sync import store

MAX_ITEM_BYTES = 256 * 1024
MAX_BATCH = 500
PAGE_DEFAULT = 500
PAGE_MAX = 1000
ITEM_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
CURSOR = re.compile(r"^\d{1,18}$")


class ItemIn(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    base_version: int
    ciphertext: str | None = None
    deleted: bool = False


class PushIn(msgspec.Struct, forbid_unknown_fields=True):
    items: list[ItemIn]


class ItemOut(msgspec.Struct):
    id: str
    version: int
    deleted: bool
    ciphertext: str | None
    modified: str


class ResultOut(msgspec.Struct):
    id: str
    status: str  # "accepted" | "conflict"
    version: int | None = None  # the new version when accepted
    current: ItemOut | None = None  # the server's item when in conflict (None: it does not exist)


class PullOut(msgspec.Struct):
    items: list[ItemOut]
    cursor: str
    more: bool


class PushOut(msgspec.Struct):
    results: list[ResultOut]


def _out(item: dict) -> ItemOut:
    ct = item["ciphertext"]
    return ItemOut(
        id=item["id"],
        version=item["version"],
        deleted=item["deleted"],
        ciphertext=b64url(ct) if ct is not None else None,
        modified=item["modified"],
    )


@get("/api/v1/sync", guards=[signed_in])
async def pull(
    request: Request,
    db: NamedDependency[Database],
    since: FromQuery[str] = "0",
    limit: FromQuery[int] = PAGE_DEFAULT,
) -> Response:
    if not CURSOR.match(since):
        raise ApiError(400, "bad_request", "since must be a cursor returned by this endpoint (or 0).")
    if not 1 <= limit <= PAGE_MAX:
        raise ApiError(400, "bad_request", f"limit is 1–{PAGE_MAX}.")
    items, more = store.changes_since(db, request.state.account_session["account_id"], int(since), limit)
    cursor = str(items[-1]["seq"]) if items else since
    return Response(PullOut(items=[_out(i) for i in items], cursor=cursor, more=more), headers={"Cache-Control": "no-store"})


def _change(item: ItemIn, index: int) -> store.Change:
    where = f"items[{index}]"
    if not ITEM_ID.match(item.id):
        raise ApiError(400, "bad_request", f"{where}.id must be 1–128 characters of A–Z a–z 0–9 _ -.")
    if item.base_version < 0:
        raise ApiError(400, "bad_request", f"{where}.base_version must be 0 or more.")
    if item.deleted == (item.ciphertext is not None):
        raise ApiError(400, "bad_request", f"{where} needs exactly one of ciphertext or deleted: true.")
    if item.deleted:
        return store.Change(item.id, item.base_version, None)
    try:
        ciphertext = b64url_decode(item.ciphertext)
    except ValueError:
        raise ApiError(400, "bad_request", f"{where}.ciphertext must be base64url.") from None
    if not ciphertext:
        raise ApiError(400, "bad_request", f"{where}.ciphertext is empty.")
    if len(ciphertext) > MAX_ITEM_BYTES:
        raise ApiError(413, "too_large", f"{where}.ciphertext is over {MAX_ITEM_BYTES // 1024} KiB.")
    return store.Change(item.id, item.base_version, ciphertext)


@post("/api/v1/sync", guards=[signed_in], status_code=200)
async def push(request: Request, data: JSONBody[PushIn], db: NamedDependency[Database]) -> Response:
    if not 1 <= len(data.items) <= MAX_BATCH:
        raise ApiError(400, "bad_request", f"Send 1–{MAX_BATCH} items per request.")
    changes = [_change(item, i) for i, item in enumerate(data.items)]
    if len({c.id for c in changes}) != len(changes):
        raise ApiError(400, "bad_request", "An item id appears twice in one request.")
    results = store.apply(db, request.state.account_session["account_id"], changes)
    out = [
        ResultOut(
            id=r["id"],
            status=r["status"],
            version=r.get("version"),
            current=_out(r["current"]) if r.get("current") else None,
        )
        for r in results
    ]
    return Response(PushOut(results=out), headers={"Cache-Control": "no-store"})


ROUTES = [pull, push]
