"""GET/PUT /api/v1/backup. See docs/api.md#encrypted-backup."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request, Response, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody

from server.accounts.guards import signed_in
from server.backups import store
from server.errors import ApiError
from server.security.tokens import b64url, b64url_decode
from server.storage import Database

# Largest ciphertext accepted (bytes, after base64url decoding) and largest key-slot JSON.
MAX_BACKUP_BYTES = 8 * 1024 * 1024
MAX_KEYS_BYTES = 64 * 1024
MAX_BODY = MAX_BACKUP_BYTES * 4 // 3 + MAX_KEYS_BYTES + 4096
VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


class BackupIn(msgspec.Struct, forbid_unknown_fields=True):
    ciphertext: str  # base64url of the client's AES-GCM output
    keys: dict[str, Any]  # key-wrapping metadata, opaque to the server


class BackupSaved(msgspec.Struct):
    version: int
    size: int
    created: str


class BackupOut(msgspec.Struct):
    version: int
    size: int
    created: str
    ciphertext: str
    keys: dict[str, Any]


def _etag(version: int) -> str:
    return f'"{version}"'


def _expected_version(request: Request) -> int:
    header = request.headers.get("if-match")
    if header is None:
        raise ApiError(
            428,
            "precondition_required",
            'Send If-Match with the version this backup replaces ("0" when there is none yet).',
        )
    match = VERSION.match(header)
    if not match:
        raise ApiError(400, "bad_request", 'If-Match must be a backup version such as "3".')
    return int(match.group(1))


@put("/api/v1/backup", guards=[signed_in], status_code=200, request_max_body_size=MAX_BODY)
async def put_backup(
    request: Request, data: JSONBody[BackupIn], db: NamedDependency[Database]
) -> Response:
    account_id = request.state.account_session["account_id"]
    expected = _expected_version(request)
    try:
        ciphertext = b64url_decode(data.ciphertext)
    except ValueError:
        raise ApiError(400, "bad_request", "ciphertext must be base64url.") from None
    if not ciphertext:
        raise ApiError(400, "bad_request", "ciphertext is empty.")
    if len(ciphertext) > MAX_BACKUP_BYTES:
        raise ApiError(413, "too_large", f"A backup is at most {MAX_BACKUP_BYTES // (1024 * 1024)} MiB of ciphertext.")
    keys = msgspec.json.encode(data.keys)
    if len(keys) > MAX_KEYS_BYTES:
        raise ApiError(413, "too_large", f"keys is at most {MAX_KEYS_BYTES // 1024} KiB of JSON.")
    try:
        saved = store.put(db, account_id, expected, ciphertext, keys.decode())
    except store.VersionConflict as exc:
        raise ApiError(
            412,
            "version_conflict",
            f"The backup on the server is version {exc.current}, not {expected}: another device "
            "backed up first. Download it, merge, and upload again.",
            extra={"version": exc.current},
            headers={"ETag": _etag(exc.current)},
        ) from None
    return Response(
        BackupSaved(**saved), headers={"ETag": _etag(saved["version"]), "Cache-Control": "no-store"}
    )


@get("/api/v1/backup", guards=[signed_in])
async def get_backup(request: Request, db: NamedDependency[Database]) -> Response:
    row = store.latest(db, request.state.account_session["account_id"])
    if row is None:
        raise ApiError(404, "no_backup", "This account has no backup yet.", extra={"version": 0})
    headers = {"ETag": _etag(row["version"]), "Cache-Control": "no-store"}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match and (m := VERSION.match(if_none_match)) and int(m.group(1)) == row["version"]:
        return Response(None, status_code=304, headers=headers)
    body = BackupOut(
        version=row["version"],
        size=row["size"],
        created=row["created"],
        ciphertext=b64url(row["ciphertext"]),
        keys=msgspec.json.decode(row["keys"]),
    )
    return Response(body, headers=headers)


ROUTES = [put_backup, get_backup]
