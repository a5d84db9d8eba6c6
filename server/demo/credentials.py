"""Build and sign a demo Open Badges 3.0 credential for a learner's DID."""

from __future__ import annotations

import json
import uuid

import sqlite_utils

from server.demo.achievements import DEMO_ISSUER_NAME
from server.demo.seed import demo_issuer
from server.storage import now_iso
from wallet_core.sign import sign_eddsa_rdfc_2022

OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
LANGS = ("en", "zh-Hans", "zh-Hant")


class UnknownAchievement(LookupError):
    pass


def achievement_definition(db: sqlite_utils.Database, slug: str) -> dict:
    rows = list(db["achievements"].rows_where("slug = ?", [slug], order_by="version desc", limit=1))
    if not rows:
        raise UnknownAchievement(slug)
    return json.loads(rows[0]["definition"])


def list_achievements(db: sqlite_utils.Database, lang: str) -> list[dict]:
    lang = lang if lang in LANGS else "en"
    out = []
    for row in db["achievements"].rows_where(order_by="slug"):
        d = json.loads(row["definition"])
        out.append({"slug": d["slug"], "name": d["name"][lang], "version": row["version"]})
    return out


def _achievement(d: dict, lang: str, issuer_did: str) -> dict:
    achievement: dict = {
        "id": f"urn:satchel:demo:achievement:{d['slug']}:v1",
        "type": ["Achievement"],
        "achievementType": d["achievementType"],
        "name": d["name"][lang],
        "description": d["description"][lang],
        "criteria": {"narrative": d["criteria"][lang]},
        "inLanguage": lang,
    }
    if d.get("creditsAvailable") is not None:
        achievement["creditsAvailable"] = d["creditsAvailable"]
    if d.get("alignments"):
        achievement["alignment"] = [
            {"type": ["Alignment"], **alignment} for alignment in d["alignments"]
        ]
    if d.get("level"):
        achievement["educationalLevel"] = f"{d['level']['framework']} level {d['level']['level']}"
    outcomes = d.get("learningOutcomes", {}).get(lang) or []
    if outcomes:
        achievement["resultDescription"] = [
            {
                "id": f"urn:satchel:demo:outcome:{d['slug']}:{i}",
                "type": ["ResultDescription"],
                "name": text,
                "resultType": "Status",
            }
            for i, text in enumerate(outcomes, 1)
        ]
    return achievement


def award_demo_credential(db: sqlite_utils.Database, slug: str, subject_did: str, lang: str) -> dict:
    lang = lang if lang in LANGS else "en"
    definition = achievement_definition(db, slug)
    issuer_did, key = demo_issuer(db)
    issued = now_iso()
    credential = {
        "@context": OB3_CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_did, "type": ["Profile"], "name": DEMO_ISSUER_NAME[lang]},
        "validFrom": issued,
        "name": definition["name"][lang],
        "credentialSubject": {
            "id": subject_did,
            "type": ["AchievementSubject"],
            "achievement": _achievement(definition, lang, issuer_did),
        },
    }
    verification_method = f"{issuer_did}#{issuer_did.removeprefix('did:key:')}"
    return sign_eddsa_rdfc_2022(credential, key, verification_method, issued)
