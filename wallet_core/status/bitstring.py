"""Bitstring Status List (W3C) and its predecessor StatusList2021."""

from __future__ import annotations

import zlib

from .. import reasons
from ..encoding import b64url_decode, multibase_decode
from ..vc_model import as_list, types
from ..verdict import Check
from .lists import ListSignatureCheck, ListUnavailable, fetch_status_list_credential

MAX_LIST_BYTES = 16 * 1024 * 1024  # 128 Mi entries


def decode_list(encoded: str) -> bytes:
    """The bitstring: GZIP of the bits, base64url (multibase 'u' for Bitstring)."""
    raw = multibase_decode(encoded) if encoded.startswith("u") else b64url_decode(encoded)
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        bits = d.decompress(raw, MAX_LIST_BYTES + 1)
    except zlib.error as exc:
        raise ValueError(f"the status list is not GZIP data: {exc}") from None
    if len(bits) > MAX_LIST_BYTES:
        raise ValueError("the status list is too large")
    return bits


def bit_at(bits: bytes, index: int) -> bool:
    byte, offset = divmod(index, 8)
    if index < 0 or byte >= len(bits):
        raise IndexError(index)
    return bool(bits[byte] & (0x80 >> offset))


def check(entry: dict, credential: dict, env, list_signature: ListSignatureCheck) -> Check:
    list_url = entry.get("statusListCredential")
    purpose = entry.get("statusPurpose", "revocation")
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return reasons.check("status", "failed", "status.no_index")
    if not isinstance(list_url, str):
        return reasons.check("status", "failed", "status.no_list_credential")
    try:
        list_credential = fetch_status_list_credential(list_url, env, list_signature)
    except ListUnavailable as exc:
        return reasons.from_exc("status", "could_not_check", exc)
    subjects = [s for s in as_list(list_credential.get("credentialSubject")) if isinstance(s, dict)]
    if not subjects:
        return reasons.check("status", "could_not_check", "status.list_empty", list=list_url)
    subject = subjects[0]
    if not set(types(subject)) & {"BitstringStatusList", "StatusList2021"}:
        return reasons.check("status", "could_not_check", "status.list_type", list=list_url)
    if subject.get("statusPurpose", purpose) != purpose:
        return reasons.check(
            "status",
            "could_not_check",
            "status.list_purpose",
            list=list_url,
            purpose=subject.get("statusPurpose"),
            wanted=purpose,
        )
    try:
        bits = decode_list(subject.get("encodedList", ""))
        is_set = bit_at(bits, index)
    except (ValueError, IndexError) as exc:
        return reasons.check(
            "status", "could_not_check", "status.list_undecodable", exc, list=list_url
        )
    suspension = purpose == "suspension"
    if is_set:
        code = "status.suspended" if suspension else "status.revoked"
        return reasons.check("status", "failed", code, list=list_url, index=index)
    code = "status.not_suspended" if suspension else "status.not_revoked"
    return reasons.check("status", "passed", code, list=list_url, index=index)
