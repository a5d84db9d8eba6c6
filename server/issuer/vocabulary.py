"""The terms Satchel's awards use beyond Open Badges 3.0, each mapped to an
established vocabulary (D14 in docs/architecture.md).

Every field of a micro-credential is said in a term some context defines, so
that RDF canonicalisation keeps it and the proof covers it (a term no context
defines is dropped, or refused by verifiers that canonicalise in JSON-LD safe
mode). Open Badges 3.0's own terms come first: ``achievementType``,
``creditsAvailable``, ``inLanguage``, ``resultDescription`` (the assessment),
``alignment`` (skills, and the learning outcomes as alignments of type
``ext:LearningOutcome``). The rest are defined inline, in an object at the end
of the credential's ``@context`` — no document loader needs to fetch anything:

================  ==================================================
level+framework   schema.org ``educationalLevel`` → ``DefinedTerm``
                  (``termCode``, ``inDefinedTermSet`` → ``DefinedTermSet``)
workload (hours)  ELM ``volumeOfLearning`` (xsd:duration, ``PT50H``)
mode              schema.org ``courseMode`` (online / onsite / blended)
prerequisites     schema.org ``coursePrerequisites``
stacks into       schema.org ``isPartOf`` (the achievement it counts towards)
quality assurance ``qualityAssurance`` in Satchel's own namespace
                  (``urn:satchel:vocab:``): neither schema.org nor OB 3.0
                  has a term for it, and ELM's ``accreditation`` claims an
                  accreditation, which an internal review is not.
================  ==================================================
"""

from __future__ import annotations

import re

SCHEMA = "https://schema.org/"
ELM = "http://data.europa.eu/snb/model/elm/"
SATCHEL = "urn:satchel:vocab:"
XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"

# The inline context: appended, as it is, to every award's @context.
TERMS: dict = {
    "educationalLevel": {"@id": SCHEMA + "educationalLevel"},
    "DefinedTerm": SCHEMA + "DefinedTerm",
    "DefinedTermSet": SCHEMA + "DefinedTermSet",
    "termCode": {"@id": SCHEMA + "termCode"},
    "inDefinedTermSet": {"@id": SCHEMA + "inDefinedTermSet"},
    "volumeOfLearning": {"@id": ELM + "volumeOfLearning", "@type": XSD_DURATION},
    "courseMode": {"@id": SCHEMA + "courseMode"},
    "coursePrerequisites": {"@id": SCHEMA + "coursePrerequisites"},
    "isPartOf": {"@id": SCHEMA + "isPartOf", "@type": "@id"},
    "qualityAssurance": {"@id": SATCHEL + "qualityAssurance"},
}

LEARNING_OUTCOME = "ext:LearningOutcome"  # an Alignment targetType (OB 3.0 allows ext: values)
# schema.org courseMode's own examples: "online", "onsite", "blended".
COURSE_MODES = {"online": "online", "on-site": "onsite", "onsite": "onsite", "blended": "blended"}

_HOURS = re.compile(r"^\s*(\d{1,5}(?:\.\d{1,2})?)\s*(?:h|hrs?|hours?|小时|小時)?\s*$", re.IGNORECASE)
_DURATION = re.compile(r"^PT(\d{1,5}(?:\.\d{1,2})?)H$")


def hours_of(workload) -> float | int | None:
    """Hours from a definition's workload ("50 hours", "50", 50), or None."""
    if isinstance(workload, bool):
        return None
    if isinstance(workload, (int, float)):
        value = float(workload)
    elif isinstance(workload, str) and (m := _HOURS.match(workload)):
        value = float(m.group(1))
    else:
        return None
    if not 0 < value <= 10000:
        return None
    return int(value) if value.is_integer() else value


def duration(hours: float) -> str:
    """xsd:duration of a number of hours: 50 → "PT50H"."""
    return f"PT{hours}H"


def hours_of_duration(value) -> float | int | None:
    """Hours from an xsd:duration "PT50H" (the only form Satchel writes)."""
    if isinstance(value, str) and (m := _DURATION.match(value)):
        number = float(m.group(1))
        return int(number) if number.is_integer() else number
    return None


def with_terms(contexts: list) -> list:
    return [*contexts, TERMS]
