"""Build and sign a demo Open Badges 3.0 credential for a learner's DID."""

from __future__ import annotations

import json
import uuid

import sqlite_utils

from server.demo.achievements import DEMO_ISSUER_NAME
from server.demo.seed import demo_issuer
from server.issuer.catalog import ob3_achievement, stacks_into
from server.issuer.vocabulary import TERMS
from server.storage import now_iso
from wallet_core.sign import sign_eddsa_rdfc_2022

OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    TERMS,
]
# Only to build ids under; the demo's achievement ids are urn:satchel:demo: URNs.
DEMO_ORIGIN = "http://demo.invalid"
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


def _achievement(db: sqlite_utils.Database, d: dict, lang: str) -> dict:
    """The same Achievement the issuer console awards (every field in a defined
    term), under the demo's own id and without the console's generated image."""
    achievement = ob3_achievement(
        d,
        1,
        lang,
        DEMO_ORIGIN,
        [{**item, "id": _demo_id(item["id"].rsplit("/", 2)[-2])} for item in stacks_into(db, d["slug"], lang, DEMO_ORIGIN)],
        achievement_id=_demo_id(d["slug"]),
    )
    if not d.get("image"):
        achievement.pop("image", None)
    return achievement


def _demo_id(slug: str) -> str:
    return f"urn:satchel:demo:achievement:{slug}:v1"


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
            "achievement": _achievement(db, definition, lang),
        },
    }
    verification_method = f"{issuer_did}#{issuer_did.removeprefix('did:key:')}"
    return sign_eddsa_rdfc_2022(credential, key, verification_method, issued)
