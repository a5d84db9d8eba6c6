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
        raise StatusListError(f"lst is not base64url: {exc}") from None
    try:
        d = zlib.decompressobj(zlib.MAX_WBITS)  # the ZLIB format (RFC 1950)
        data = d.decompress(raw, MAX_LIST_BYTES + 1)
    except zlib.error as exc:
        raise StatusListError(f"lst is not ZLIB data: {exc}") from None
    if len(data) > MAX_LIST_BYTES or d.unconsumed_tail:
        raise StatusListError("the status list is too large")
    if not d.eof:
        raise StatusListError("lst is truncated ZLIB data")
    return data


def status_at(data: bytes, index: int, bits: int) -> int:
    if bits not in BITS:
        raise StatusListError(f"bits {bits!r} is not 1, 2, 4 or 8")
    per_byte = 8 // bits
    byte, slot = divmod(index, per_byte)
    if index < 0 or byte >= len(data):
        raise StatusListError(f"index {index} is outside the status list ({len(data) * per_byte} entries)")
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
        raise StatusListError(f"the status list token {what} is not base64url JSON") from None
    if not isinstance(value, dict):
        raise StatusListError(f"the status list token {what} is not a JSON object")
    return value


def reference(payload: dict) -> tuple[int, str]:
    """(idx, uri) of a referenced token's ``status.status_list``."""
    status = payload.get("status")
    ref = status.get("status_list") if isinstance(status, dict) else None
    if not isinstance(ref, dict):
        raise StatusListError("the status claim names no status_list")
    idx, uri = ref.get("idx"), ref.get("uri")
    if not isinstance(idx, int) or isinstance(idx, bool) or idx < 0:
        raise StatusListError("status_list.idx is not a non-negative integer")
    if not isinstance(uri, str) or not uri.startswith(("https://", "http://")):
        raise StatusListError("status_list.uri is not an http(s) URL")
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
        return Check("status", "failed", str(exc))
    if env.fetcher is None:
        return reasons.check("status", "could_not_check", "status.token_offline", uri=uri)
    try:
        body = env.fetcher.fetch(uri)
    except FetchError as exc:
        return Check("status", "could_not_check", f"status list token {uri} could not be fetched: {exc}")
    try:
        status = _status_from_token(body, idx, uri, issuer, resolve_key, env)
    except KeyUnavailable as exc:
        return Check(
            "status", "could_not_check", f"the key of status list token {uri} could not be obtained: {exc}"
        )
    except StatusUnavailable as exc:
        return Check("status", "could_not_check", f"status list token {uri}: {exc}")
    except (StatusListError, KeyInvalid, JoseError) as exc:
        return Check("status", "failed", f"status list token {uri}: {exc}")
    where = f"status list token {uri}, entry {idx}"
    if status == VALID:
        return reasons.check("status", "passed", "status.token_valid", where=where)
    if status == INVALID:
        return reasons.check("status", "failed", "status.token_revoked", where=where)
    if status == SUSPENDED:
        return reasons.check("status", "failed", "status.token_suspended", where=where)
    return Check("status", "could_not_check", f"status value {status:#04x} has no meaning Satchel knows ({where})")


def _status_from_token(body: bytes, idx: int, uri: str, issuer, resolve_key: KeyResolver, env) -> int:
    if len(body) > MAX_TOKEN_BYTES:
        raise StatusListError("the token is too large")
    try:
        token = body.decode("ascii").strip()
    except UnicodeDecodeError:
        raise StatusListError("the token is not a compact JWT") from None
    parts = token.split(".")
    if len(parts) != 3:
        raise StatusListError("the token is not a compact JWT")
    header, claims = _json_part(parts[0], "header"), _json_part(parts[1], "payload")
    if header.get("typ") != TYP:
        raise StatusListError(f"typ is {header.get('typ')!r}, not {TYP}")
    key = resolve_key(header, claims if "iss" in claims else {**claims, "iss": issuer})
    if not verify_compact(token, str(header.get("alg")), key.public_key):
        raise StatusListError("its signature is not valid (altered, or not signed by the issuer)")
    if issuer is None or key.controller != issuer or not key.controller_proven:
        raise StatusListError(f"it is signed with a key of {key.controller}, not of the issuer {issuer}")
    if claims.get("iss", issuer) != issuer:
        raise StatusListError(f"it is issued by {claims.get('iss')!r}, not by {issuer}")
    if claims.get("sub") != uri:
        raise StatusListError(f"its sub is {claims.get('sub')!r}, not the referenced URI")
    now = env.now.timestamp()
    skew = env.options.max_clock_skew.total_seconds()
    iat, nbf, exp = claims.get("iat"), claims.get("nbf"), claims.get("exp")
    if parse_epoch(iat) is None:  # missing, not a number, NaN, infinite, out of range
        raise StatusListError("it has no iat that is a valid date")
    for name, value in (("nbf", nbf), ("exp", exp)):
        if value is not None and parse_epoch(value) is None:
            raise StatusListError(f"its {name} is not a valid date")
    if max(iat, nbf if nbf is not None else iat) > now + skew:
        raise StatusListError("it is dated in the future")
    if exp is not None and exp < now - skew:
        raise StatusUnavailable("it has expired and no fresh copy was served")
    status_list = claims.get("status_list")
    if not isinstance(status_list, dict):
        raise StatusListError("it has no status_list")
    bits = status_list.get("bits")
    lst = status_list.get("lst")
    if not isinstance(lst, str):
        raise StatusListError("status_list.lst is missing")
    return status_at(decode_list(lst), idx, bits if isinstance(bits, int) else -1)
