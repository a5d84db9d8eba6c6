"""The SD-JWT VC form of an award: the same achievement as the Open Badges 3.0
credential, as an IETF SD-JWT VC the learner can disclose field by field.

- ``vct`` is the one type the issuer metadata names (``oid4vci.sd_jwt_vct``), and
  ``achievement.id`` the achievement version's URL (``/issuer/achievements/<slug>/v<n>``);
- ``iss`` is the issuer's did:web and the header ``kid`` its current key;
- ``cnf.jwk`` binds it to the learner's key (from the OID4VCI proof, or the
  learner's did:key for downloads);
- ``status`` points at the Token Status List entry that shares the award's
  Bitstring Status List index, so one revoke in the console revokes both forms.

The achievement's name and type are always visible; every other descriptive
field, and the learner's DID (``sub``), is selectively disclosable.
"""

from __future__ import annotations

import time

import sqlite_utils

from server.issuer.identity import current_key, did_web_for
from server.issuer.oid4vci.service import sd_jwt_vct
from server.issuer.status import token_status_reference
from server.issuer.vocabulary import LEARNING_OUTCOME, hours_of_duration
from wallet_core.keys import KeyInvalid, KeyUnavailable
from wallet_core.sdjwt import issue, public_jwk
from wallet_core.verification_method import resolve as resolve_method

MEDIA_TYPE = "application/dc+sd-jwt"
DISCLOSABLE_ACHIEVEMENT = (
    "description",
    "criteria",
    "learning_outcomes",
    "assessment",
    "credits",
    "workload",
    "level",
    "mode",
    "quality_assurance",
    "prerequisites",
    "stacks_into",
    "alignments",
)


def _alignment(a: dict) -> dict:
    out = {
        "name": a.get("targetName"),
        "framework": a.get("targetFramework"),
        "code": a.get("targetCode"),
        "url": a.get("targetUrl"),
    }
    return {k: v for k, v in out.items() if v}


def award_claims(award: dict) -> dict:
    """SD-JWT VC claims from the award's signed OB 3.0 credential (same text, same version)."""
    credential = award["credential"]
    ach = credential["credentialSubject"]["achievement"]
    alignments = [a for a in ach.get("alignment") or [] if isinstance(a, dict)]
    outcomes = [a.get("targetName") for a in alignments if a.get("targetType") == LEARNING_OUTCOME]
    skills = [_alignment(a) for a in alignments if a.get("targetType") != LEARNING_OUTCOME]
    level = ach.get("educationalLevel")
    hours = hours_of_duration(ach.get("volumeOfLearning"))
    achievement = {
        "id": ach["id"],
        "name": ach.get("name"),
        "type": ach.get("achievementType"),
        "version": ach.get("version"),
        "description": ach.get("description"),
        "criteria": (ach.get("criteria") or {}).get("narrative"),
        "learning_outcomes": [o for o in outcomes if o] or None,
        "assessment": next((r.get("name") for r in ach.get("resultDescription") or []), None),
        "credits": ach.get("creditsAvailable"),
        "workload": f"{hours} hours" if hours is not None else None,
        "level": level.get("name") if isinstance(level, dict) else level,
        "mode": ach.get("courseMode"),
        "quality_assurance": ach.get("qualityAssurance"),
        "prerequisites": ach.get("coursePrerequisites"),
        "stacks_into": [p.get("name") for p in ach.get("isPartOf") or [] if isinstance(p, dict)] or None,
        "alignments": skills or None,
    }
    issuer = credential["issuer"]
    return {
        "sub": award["subject"],
        "name": achievement["name"],
        "issuer_name": issuer.get("name") if isinstance(issuer, dict) else None,
        "lang": award["lang"],
        "achievement": {k: v for k, v in achievement.items() if v is not None},
    }


def holder_jwk_of(did: str) -> dict | None:
    """The public JWK of a did:key / did:jwk learner (None for other DIDs)."""
    if not did.startswith(("did:key:", "did:jwk:")):
        return None
    from wallet_core import dids

    try:
        doc = dids.resolve(did, None)
        method = next(m for m in doc.get("verificationMethod", []) if isinstance(m, dict))
        key = resolve_method(method["id"] if method["id"].startswith("did:") else did + method["id"], None)
    except (KeyInvalid, KeyUnavailable, StopIteration, KeyError, ValueError):
        return None
    return public_jwk(key.public_key)


def sd_jwt_for_award(
    db: sqlite_utils.Database, public_url: str, award: dict, holder_jwk: dict | None
) -> str:
    claims = award_claims(award)
    paths = ["sub"] + [f"achievement.{f}" for f in DISCLOSABLE_ACHIEVEMENT if f in claims["achievement"]]
    claims["status"] = token_status_reference(public_url, award["status_index"])
    did = did_web_for(public_url)
    key = current_key(db)
    return issue(
        claims,
        key.private_key,
        vct=sd_jwt_vct(public_url),
        disclosable=paths,
        iat=int(time.time()),
        issuer=did,
        kid=key.method_id(did),
        holder_jwk=holder_jwk,
    )
