"""A CLR 2.0 transcript shows its achievements, each like an OB 3.0 credential."""

from __future__ import annotations

import copy
import json

import msgspec

from wallet_core import verify
from wallet_core.display import MAX_PARTS, display_for_vc

from .conftest import ONE_EDTECH

COMPLEX = ONE_EDTECH / "clr20" / "complex.json"


def _clr() -> dict:
    return json.loads(COMPLEX.read_text("utf-8"))


def test_complex_clr_lists_its_achievements_with_their_fields():
    verdict = verify(COMPLEX.read_bytes())
    d = verdict.display
    assert d.name == "Ellis Monday"  # the CLR envelope itself is unchanged
    names = [p.name for p in d.parts]
    assert names == [
        "Nurse Assistant 1 Program with Licensure",
        "Health Careers 1",
        "Human Anatomy and Physiology",
        "Intro to Health Careers",
        "Nurse Assisting 1",
        "Oregon State Board of Nursing - Certified Nursing Assistant",
    ]
    program, health = d.parts[0], d.parts[1]
    assert program.achievement_type == "Diploma"
    assert program.issuer_name == "Western High School, RSD"
    assert program.endorsements[0].issuer_name == "Oregon State Board of Nursing"
    assert health.achievement_type == "Course"
    assert health.assessment == "Grade"
    assert [(r.name, r.value) for r in health.results] == [("Grade", "A")]


def test_clr_part_carries_micro_credential_fields():
    clr = _clr()
    achievement = clr["credentialSubject"]["verifiableCredential"][1]["credentialSubject"][
        "achievement"
    ]
    achievement["creditsAvailable"] = 5
    achievement["volumeOfLearning"] = "PT50H"
    achievement["educationalLevel"] = {"termCode": "4", "inDefinedTermSet": {"name": "HKQF"}}
    achievement["courseMode"] = "online"
    achievement["qualityAssurance"] = "HKCAAVQ"
    achievement["coursePrerequisites"] = ["First aid"]
    achievement["alignment"] = [
        {"targetName": "Take vital signs", "targetType": "ext:LearningOutcome"},
        {"targetName": "Patient care", "targetCode": "PC1", "targetFramework": "ESCO"},
    ]
    achievement["isPartOf"] = [{"name": "Nursing pathway"}]
    part = display_for_vc(clr).parts[1]
    assert part.credits == "5"
    assert part.workload_hours == "50"
    assert part.level == "HKQF 4"
    assert part.mode == "online"
    assert part.quality_assurance == "HKCAAVQ"
    assert part.prerequisites == ["First aid"]
    assert part.learning_outcomes == ["Take vital signs"]
    assert [a.name for a in part.alignments] == ["Patient care"]
    assert part.stacks_into == ["Nursing pathway"]


def test_bare_achievements_are_shown_once():
    clr = _clr()
    subject = clr["credentialSubject"]
    awarded = subject["verifiableCredential"][0]["credentialSubject"]["achievement"]
    subject["achievement"] = [
        copy.deepcopy(awarded),  # already shown with its credential
        {"id": "urn:example:extra", "name": "Extra Achievement", "creditsAvailable": 2},
    ]
    names = [p.name for p in display_for_vc(clr).parts]
    assert names.count(awarded["name"]) == 1
    assert names[-1] == "Extra Achievement"
    assert display_for_vc(clr).parts[-1].credits == "2"


def test_parts_are_bounded():
    clr = _clr()
    nested = clr["credentialSubject"]["verifiableCredential"]
    clr["credentialSubject"]["verifiableCredential"] = [nested[1]] * (MAX_PARTS + 50)
    clr["credentialSubject"]["achievement"] = [{"name": "x"}] * 10
    assert len(display_for_vc(clr).parts) == MAX_PARTS


def test_other_formats_have_no_parts():
    clr = _clr()
    ob3 = clr["credentialSubject"]["verifiableCredential"][1]
    assert display_for_vc(ob3).parts == []
    assert json.loads(msgspec.json.encode(display_for_vc(ob3)))["parts"] == []
