"""How the PWA's record and JSON Resume (pwa/src/wallet/record.js, resume.js; decision D29)
carry each kind of credential, run under Node on held records of every kind: where each
goes in the record, which JSON Resume section it becomes and what it links to. The résumé
is validated by @jsonresume/schema and the record's holder proof by @digitalbazaar/vc."""

from __future__ import annotations

import json

import pytest

from tests.oracle import check_record, make_record, new_wallet_key

OB2 = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://badges.example/a/1",
       "recipient": {"type": "email", "hashed": True, "identity": "sha256$00"}, "badge": "https://badges.example/b/1",
       "issuedOn": "2021-03-04T00:00:00Z", "verification": {"type": "hosted"}}
JWT = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln"  # stands for a VC-JWT as held: the record carries it as it is


def held(text: str, fmt: str, name: str, kind: str | None, issued: str = "2025-05-06T00:00:00Z") -> dict:
    display = {"name": name, "issuer_name": "Harbour College", "achievement_type": kind, "issued": issued,
               "alignments": [{"name": "teamwork", "framework": "ESCO", "code": "T1"}] if kind == "Badge" else []}
    return {"credential": text, "verdict": {"format": fmt, "result": "valid", "display": display}}


@pytest.fixture(scope="module")
def made():
    records = [
        held(json.dumps(OB2), "ob2-hosted", "First aid", "Badge"),
        held(JWT, "vc-jwt", "Best apprentice 2025", "Award"),
        held(JWT.replace("c2ln", "c2lnMg"), "vc-jwt", "Harbour clean-up", "CommunityService"),
        held(JWT.replace("c2ln", "c2lnMw"), "vc-jwt", "BSc Nursing", "BachelorDegree"),
    ]
    entries = [
        {"kind": "volunteering", "title": "Food bank rotas", "organisation": "Harbour Food Bank", "start": "2023-02-01"},
        {"kind": "life", "title": "Raised three children", "description": "Budgets, schedules, first aid."},
    ]
    return make_record(new_wallet_key(), records, entries, name="")


def test_each_credential_is_carried_as_held(made):
    record = made["record"]
    assert record["openBadges2"] == [json.dumps(OB2)]  # an OB 2.0 assertion is no VC: text, beside them
    vcs = record["verifiableCredential"]
    assert [v["id"].split(",")[0] for v in vcs[:3]] == ["data:application/vc+jwt"] * 3
    assert vcs[0] == {"@context": "https://www.w3.org/ns/credentials/v2", "id": f"data:application/vc+jwt,{JWT}",
                      "type": "EnvelopedVerifiableCredential"}
    assert [v["credentialSubject"]["achievement"]["achievementType"] for v in vcs[3:]] == ["ext:Volunteering", "ext:LifeExperience"]


def test_each_kind_lands_in_its_json_resume_section_with_its_link(made):
    rid = made["record"]["id"]
    resume = made["resume"]
    assert resume["basics"] == {}  # no name given: nothing invented
    assert resume["certificates"] == [{"name": "First aid", "date": "2025-05-06", "issuer": "Harbour College",
                                       "url": "https://badges.example/a/1"}]  # its own https id
    assert resume["awards"] == [{"title": "Best apprentice 2025", "date": "2025-05-06", "awarder": "Harbour College",
                                 "url": f"{rid}#credential-1"}]
    assert resume["volunteer"] == [
        {"organization": "Harbour College", "position": "Harbour clean-up", "endDate": "2025-05-06", "url": f"{rid}#credential-2"},
        {"organization": "Harbour Food Bank", "position": "Food bank rotas", "startDate": "2023-02-01", "url": f"{rid}#credential-4"},
    ]
    assert resume["education"] == [{"institution": "Harbour College", "area": "BSc Nursing", "studyType": "BachelorDegree",
                                    "endDate": "2025-05-06", "url": f"{rid}#credential-3"}]
    assert resume["projects"] == [{"name": "Raised three children", "description": "Budgets, schedules, first aid.",
                                   "url": f"{rid}#credential-5"}]
    assert resume["skills"] == [{"name": "teamwork", "keywords": ["ESCO", "T1"]}]


def test_the_resume_is_valid_and_the_record_is_signed(made):
    out = check_record(made["record"], made["resume"])
    assert out["resume"] == {"valid": True, "errors": []}
    assert out["holder_proof"] == {"verified": True, "errors": []}
