"""IETF Token Status List (draft-ietf-oauth-status-list), JWT form.

A referenced token (here an SD-JWT VC) carries
``"status": {"status_list": {"idx": N, "uri": "https://…"}}``. The URI serves a
Status List Token: a JWT with ``typ: statuslist+jwt``, ``sub`` equal to that
URI, ``iat``, optionally ``exp`` and ``ttl``, and
``status_list: {"bits": 1|2|4|8, "lst": base64url(ZLIB(DEFLATE(bytes)))}``.

Each status takes ``bits`` bits; index 0 sits in the least significant bits of
the first byte. Values: 0 valid, 1 invalid (revoked), 2 suspended, 3
application-specific; others are not defined.

Parsing (``decode_list``, ``status_at``) is kept apart from fetching and
checking (``check``). The verdict never fails open: a token that cannot be
fetched, or whose issuer key cannot be obtained, is ``could_not_check``; a token
that is not signed by the referenced token's issuer, or is malformed, is
``failed``. ``encode_list`` and ``sign_status_list_token`` are the issuer side.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import jsonsafe, reasons
from ..dates import parse_epoch
from ..encoding import b64url_decode, b64url_encode
from ..fetch_reasons import fetch_check
from ..fetcher import FetchError
from ..jose import JoseError, verify_compact
from ..keys import KeyInvalid, KeyUnavailable, VerificationKey
from ..verdict import Check

TYP = "statuslist+jwt"
MEDIA_TYPE = "application/statuslist+jwt"
BITS = (1, 2, 4, 8)
VALID, INVALID, SUSPENDED = 0, 1, 2
MAX_LIST_BYTES = 16 * 1024 * 1024
MAX_TOKEN_BYTES = 8 * 1024 * 1024


class StatusListError(ValueError):
    """The token or list is wrong: the check fails."""


class StatusUnavailable(Exception):
    """No usable list right now (e.g. the token has expired): could_not_check."""


# --- the list ------------------------------------------------------------------


def encode_list(statuses: Mapping[int, int], size: int, bits: int = 1) -> str:
    """``lst``: ``size`` statuses of ``bits`` bits (all 0 except ``statuses``)."""
    if bits not in BITS:
        raise ValueError(f"bits must be one of {BITS}")
    per_byte = 8 // bits
    data = bytearray(-(-size // per_byte))
    for index, value in statuses.items():
        if not 0 <= index < size or not 0 <= value < (1 << bits):
            raise ValueError(f"status {value} at {index} does not fit the list")
        byte, slot = divmod(index, per_byte)
        data[byte] |= value << (slot * bits)
    return b64url_encode(zlib.compress(bytes(data), 9))


def decode_list(lst: str) -> bytes:
    try:
        raw = b64url_decode(lst)
    except ValueError as exc:
        raise reasons.error(StatusListError, "tsl.lst_base64", exc) from None
    try:
        d = zlib.decompressobj(zlib.MAX_WBITS)  # the ZLIB format (RFC 1950)
        data = d.decompress(raw, MAX_LIST_BYTES + 1)
    except zlib.error as exc:
        raise reasons.error(StatusListError, "tsl.lst_zlib", exc) from None
    if len(data) > MAX_LIST_BYTES or d.unconsumed_tail:
        raise reasons.error(StatusListError, "tsl.list_too_large")
    if not d.eof:
        raise reasons.error(StatusListError, "tsl.lst_truncated")
    return data


def status_at(data: bytes, index: int, bits: int) -> int:
    if bits not in BITS:
        raise reasons.error(StatusListError, "tsl.bits", bits=repr(bits))
    per_byte = 8 // bits
    byte, slot = divmod(index, per_byte)
    if index < 0 or byte >= len(data):
        raise reasons.error(StatusListError, "tsl.index", index=index, size=len(data) * per_byte)
    return (data[byte] >> (slot * bits)) & ((1 << bits) - 1)


# --- the token (issuer side) ---------------------------------------------------


def sign_status_list_token(
    lst: str,
    bits: int,
    private_key: Ed25519PrivateKey,
    *,
    kid: str,
    uri: str,
    iat: int,
    issuer: str | None = None,
    ttl: int | None = None,
    exp: int | None = None,
) -> str:
    header = {"alg": "EdDSA", "typ": TYP, "kid": kid}
    payload: dict = {"sub": uri, "iat": iat, "status_list": {"bits": bits, "lst": lst}}
    if issuer is not None:
        payload["iss"] = issuer
    if ttl is not None:
        payload["ttl"] = ttl
    if exp is not None:
        payload["exp"] = exp
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(payload, separators=(",", ":")).encode())
    signature = private_key.sign(f"{head}.{body}".encode("ascii"))
    return f"{head}.{body}.{b64url_encode(signature)}"


# --- checking (verifier side) --------------------------------------------------


def _json_part(part: str, what: str) -> dict:
    try:
        value = jsonsafe.loads_jose(b64url_decode(part))
    except (ValueError, UnicodeDecodeError):
        raise reasons.error(StatusListError, "tsl.part_not_json", part_code=what) from None
    if not isinstance(value, dict):
        raise reasons.error(StatusListError, "tsl.part_not_object", part_code=what)
    return value


def reference(payload: dict) -> tuple[int, str]:
    """(idx, uri) of a referenced token's ``status.status_list``."""
    status = payload.get("status")
    ref = status.get("status_list") if isinstance(status, dict) else None
    if not isinstance(ref, dict):
        raise reasons.error(StatusListError, "tsl.no_reference")
    idx, uri = ref.get("idx"), ref.get("uri")
    if not isinstance(idx, int) or isinstance(idx, bool) or idx < 0:
        raise reasons.error(StatusListError, "tsl.bad_idx")
    if not isinstance(uri, str) or not uri.startswith(("https://", "http://")):
        raise reasons.error(StatusListError, "tsl.bad_uri")
    return idx, uri


KeyResolver = Callable[[dict, dict], VerificationKey]


def check(
    payload: dict,
    issuer: str | None,
    resolve_key: KeyResolver,
    env,
) -> Check:
    """The ``status`` check of a referenced token carrying ``status.status_list``.

    ``resolve_key(header, claims)`` finds the key that signed the status list
    token (the same way the referenced token's issuer key is found); the key
    must belong to ``issuer``, the referenced token's issuer.
    """
    try:
        idx, uri = reference(payload)
    except StatusListError as exc:
        return reasons.from_exc("status", "failed", exc)
    if env.fetcher is None:
        return reasons.check("status", "could_not_check", "status.token_offline", uri=uri)
    try:
        body = env.fetcher.fetch(uri)
    except FetchError as exc:
        return fetch_check("status", "could_not_check", "what.status_list_token", uri, exc)
    try:
        status = _status_from_token(body, idx, uri, issuer, resolve_key, env)
    except KeyUnavailable as exc:
        return reasons.check("status", "could_not_check", "tsl.key_unavailable", exc, uri=uri)
    except StatusUnavailable as exc:
        return reasons.check("status", "could_not_check", "tsl.problem", exc, uri=uri)
    except (StatusListError, KeyInvalid, JoseError) as exc:
        return reasons.check("status", "failed", "tsl.problem", exc, uri=uri)
    where = {"where_code": "tsl.where", "uri": uri, "index": idx}
    if status == VALID:
        return reasons.check("status", "passed", "status.token_valid", **where)
    if status == INVALID:
        return reasons.check("status", "failed", "status.token_revoked", **where)
    if status == SUSPENDED:
        return reasons.check("status", "failed", "status.token_suspended", **where)
    return reasons.check(
        "status", "could_not_check", "tsl.unknown_value", value=f"{status:#04x}", **where
    )


def _status_from_token(body: bytes, idx: int, uri: str, issuer, resolve_key: KeyResolver, env) -> int:
    if len(body) > MAX_TOKEN_BYTES:
        raise reasons.error(StatusListError, "tsl.token_too_large")
    try:
        token = body.decode("ascii").strip()
    except UnicodeDecodeError:
        raise reasons.error(StatusListError, "tsl.not_jwt") from None
    parts = token.split(".")
    if len(parts) != 3:
        raise reasons.error(StatusListError, "tsl.not_jwt")
    header, claims = _json_part(parts[0], "tsl.part.header"), _json_part(parts[1], "tsl.part.payload")
    if header.get("typ") != TYP:
        raise reasons.error(StatusListError, "tsl.typ", typ=repr(header.get("typ")), wanted=TYP)
    key = resolve_key(header, claims if "iss" in claims else {**claims, "iss": issuer})
    if not verify_compact(token, str(header.get("alg")), key.public_key):
        raise reasons.error(StatusListError, "tsl.signature")
    if issuer is None or key.controller != issuer or not key.controller_proven:
        raise reasons.error(StatusListError, "tsl.key_of_other", controller=key.controller, issuer=issuer)
    if claims.get("iss", issuer) != issuer:
        raise reasons.error(StatusListError, "tsl.iss", iss=repr(claims.get("iss")), issuer=issuer)
    if claims.get("sub") != uri:
        raise reasons.error(StatusListError, "tsl.sub", sub=repr(claims.get("sub")))
    now = env.now.timestamp()
    skew = env.options.max_clock_skew.total_seconds()
    iat, nbf, exp = claims.get("iat"), claims.get("nbf"), claims.get("exp")
    if parse_epoch(iat) is None:  # missing, not a number, NaN, infinite, out of range
        raise reasons.error(StatusListError, "tsl.iat")
    for name, value in (("nbf", nbf), ("exp", exp)):
        if value is not None and parse_epoch(value) is None:
            raise reasons.error(StatusListError, "tsl.bad_date", claim=name)
    if max(iat, nbf if nbf is not None else iat) > now + skew:
        raise reasons.error(StatusListError, "tsl.future")
    if exp is not None and exp < now - skew:
        raise reasons.error(StatusUnavailable, "tsl.expired")
    status_list = claims.get("status_list")
    if not isinstance(status_list, dict):
        raise reasons.error(StatusListError, "tsl.no_status_list")
    bits = status_list.get("bits")
    lst = status_list.get("lst")
    if not isinstance(lst, str):
        raise reasons.error(StatusListError, "tsl.no_lst")
    return status_at(decode_list(lst), idx, bits if isinstance(bits, int) else -1)
