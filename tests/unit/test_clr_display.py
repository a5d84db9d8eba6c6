"""A CLR 2.0 transcript shows its achievements, each like an OB 3.0 credential."""

from __future__ import annotations

import copy
import json

import msgspec

from tests.own_vectors import clr
from wallet_core import verify
from wallet_core.display import MAX_PARTS, display_for_vc


def _clr() -> dict:
    return clr()  # our own six-achievement transcript (tests/own_vectors.py)


def test_complex_clr_lists_its_achievements_with_their_fields():
    verdict = verify(json.dumps(_clr()).encode())
    assert verdict.result == "valid", verdict.checks
    d = verdict.display
    assert d.name == "Mei Lin Chan"  # the CLR envelope itself is unchanged
    names = [p.name for p in d.parts]
    assert names == [
        "Certificate in Community Care",
        "Health Literacy 1",
        "Human Biology",
        "Introduction to Care Work",
        "First Aid at Work",
        "Harbour Health Council - Certified Care Assistant",
    ]
    program, health = d.parts[0], d.parts[1]
    assert program.achievement_type == "Diploma"
    assert program.issuer_name == "Harbour Community College"
    assert program.endorsements[0].issuer_name == "Harbour Health Council"
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
    achievement["isPartOf"] = [{"name": "Care pathway"}]
    part = display_for_vc(clr).parts[1]
    assert part.credits == "5"
    assert part.workload_hours == "50"
    assert part.level == "HKQF 4"
    assert part.mode == "online"
    assert part.quality_assurance == "HKCAAVQ"
    assert part.prerequisites == ["First aid"]
    assert part.learning_outcomes == ["Take vital signs"]
    assert [a.name for a in part.alignments] == ["Patient care"]
    assert part.stacks_into == ["Care pathway"]


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
