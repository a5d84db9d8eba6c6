"""Award an achievement to a learner's DID: an Open Badges 3.0 credential signed
by the issuer's did:web (DataIntegrityProof, eddsa-rdfc-2022) with Bitstring
Status List entries for revocation and suspension."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid

import sqlite_utils

from server.demo.achievements import DEMO_ISSUER_NAME
from server.issuer.catalog import achievement_row, ob3_achievement, pick_lang
from server.issuer.identity import current_key, did_web_for, public_origin
from server.issuer.status import allocate_index, status_entries
from server.storage import now_iso
from wallet_core.sign import sign_eddsa_rdfc_2022

OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SUBJECT_DID = re.compile(r"^did:(key|jwk|web):[A-Za-z0-9._:%-]{1,2048}$")


class UnknownAward(LookupError):
    pass


class InvalidSubject(ValueError):
    pass


def issuer_profile(public_url: str, lang: str) -> dict:
    return {
        "id": did_web_for(public_url),
        "type": ["Profile"],
        "name": DEMO_ISSUER_NAME.get(lang, DEMO_ISSUER_NAME["en"]),
        "url": public_origin(public_url),
    }


def build_credential(
    db: sqlite_utils.Database, public_url: str, slug: str, subject: str, lang: str, index: int, award_id: str
) -> dict:
    row = achievement_row(db, slug)
    issued = now_iso()
    achievement = ob3_achievement(row["definition"], row["version"], lang, public_url)
    credential = {
        "@context": OB3_CONTEXTS,
        "id": f"urn:uuid:{award_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(public_url, lang),
        "validFrom": issued,
        "name": achievement["name"],
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": achievement,
        },
        "credentialStatus": status_entries(public_url, index),
    }
    key = current_key(db)
    return sign_eddsa_rdfc_2022(credential, key.private_key, key.method_id(did_web_for(public_url)), issued)


def award(db: sqlite_utils.Database, public_url: str, slug: str, subject: str, lang: str = "en") -> dict:
    """Sign and store an award; returns the awards row (credential as a dict)."""
    if not SUBJECT_DID.match(subject or ""):
        raise InvalidSubject("the learner must be identified by a did:key, did:jwk or did:web")
    lang = pick_lang(lang)
    row = achievement_row(db, slug)  # raises UnknownAchievement before anything is written
    for _attempt in range(5):
        award_id = str(uuid.uuid4())
        index = allocate_index(db)
        credential = build_credential(db, public_url, slug, subject, lang, index, award_id)
        record = {
            "id": award_id,
            "achievement_id": row["id"],
            "subject": subject,
            "lang": lang,
            "credential": json.dumps(credential, ensure_ascii=False),
            "status_index": index,
            "revoked": 0,
            "suspended": 0,
            "created": now_iso(),
            "status_changed": None,
        }
        try:
            with db.atomic():
                db["awards"].insert(record)
        except sqlite3.IntegrityError:  # the index was taken meanwhile: sign again with another
            continue
        return {**record, "credential": credential}
    raise RuntimeError("could not allocate a status list index")


def get_award(db: sqlite_utils.Database, award_id: str) -> dict:
    rows = list(db["awards"].rows_where("id = ?", [award_id]))
    if not rows:
        raise UnknownAward(award_id)
    row = rows[0]
    return {**row, "credential": json.loads(row["credential"])}


def list_awards(db: sqlite_utils.Database, limit: int = 200) -> list[dict]:
    return list(
        db.query(
            "select w.id, w.subject, w.lang, w.revoked, w.suspended, w.created, a.slug, a.version"
            " from awards w join achievements a on a.id = w.achievement_id"
            " order by w.created desc limit ?",
            [limit],
        )
    )
