"""Award an achievement to a learner's DID: an Open Badges 3.0 credential signed
by the issuer's did:web with Bitstring Status List entries for revocation and
suspension.

Three proof suites: ``eddsa-rdfc-2022`` (DataIntegrityProof, VC data model 2.0,
the default) and, where a verifier needs it, ``Ed25519Signature2020`` (VC data
model 1.1 with the OB 3.0 and ed25519-2020 contexts, as in 1EdTech's OB 3.0
examples) or ``ecdsa-rdfc-2019`` (DataIntegrityProof, VC data model 2.0, signed
with the issuer's P-256 key, ``ecdsa_key.py``)."""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from collections.abc import Mapping

import sqlite_utils

from server.issuer import ecdsa_key, store
from server.issuer.catalog import achievement_row, ob3_achievement, pick_lang, stacks_into
from server.issuer.identity import current_key, did_web_for, public_origin
from server.issuer.status import allocate_index, status_entries
from server.issuer.vocabulary import TERMS
from server.security.tokens import hash_secret
from server.storage import IntegrityError, now_iso
from wallet_core.sign import (
    sign_ecdsa_rdfc_2019,
    sign_ed25519_signature_2020,
    sign_eddsa_rdfc_2022,
)

# The last entry defines the terms OB 3.0 has none for (server.issuer.vocabulary).
OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    TERMS,
]
# Ed25519Signature2020 credentials: VC 1.1 + OB 3.0 + the suite's context; the
# Bitstring status context defines the status entries' terms under VC 1.1.
OB3_V1_CONTEXTS = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://w3id.org/security/suites/ed25519-2020/v1",
    "https://www.w3.org/ns/credentials/status/v1",
    TERMS,
]
SUITES = ("eddsa-rdfc-2022", "Ed25519Signature2020", "ecdsa-rdfc-2019")
SUBJECT_DID = re.compile(r"^did:(key|jwk|web):[A-Za-z0-9._:%-]{1,2048}$")


class UnknownAward(LookupError):
    pass


class InvalidSubject(ValueError):
    pass


class InvalidSuite(ValueError):
    pass


def issuer_name(names: Mapping[str, str], lang: str) -> str:
    """The issuer's name (settings.issuer_names) in ``lang``, else in English."""
    return names.get(lang) or names["en"]


def issuer_profile(public_url: str, lang: str, names: Mapping[str, str]) -> dict:
    return {
        "id": did_web_for(public_url),
        "type": ["Profile"],
        "name": issuer_name(names, lang),
        "url": public_origin(public_url),
    }


def build_credential(
    db: sqlite_utils.Database,
    public_url: str,
    slug: str,
    subject: str,
    lang: str,
    index: int,
    award_id: str,
    suite: str = "eddsa-rdfc-2022",
    *,
    issuer_names: Mapping[str, str],
) -> dict:
    row = achievement_row(db, slug)
    issued = now_iso()
    achievement = ob3_achievement(
        row["definition"], row["version"], lang, public_url, stacks_into(db, slug, lang, public_url)
    )
    v1 = suite == "Ed25519Signature2020"
    credential = {
        "@context": OB3_V1_CONTEXTS if v1 else OB3_CONTEXTS,
        "id": f"urn:uuid:{award_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(public_url, lang, issuer_names),
        ("issuanceDate" if v1 else "validFrom"): issued,
        "name": achievement["name"],
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": achievement,
        },
        "credentialStatus": status_entries(public_url, index),
    }
    did = did_web_for(public_url)
    if suite == "ecdsa-rdfc-2019":
        p256 = ecdsa_key.current_key(db)
        return sign_ecdsa_rdfc_2019(credential, p256.private_key, p256.method_id(did), issued)
    key = current_key(db)
    sign = sign_ed25519_signature_2020 if v1 else sign_eddsa_rdfc_2022
    return sign(credential, key.private_key, key.method_id(did), issued)


def award(
    db: sqlite_utils.Database,
    public_url: str,
    slug: str,
    subject: str,
    lang: str = "en",
    *,
    issuer_names: Mapping[str, str],
    suite: str = "eddsa-rdfc-2022",
    claim_lifetime: int = 30 * 24 * 3600,
) -> dict:
    """Sign and store an award; returns the awards row (credential as a dict) with
    ``claim_token``, the learner's claim link token (only its hash is stored)."""
    if not SUBJECT_DID.match(subject or ""):
        raise InvalidSubject("the learner must be identified by a did:key, did:jwk or did:web")
    if suite not in SUITES:
        raise InvalidSuite(f"proof must be one of {', '.join(SUITES)}")
    lang = pick_lang(lang)
    row = achievement_row(db, slug)  # raises UnknownAchievement before anything is written
    for _attempt in range(5):
        award_id = str(uuid.uuid4())
        index = allocate_index(db)
        credential = build_credential(
            db, public_url, slug, subject, lang, index, award_id, suite, issuer_names=issuer_names
        )
        claim_token = secrets.token_urlsafe(32)
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
            "claim_hash": hash_secret(claim_token),
            "claim_expires": time.time() + claim_lifetime,
        }
        try:
            store.insert_award(db, record)
        except IntegrityError:  # the index was taken meanwhile: sign again with another
            continue
        return {**record, "credential": credential, "claim_token": claim_token}
    raise RuntimeError("could not allocate a status list index")


def get_award(db: sqlite_utils.Database, award_id: str) -> dict:
    row = store.award(db, award_id)
    if row is None:
        raise UnknownAward(award_id)
    return {**row, "credential": json.loads(row["credential"])}


def list_awards(db: sqlite_utils.Database, limit: int = 200) -> list[dict]:
    """The latest awards, each with its achievement's English name (``name``; the slug
    when it has none) for the console."""
    out = []
    for row in store.recent_awards(db, limit):
        definition = json.loads(row.pop("definition") or "{}")
        names = definition.get("name") if isinstance(definition, dict) else None
        row["name"] = (names.get("en") if isinstance(names, dict) else None) or row["slug"]
        out.append(row)
    return out
