"""Achievement definitions (versioned) and pathways, and their Open Badges 3.0 form.

A definition is stored per version in ``achievements`` (slug, version). A new
version is a new row: credentials already awarded keep the text they were signed
with, and name the version they were awarded under.
"""

from __future__ import annotations

import base64
import json
import re
from html import escape
from urllib.parse import urlsplit

import sqlite_utils

from server.issuer import store
from server.issuer.identity import public_origin
from server.issuer.vocabulary import COURSE_MODES, LEARNING_OUTCOME, duration, hours_of
from server.storage import now_iso

LANGS = ("en", "zh-Hans", "zh-Hant")
TEXT_FIELDS = ("name", "description", "criteria", "assessment", "qualityAssurance", "prerequisites")


class UnknownAchievement(LookupError):
    pass


class InvalidDefinition(ValueError):
    """A definition the console refuses; ``field`` names the form field at fault,
    ``code`` and ``params`` the message in the catalogue (``console_err_<code>``)."""

    def __init__(self, message: str, field: str | None = None, *, code: str, **params: object):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
        self.code = code
        self.params = params


def pick_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def achievement_row(db: sqlite_utils.Database, slug: str, version: int | None = None) -> dict:
    row = store.achievement(db, slug, version)
    if row is None:
        raise UnknownAchievement(slug)
    return {**row, "definition": json.loads(row["definition"])}


def latest_achievements(db: sqlite_utils.Database) -> list[dict]:
    return [{**row, "definition": json.loads(row["definition"])} for row in store.latest_achievements(db)]


def validate_definition(definition: dict) -> None:
    """At least two languages for every text; a name in each language."""
    for field in ("name", "description", "criteria"):
        value = definition.get(field)
        if not isinstance(value, dict) or len([v for v in value.values() if v]) < 2:
            raise InvalidDefinition("needs text in at least two languages", field, code="languages", count=2)


def add_version(db: sqlite_utils.Database, slug: str, changes: dict) -> int:
    """Store a new version of an achievement with ``changes`` applied; returns the version."""
    with db.atomic():
        current = achievement_row(db, slug)
        definition = {**current["definition"], **changes, "slug": slug}
        validate_definition(definition)
        version = current["version"] + 1
        store.insert_achievement(
            db,
            {
                "id": f"{slug}-v{version}",
                "slug": slug,
                "version": version,
                "definition": json.dumps(definition, ensure_ascii=False),
                "created": now_iso(),
            },
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


def ob3_achievement(
    definition: dict,
    version: int,
    lang: str,
    public_url: str,
    stacks_into: list[dict] | None = None,
    *,
    achievement_id: str | None = None,
) -> dict:
    """The OB 3.0 ``Achievement`` in one language, every field in a defined term
    (OB 3.0's own, or server.issuer.vocabulary's). ``stacks_into``: the
    achievements (``id``, ``name``) this one counts towards."""
    slug = definition["slug"]

    def text(field: str) -> str | None:
        value = definition.get(field)
        if isinstance(value, dict):
            return value.get(lang) or value.get("en")
        return value

    achievement: dict = {
        "id": achievement_id or achievement_url(public_url, slug, version),
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
    if definition.get("image"):
        achievement["image"] = {"id": definition["image"], "type": "Image", "caption": text("name")}
    if definition.get("level"):
        level = definition["level"]
        achievement["educationalLevel"] = {
            "type": "DefinedTerm",
            "name": f"{level['framework']} {level['level']}",
            "termCode": str(level["level"]),
            "inDefinedTermSet": {"type": "DefinedTermSet", "name": level["framework"]},
        }
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
        # Learning outcomes as OB 3.0 alignments, after the skills.
        achievement.setdefault("alignment", []).extend(
            {
                "type": ["Alignment"],
                "targetName": outcome,
                "targetType": LEARNING_OUTCOME,
                "targetUrl": f"{achievement['id']}#outcome-{i}",
            }
            for i, outcome in enumerate(outcomes, 1)
        )
    hours = hours_of(definition.get("workload"))
    if hours is not None:
        achievement["volumeOfLearning"] = duration(hours)
    if definition.get("mode") in COURSE_MODES:
        achievement["courseMode"] = COURSE_MODES[definition["mode"]]
    if text("qualityAssurance"):
        achievement["qualityAssurance"] = text("qualityAssurance")
    if text("prerequisites"):
        achievement["coursePrerequisites"] = text("prerequisites")
    if stacks_into:
        achievement["isPartOf"] = [dict(item) for item in stacks_into]
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
        "image": d.get("image"),
        "languages": d.get("languages", list(LANGS)),
    }


def list_pathway_slugs(db: sqlite_utils.Database) -> list[str]:
    return [row["slug"] for row in store.pathways(db)]


def list_pathways(db: sqlite_utils.Database, public_url: str) -> list[dict]:
    """Pathways as published: the achievements (latest versions' ids) that stack into one."""
    out = []
    for row in store.pathways(db):
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


def stacks_into(db: sqlite_utils.Database, slug: str, lang: str, public_url: str) -> list[dict]:
    """The achievements (latest versions) that ``slug`` counts towards, by the pathways."""
    out = []
    for row in store.pathways(db):
        d = json.loads(row["definition"])
        if slug not in d.get("requires", []):
            continue
        try:
            target = achievement_row(db, d["awards"])
        except UnknownAchievement:
            continue
        names = target["definition"]["name"]
        out.append(
            {
                "id": achievement_url(public_url, target["slug"], target["version"]),
                "name": names.get(lang) or names.get("en") or next(iter(names.values())),
            }
        )
    return out


# --- new achievements and pathways from the console ----------------------------

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
# Open Badges 3.0 AchievementType values offered in the console.
ACHIEVEMENT_TYPES = (
    "Badge",
    "MicroCredential",
    "Certificate",
    "CertificateOfCompletion",
    "Course",
    "Competency",
    "LearningProgram",
    "Award",
    "Diploma",
    "License",
)
MODES = ("online", "on-site", "blended")
MAX_TEXT = 4000
MAX_ALIGNMENTS = 5


def _url(value: str, field: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 2000 or " " in value:
        raise InvalidDefinition("must be an http(s) URL", field, code="url")
    return value


def _texts(form: dict[str, str], field: str, *, required: int) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        value = (form.get(f"{field}.{lang}") or "").strip()
        if len(value) > MAX_TEXT:
            raise InvalidDefinition(f"is longer than {MAX_TEXT} characters", f"{field}.{lang}", code="text_long", count=MAX_TEXT)
        if value:
            out[lang] = value
    if len(out) < required:
        raise InvalidDefinition(f"needs text in at least {required} languages", field, code="languages", count=required)
    return out


def definition_from_form(form: dict[str, str]) -> dict:
    """A new achievement's definition from the console form; raises InvalidDefinition."""
    slug = (form.get("slug") or "").strip()
    if not SLUG.match(slug):
        raise InvalidDefinition("use 1–60 lower-case letters, digits and hyphens", "slug", code="slug")
    kind = form.get("achievementType", "")
    if kind not in ACHIEVEMENT_TYPES:
        raise InvalidDefinition(f"must be one of {', '.join(ACHIEVEMENT_TYPES)}", "achievementType", code="choice")
    definition: dict = {
        "slug": slug,
        "achievementType": kind,
        "name": _texts(form, "name", required=2),
        "description": _texts(form, "description", required=2),
        "criteria": _texts(form, "criteria", required=2),
    }
    for field in ("assessment", "qualityAssurance", "prerequisites"):
        texts = _texts(form, field, required=0)
        if texts:
            definition[field] = texts
    outcomes = {}
    for lang in LANGS:
        lines = [line.strip() for line in (form.get(f"learningOutcomes.{lang}") or "").splitlines() if line.strip()]
        if any(len(line) > 500 for line in lines) or len(lines) > 30:
            raise InvalidDefinition("at most 30 outcomes of 500 characters each", f"learningOutcomes.{lang}", code="outcomes")
        if lines:
            outcomes[lang] = lines
    if outcomes:
        definition["learningOutcomes"] = outcomes
    image = (form.get("image") or "").strip()
    if image:
        definition["image"] = _url(image, "image")
    credits = (form.get("creditsAvailable") or "").strip()
    if credits:
        try:
            value = float(credits)
        except ValueError:
            raise InvalidDefinition("must be a number", "creditsAvailable", code="number") from None
        if not 0 < value <= 1000:
            raise InvalidDefinition("must be more than 0 and at most 1000", "creditsAvailable", code="credits_range")
        definition["creditsAvailable"] = int(value) if value.is_integer() else value
    workload = (form.get("workload") or "").strip()
    if workload:
        hours = hours_of(workload)
        if hours is None:
            raise InvalidDefinition("give the notional workload in hours, e.g. 50", "workload", code="workload")
        definition["workload"] = f"{hours} hours"
    framework = (form.get("level.framework") or "").strip()
    level = (form.get("level.level") or "").strip()
    if bool(framework) != bool(level):
        raise InvalidDefinition("give both the framework and the level, or neither", "level", code="level_both")
    if framework:
        if len(framework) > 100 or len(level) > 20:
            raise InvalidDefinition("framework or level is too long", "level", code="too_long")
        definition["level"] = {"framework": framework, "level": level}
    mode = (form.get("mode") or "").strip()
    if mode:
        if mode not in MODES:
            raise InvalidDefinition(f"must be one of {', '.join(MODES)}", "mode", code="choice")
        definition["mode"] = mode
    alignments = []
    for i in range(MAX_ALIGNMENTS):
        row = {k: (form.get(f"alignment.{i}.{k}") or "").strip() for k in ("name", "framework", "code", "url")}
        if not any(row.values()):
            continue
        field = f"alignment.{i}"
        if not row["url"]:
            raise InvalidDefinition("a skill alignment needs the skill's URL", f"{field}.url", code="alignment_url")
        if not (row["name"] or row["code"]):
            raise InvalidDefinition("a skill alignment needs a name or a code", f"{field}.name", code="alignment_name")
        if any(len(v) > 300 for v in row.values()):
            raise InvalidDefinition("is too long", field, code="too_long")
        alignment = {"targetName": row["name"] or row["code"], "targetUrl": _url(row["url"], f"{field}.url")}
        if row["framework"]:
            alignment["targetFramework"] = row["framework"]
        if row["code"]:
            alignment["targetCode"] = row["code"]
        alignments.append(alignment)
    definition["alignments"] = alignments
    definition["languages"] = [lang for lang in LANGS if lang in definition["name"]]
    return definition


def create_achievement(db: sqlite_utils.Database, definition: dict) -> None:
    """Store version 1 of a new achievement; refuses a slug already in use."""
    validate_definition(definition)
    with db.atomic():
        if store.achievement_exists(db, definition["slug"]):
            raise InvalidDefinition("an achievement with this slug exists already", "slug", code="achievement_exists")
        store.insert_achievement(
            db,
            {
                "id": f"{definition['slug']}-v1",
                "slug": definition["slug"],
                "version": 1,
                "definition": json.dumps(definition, ensure_ascii=False),
                "created": now_iso(),
            },
        )


def pathway_from_form(db: sqlite_utils.Database, form: dict[str, str]) -> dict:
    slug = (form.get("slug") or "").strip()
    if not SLUG.match(slug):
        raise InvalidDefinition("use 1–60 lower-case letters, digits and hyphens", "slug", code="slug")
    known = {row["slug"] for row in latest_achievements(db)}
    requires = sorted(k[len("requires.") :] for k, v in form.items() if k.startswith("requires.") and v == "on")
    unknown = [r for r in requires if r not in known]
    if unknown:
        raise InvalidDefinition(f"no such achievement: {', '.join(unknown)}", "requires", code="unknown", slugs=", ".join(unknown))
    if len(requires) < 2:
        raise InvalidDefinition("choose at least two achievements that stack into the pathway", "requires", code="requires")
    awards = (form.get("awards") or "").strip()
    if awards not in known:
        raise InvalidDefinition("choose the achievement the pathway leads to", "awards", code="awards")
    if awards in requires:
        raise InvalidDefinition("the pathway cannot require the achievement it leads to", "awards", code="awards_required")
    return {
        "slug": slug,
        "name": _texts(form, "name", required=2),
        "description": _texts(form, "description", required=2),
        "requires": requires,
        "awards": awards,
    }


def create_pathway(db: sqlite_utils.Database, definition: dict) -> None:
    with db.atomic():
        if store.pathway_exists(db, definition["slug"]):
            raise InvalidDefinition("a pathway with this slug exists already", "slug", code="pathway_exists")
        store.insert_pathway(
            db,
            {"slug": definition["slug"], "definition": json.dumps(definition, ensure_ascii=False), "created": now_iso()},
        )
