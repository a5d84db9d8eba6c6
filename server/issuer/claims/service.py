"""Claim links: each award gets an unguessable token (256 bits) that opens
``/claim/<token>``, the learner's page with the offer QR and the downloads.

Only the token's SHA-256 is stored; the console shows the token once, when the
award is made (or a new link is made, which ends the old one).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import sqlite_utils

from server.issuer import store
from server.issuer.awards import get_award
from server.issuer.identity import public_origin
from server.issuer.oid4vci.service import create_offer, offer_links
from server.security.tokens import hash_secret
from server.storage import IntegrityError
from wallet_core.encoding import b64url_encode

# Offers one claim link may make (each made only when the last was used or expired).
MAX_CLAIM_OFFERS = 1000


class UnknownClaim(LookupError):
    pass


def claim_url(public_url: str, token: str) -> str:
    return f"{public_origin(public_url)}/claim/{token}"


def new_claim_token(db: sqlite_utils.Database, award_id: str, lifetime: int) -> str:
    """A new claim token for the award; the previous one stops working."""
    get_award(db, award_id)
    token = secrets.token_urlsafe(32)
    store.set_claim(db, award_id, hash_secret(token), time.time() + lifetime)
    return token


def award_for_claim(db: sqlite_utils.Database, token: str) -> tuple[dict, bool]:
    """(award, expired) for a claim token; raises UnknownClaim."""
    if not token or len(token) > 100:
        raise UnknownClaim(token)
    row = store.award_by_claim(db, hash_secret(token))
    if row is None:
        raise UnknownClaim(token)
    return get_award(db, row["id"]), (row["claim_expires"] or 0) < time.time()


def claim_offer_ref(token: str, award_id: str, n: int) -> str:
    """The reference of the claim page's ``n``-th offer: derived from the claim
    token, so only whoever holds the link can name it, and the page can find it
    again without storing it (offers keep only the reference's hash)."""
    mac = hmac.new(token.encode(), f"satchel-claim-offer:{award_id}:{n}".encode(), hashlib.sha256)
    return b64url_encode(mac.digest())


def claim_offer(db: sqlite_utils.Database, public_url: str, award: dict, token: str, lifetime: int) -> dict | None:
    """The offer the claim page shows. Showing the page again shows the same offer
    while it is unused and unexpired, writing nothing; only when it has been used or
    has expired is the next one made — once, however many requests race for it.
    Offers rows are never deleted, so a used reference is never made again.
    None when the link has made MAX_CLAIM_OFFERS offers."""
    now = time.time()
    made = {row["ref_hash"]: row for row in store.offers_of_award(db, award["id"])}
    for n in range(MAX_CLAIM_OFFERS):
        ref = claim_offer_ref(token, award["id"], n)
        row = made.get(hash_secret(ref))
        if row is None:
            try:
                return create_offer(db, public_url, award["id"], lifetime, False, ref=ref)
            except IntegrityError:  # another request made it just now: show that one
                row = store.offer_by_ref(db, hash_secret(ref))
        if not row["used"] and row["expires"] > now:
            return offer_links(public_url, ref, None, row["expires"], False, award["lang"])
    return None
