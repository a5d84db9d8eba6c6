"""Claim links: each award gets an unguessable token (256 bits) that opens
``/claim/<token>``, the learner's page with the offer QR and the downloads.

Only the token's SHA-256 is stored; the console shows the token once, when the
award is made (or a new link is made, which ends the old one).
"""

from __future__ import annotations

import secrets
import time

import sqlite_utils

from server.issuer.awards import get_award
from server.issuer.identity import public_origin
from server.security.tokens import hash_secret


class UnknownClaim(LookupError):
    pass


def claim_url(public_url: str, token: str) -> str:
    return f"{public_origin(public_url)}/claim/{token}"


def new_claim_token(db: sqlite_utils.Database, award_id: str, lifetime: int) -> str:
    """A new claim token for the award; the previous one stops working."""
    get_award(db, award_id)
    token = secrets.token_urlsafe(32)
    with db.atomic():
        db.execute(
            "update awards set claim_hash = ?, claim_expires = ? where id = ?",
            [hash_secret(token), time.time() + lifetime, award_id],
        )
    return token


def award_for_claim(db: sqlite_utils.Database, token: str) -> tuple[dict, bool]:
    """(award, expired) for a claim token; raises UnknownClaim."""
    if not token or len(token) > 100:
        raise UnknownClaim(token)
    rows = list(db["awards"].rows_where("claim_hash = ?", [hash_secret(token)], select="id, claim_expires"))
    if not rows:
        raise UnknownClaim(token)
    return get_award(db, rows[0]["id"]), (rows[0]["claim_expires"] or 0) < time.time()
