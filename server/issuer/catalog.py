"""Achievement definitions (versioned) and pathways, and their Open Badges 3.0 form.

A definition is stored per version in ``achievements`` (slug, version). A new
version is a new row: credentials already awarded keep the text they were signed
with, and name the version they were awarded under.
"""

from __future__ import annotations

import base64
import json
from html import escape

import sqlite_utils

from server.issuer.identity import public_origin
from server.storage import now_iso

LANGS = ("en", "zh-Hans", "zh-Hant")
TEXT_FIELDS = ("name", "description", "criteria", "assessment", "qualityAssurance", "prerequisites")


class UnknownAchievement(LookupError):
    pass


class InvalidDefinition(ValueError):
    pass


def pick_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def achievement_row(db: sqlite_utils.Database, slug: str, version: int | None = None) -> dict:
    where, args = ("slug = ?", [slug]) if version is None else ("slug = ? and version = ?", [slug, version])
    rows = list(db["achievements"].rows_where(where, args, order_by="version desc", limit=1))
    if not rows:
        raise UnknownAchievement(slug)
    row = rows[0]
    return {**row, "definition": json.loads(row["definition"])}


def latest_achievements(db: sqlite_utils.Database) -> list[dict]:
    rows = db.execute(
        "select a.* from achievements a join (select slug, max(version) v from achievements group by slug) m"
        " on a.slug = m.slug and a.version = m.v order by a.slug"
    ).fetchall()
    columns = ["id", "slug", "version", "definition", "created"]
    out = []
    for r in rows:
        row = dict(zip(columns, r))
        out.append({**row, "definition": json.loads(row["definition"])})
    return out


def validate_definition(definition: dict) -> None:
    """At least two languages for every text; a name in each language."""
    for field in ("name", "description", "criteria"):
        value = definition.get(field)
        if not isinstance(value, dict) or len([v for v in value.values() if v]) < 2:
            raise InvalidDefinition(f"{field} needs text in at least two languages")


def add_version(db: sqlite_utils.Database, slug: str, changes: dict) -> int:
    """Store a new version of an achievement with ``changes`` applied; returns the version."""
    with db.atomic():
        current = achievement_row(db, slug)
        definition = {**current["definition"], **changes, "slug": slug}
        validate_definition(definition)
        version = current["version"] + 1
        db["achievements"].insert(
            {
                "id": f"{slug}-v{version}",
                "slug": slug,
                "version": version,
                "definition": json.dumps(definition, ensure_ascii=False),
                "created": now_iso(),
            }
        )
    return version


def achievement_url(public_url: str, slug: str, version: int) -> str:
    return f"{public_origin(public_url)}/issuer/achievements/{slug}/v{version}"


def badge_image(name: str, kind: str) -> dict:
    """A small generated SVG badge image, as a data: URI (no remote fetch needed)."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">'
        '<circle cx="60" cy="60" r="56" fill="#1d4ed8"/>'
        f'<text x="60" y="66" font-size="14" text-anchor="middle" fill="#fff">{escape(kind)}</text>'
        "</svg>"
    )
    return {
        "id": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "type": "Image",
        "caption": name,
    }


def ob3_achievement(definition: dict, version: int, lang: str, public_url: str) -> dict:
    """The OB 3.0 ``Achievement`` in one language."""
    slug = definition["slug"]

    def text(field: str) -> str | None:
        value = definition.get(field)
        if isinstance(value, dict):
            return value.get(lang) or value.get("en")
        return value

    achievement: dict = {
        "id": achievement_url(public_url, slug, version),
        "type": ["Achievement"],
        "achievementType": definition["achievementType"],
        "name": text("name"),
        "description": text("description"),
        "criteria": {"narrative": text("criteria")},
        "image": badge_image(text("name"), definition["achievementType"]),
        "inLanguage": lang,
        "version": str(version),
    }
    if definition.get("creditsAvailable") is not None:
        achievement["creditsAvailable"] = definition["creditsAvailable"]
    if definition.get("alignments"):
        achievement["alignment"] = [{"type": ["Alignment"], **a} for a in definition["alignments"]]
    if definition.get("level"):
        level = definition["level"]
        achievement["educationalLevel"] = f"{level['framework']} level {level['level']}"
    if definition.get("assessment"):
        achievement["resultDescription"] = [
            {
                "id": f"{achievement['id']}#assessment",
                "type": ["ResultDescription"],
                "name": text("assessment"),
                "resultType": "Status",
            }
        ]
    outcomes = (definition.get("learningOutcomes") or {}).get(lang) or []
    if outcomes:
        achievement["learningOutcomes"] = outcomes
    for field, term in (("workload", "workload"), ("mode", "modeOfParticipation")):
        if definition.get(field):
            achievement[term] = definition[field]
    for field in ("qualityAssurance", "prerequisites"):
        if text(field):
            achievement[field] = text(field)
    return achievement


def public_achievement(row: dict, public_url: str) -> dict:
    """A definition as published (all languages), for wallets and pathways."""
    d = row["definition"]
    return {
        "id": achievement_url(public_url, row["slug"], row["version"]),
        "slug": row["slug"],
        "version": row["version"],
        "achievementType": d["achievementType"],
        **{f: d[f] for f in TEXT_FIELDS if f in d},
        "learningOutcomes": d.get("learningOutcomes", {}),
        "creditsAvailable": d.get("creditsAvailable"),
        "workload": d.get("workload"),
        "level": d.get("level"),
        "mode": d.get("mode"),
        "alignments": d.get("alignments", []),
        "languages": d.get("languages", list(LANGS)),
    }


def ensure_pathway(db: sqlite_utils.Database, definition: dict) -> None:
    if not db["pathways"].count_where("slug = ?", [definition["slug"]]):
        db["pathways"].insert(
            {
                "slug": definition["slug"],
                "definition": json.dumps(definition, ensure_ascii=False),
                "created": now_iso(),
            }
        )


def list_pathways(db: sqlite_utils.Database, public_url: str) -> list[dict]:
    """Pathways as published: the achievements (latest versions' ids) that stack into one."""
    out = []
    for row in db["pathways"].rows_where(order_by="slug"):
        d = json.loads(row["definition"])
        out.append(
            {
                "id": f"{public_origin(public_url)}/issuer/pathways/{d['slug']}",
                "slug": d["slug"],
                "name": d["name"],
                "description": d["description"],
                "requires": [
                    {"slug": s, "id": achievement_url(public_url, s, achievement_row(db, s)["version"])}
                    for s in d["requires"]
                ],
                "awards": {
                    "slug": d["awards"],
                    "id": achievement_url(public_url, d["awards"], achievement_row(db, d["awards"])["version"]),
                },
            }
        )
    return out
