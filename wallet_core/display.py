"""The normalised Display model, built from OB 3.0 / CLR 2.0 / OB 2.0 credentials.

Only reads; never trusts. Every value is plain text for renderers to escape.
"""

from __future__ import annotations

import re

import msgspec

from .vc_model import as_list, family, types
from .verdict import AchievementResult, Alignment, Display, Endorsement, Evidence


def _text(value) -> str | None:
    """Plain text from a string, a number, or a language map / first of a list."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        if "@value" in value:
            return _text(value["@value"])
        for key in ("en", "en-US", "en-GB"):
            if key in value:
                return _text(value[key])
    return None


def _id_or_text(value) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("id"))
    return _text(value)


def _image(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("id"))
    return _text(value)


def _alignments(items) -> list[Alignment]:
    out = []
    for a in as_list(items):
        if isinstance(a, dict):
            out.append(
                Alignment(
                    name=_text(a.get("targetName")),
                    code=_text(a.get("targetCode")),
                    framework=_text(a.get("targetFramework")),
                    url=_text(a.get("targetUrl")),
                )
            )
    return out


def _evidence(items) -> list[Evidence]:
    out = []
    for e in as_list(items):
        if isinstance(e, dict):
            out.append(
                Evidence(
                    name=_text(e.get("name")),
                    url=_text(e.get("id")),
                    narrative=_text(e.get("narrative")),
                )
            )
        elif isinstance(e, str):
            out.append(Evidence(url=e))
    return out


def _endorsements(items) -> list[Endorsement]:
    out = []
    for e in as_list(items):
        if not isinstance(e, dict):
            continue
        issuer = e.get("issuer")
        subject = next(
            (
                s
                for s in as_list(e.get("credentialSubject") or e.get("claim"))
                if isinstance(s, dict)
            ),
            {},
        )
        out.append(
            Endorsement(
                issuer_name=_text(issuer.get("name")) if isinstance(issuer, dict) else None,
                issuer_id=_id_or_text(issuer),
                comment=_text(subject.get("endorsementComment")),
            )
        )
    return out


def _credits(achievement: dict) -> str | None:
    """The credits as the issuer gave them: a number ("5") that UIs show with the
    unit in the reader's language, or an issuer's own text ("5 ECTS") as it is."""
    value = achievement.get("creditsAvailable")
    if value is None:
        return None
    return _text(value)


def _results(subject: dict, achievement: dict) -> list[AchievementResult]:
    descriptions = {}
    for rd in as_list(achievement.get("resultDescription")):
        if isinstance(rd, dict) and isinstance(rd.get("id"), str):
            descriptions[rd["id"]] = _text(rd.get("name"))
    out = []
    for r in as_list(subject.get("result")):
        if isinstance(r, dict):
            ref = r.get("resultDescription")
            name = (descriptions.get(ref) if isinstance(ref, str) else None) or _text(ref)
            out.append(AchievementResult(name=name, value=_text(r.get("value") or r.get("status"))))
    return out


# Alignments of this targetType are learning outcomes, not skills (Satchel's
# awards say outcomes so; OB 3.0 allows "ext:" target types).
LEARNING_OUTCOME = "ext:LearningOutcome"
_HOURS = re.compile(r"^PT(\d{1,5}(?:\.\d{1,2})?)H$")
_HOURS_TEXT = re.compile(r"^\s*(\d{1,5}(?:\.\d{1,2})?)\s*(?:h|hrs?|hours?)?\s*$", re.IGNORECASE)


def hours_text(value) -> str | None:
    """Hours from an xsd:duration "PT50H" (ELM volumeOfLearning) or a text "50 hours"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and (m := _HOURS.match(value.strip()) or _HOURS_TEXT.match(value)):
        number = float(m.group(1))
    else:
        return None
    return str(int(number)) if number.is_integer() else str(number)


def _level(value) -> str | None:
    """A level as text: schema.org DefinedTerm (``HKQF 4``) or plain text."""
    if isinstance(value, dict) and "@value" not in value:
        term_set = value.get("inDefinedTermSet")
        framework = _text(term_set.get("name")) if isinstance(term_set, dict) else _text(term_set)
        code = _text(value.get("termCode"))
        if framework and code:
            return f"{framework} {code}"
        return _text(value.get("name")) or code
    return _text(value)


def _names(items) -> list[str]:
    out = []
    for item in as_list(items):
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name:
            out.append(name)
    return out


# At most this many achievements of a CLR transcript are shown (a hostile CLR
# could carry millions).
MAX_PARTS = 200


def _clr_parts(doc: dict) -> list[Display]:
    """A CLR 2.0's achievements: each nested credential, then each bare achievement
    of the CLR's subject, as the OB 3.0 display of that credential."""
    subject = next((s for s in as_list(doc.get("credentialSubject")) if isinstance(s, dict)), {})
    parts, seen = [], set()
    for vc in as_list(subject.get("verifiableCredential")):
        if len(parts) >= MAX_PARTS:
            return parts
        if isinstance(vc, dict) and family(vc) != "clr2":  # no CLR inside a CLR
            parts.append(_display_for_vc(vc))
            for s in as_list(vc.get("credentialSubject")):
                if isinstance(s, dict) and isinstance(s.get("achievement"), dict):
                    seen.add(_text(s["achievement"].get("id")))
    for achievement in as_list(subject.get("achievement")):
        if len(parts) >= MAX_PARTS:
            return parts
        # An achievement already shown with its awarding credential is not repeated.
        if isinstance(achievement, dict) and (
            _text(achievement.get("id")) is None or _text(achievement.get("id")) not in seen
        ):
            parts.append(_display_for_vc({"credentialSubject": {"achievement": achievement}}))
    return parts


def display_for_vc(doc: dict) -> Display:
    display = _display_for_vc(doc)
    if family(doc) == "clr2":
        return msgspec.structs.replace(display, parts=_clr_parts(doc))
    return display


def _display_for_vc(doc: dict) -> Display:
    issuer = doc.get("issuer")
    issuer_d = issuer if isinstance(issuer, dict) else {}
    subject = next((s for s in as_list(doc.get("credentialSubject")) if isinstance(s, dict)), {})
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    criteria = achievement.get("criteria") if isinstance(achievement.get("criteria"), dict) else {}
    aligned = [a for a in as_list(achievement.get("alignment")) if isinstance(a, dict)]
    outcomes = [a for a in aligned if a.get("targetType") == LEARNING_OUTCOME]
    learning = [t for t in (_text(x) for x in as_list(achievement.get("learningOutcomes"))) if t]
    learning += [t for t in (_text(a.get("targetName")) for a in outcomes) if t]
    level = _level(achievement.get("educationalLevel") or achievement.get("level"))
    assessment = next(
        (
            _text(r.get("name"))
            for r in as_list(achievement.get("resultDescription"))
            if isinstance(r, dict)
        ),
        None,
    )
    return Display(
        name=_text(achievement.get("name")) or _text(doc.get("name")),
        description=_text(achievement.get("description")) or _text(doc.get("description")),
        criteria=_text(criteria.get("narrative")) or _text(criteria.get("id")),
        image=_image(achievement.get("image") or doc.get("image")),
        achievement_type=_text(achievement.get("achievementType")),
        issuer_name=_text(issuer_d.get("name")),
        issuer_id=_id_or_text(issuer),
        issuer_url=_text(issuer_d.get("url")),
        subject_id=_text(subject.get("id")),
        subject_name=_text(subject.get("name")),
        issued=_text(doc.get("validFrom") or doc.get("issuanceDate") or doc.get("awardedDate")),
        expires=_text(doc.get("validUntil") or doc.get("expirationDate")),
        learning_outcomes=learning,
        assessment=assessment,
        credits=_credits(achievement),
        workload_hours=hours_text(achievement.get("volumeOfLearning")),
        level=level,
        mode=_text(
            achievement.get("courseMode")
            or achievement.get("modeOfParticipation")
            or achievement.get("mode")
        ),
        quality_assurance=_text(achievement.get("qualityAssurance")),
        prerequisites=_names(
            achievement.get("coursePrerequisites") or achievement.get("prerequisites")
        ),
        stacks_into=_names(achievement.get("isPartOf")),
        alignments=_alignments([a for a in aligned if a.get("targetType") != LEARNING_OUTCOME]),
        evidence=_evidence(doc.get("evidence")),
        endorsements=_endorsements(doc.get("endorsement") or achievement.get("endorsement")),
        results=_results(subject, achievement),
        language=_text(achievement.get("inLanguage") or doc.get("inLanguage")),
    )


def display_for_ob2(
    assertion: dict, badge: dict, issuer: dict, endorsements: list[dict] | None = None
) -> Display:
    criteria = badge.get("criteria")
    criteria_text = (
        _text(criteria.get("narrative") or criteria.get("id"))
        if isinstance(criteria, dict)
        else _text(criteria)
    )
    recipient = assertion.get("recipient") if isinstance(assertion.get("recipient"), dict) else {}
    return Display(
        name=_text(badge.get("name")),
        description=_text(badge.get("description")),
        criteria=criteria_text,
        image=_image(assertion.get("image") or badge.get("image")),
        achievement_type="Badge" if "BadgeClass" in types(badge) else None,
        issuer_name=_text(issuer.get("name")),
        issuer_id=_text(issuer.get("id")),
        issuer_url=_text(issuer.get("url")),
        subject_id=None if recipient.get("hashed") else _text(recipient.get("identity")),
        issued=_text(assertion.get("issuedOn")),
        expires=_text(assertion.get("expires")),
        alignments=_alignments(badge.get("alignment")),
        evidence=_evidence(assertion.get("evidence")),
        endorsements=_endorsements(
            endorsements if endorsements is not None else badge.get("endorsement")
        ),
        language=_text(badge.get("@language")),
    )
