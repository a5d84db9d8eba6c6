"""Bitstring Status List: one list for revocation (/issuer/status/1) and one for
suspension (/issuer/status/2). Every award holds the same random index in both.

The SD-JWT VC form of an award uses the IETF Token Status List instead
(/issuer/status-token/1, a JWT with ``typ: statuslist+jwt``) at the same index,
with 2 bits per entry (0 valid, 1 revoked, 2 suspended), so one revoke or
suspend in the console changes both forms at once.

The lists are built from the ``awards`` table on request and signed with the
issuer's current key (eddsa-rdfc-2022), so a flipped bit is visible at once on
this server; other verifiers see it within ``Cache-Control: max-age``.
"""

from __future__ import annotations

import gzip
import secrets
from datetime import UTC, datetime

import sqlite_utils

from server.issuer import store
from server.issuer.identity import current_key, did_web_for, public_origin
from wallet_core.encoding import b64url_encode
from wallet_core.sign import sign_eddsa_rdfc_2022
from wallet_core.status import token_status_list as tsl

LIST_BITS = 131072  # the spec's minimum, so one entry hides among 16 KiB of others
LISTS = {1: "revocation", 2: "suspension"}
COLUMN = {"revocation": "revoked", "suspension": "suspended"}


def list_url(public_url: str, list_id: int) -> str:
    return f"{public_origin(public_url)}/issuer/status/{list_id}"


def allocate_index(db: sqlite_utils.Database) -> int:
    """A random unused index (random, not sequential: indexes must not reveal order)."""
    used = store.status_indexes(db)
    if len(used) >= LIST_BITS:
        raise RuntimeError("the status list is full")
    while True:
        index = secrets.randbelow(LIST_BITS)
        if index not in used:
            return index


def status_entries(public_url: str, index: int) -> list[dict]:
    return [
        {
            "id": f"{list_url(public_url, list_id)}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": str(index),
            "statusListCredential": list_url(public_url, list_id),
        }
        for list_id, purpose in LISTS.items()
    ]


def encoded_list(db: sqlite_utils.Database, purpose: str) -> str:
    bits = bytearray(LIST_BITS // 8)
    column = COLUMN[purpose]
    for index in store.flagged_indexes(db, column):
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + b64url_encode(gzip.compress(bytes(bits), mtime=0))


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def status_list_credential(db: sqlite_utils.Database, public_url: str, list_id: int) -> dict:
    purpose = LISTS[list_id]
    url = list_url(public_url, list_id)
    did = did_web_for(public_url)
    now = datetime.now(UTC)
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did,
        "validFrom": _iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list(db, purpose),
        },
    }
    key = current_key(db)
    return sign_eddsa_rdfc_2022(credential, key.private_key, key.method_id(did), _iso(now))


def set_status(db: sqlite_utils.Database, award_id: str, purpose: str, value: bool) -> bool:
    """Set or clear the revocation/suspension bit; False if there is no such award."""
    from server.storage import now_iso

    return store.set_award_flag(db, award_id, COLUMN[purpose], value, now_iso())



TOKEN_LISTS = {1}
TOKEN_BITS = 2  # 0 valid, 1 invalid (revoked), 2 suspended
TOKEN_EXP = 24 * 3600  # a copy older than a day is not used (exp)


def token_list_url(public_url: str, list_id: int = 1) -> str:
    return f"{public_origin(public_url)}/issuer/status-token/{list_id}"


def token_status_reference(public_url: str, index: int) -> dict:
    """The ``status`` claim of an SD-JWT VC holding entry ``index``."""
    return {"status_list": {"idx": index, "uri": token_list_url(public_url)}}


def status_list_token(db: sqlite_utils.Database, public_url: str, max_age: int) -> str:
    """The Status List Token (JWT), signed by the issuer's current did:web key."""
    statuses = {}
    for index, revoked, suspended in store.flagged_awards(db):
        statuses[index] = tsl.INVALID if revoked else tsl.SUSPENDED
    lst = tsl.encode_list(statuses, LIST_BITS, TOKEN_BITS)
    did = did_web_for(public_url)
    key = current_key(db)
    iat = int(datetime.now(UTC).timestamp())
    return tsl.sign_status_list_token(
        lst,
        TOKEN_BITS,
        key.private_key,
        kid=key.method_id(did),
        uri=token_list_url(public_url),
        iat=iat,
        issuer=did,
        ttl=max_age,
        exp=iat + TOKEN_EXP,
    )
