"""The skills passport's aggregation (pwa/src/wallet/passport.js, run in Node): skills grouped
by framework (ESCO, O*NET, then the others by name, "no framework" last), each skill as strong
as its best backing credential, where self-asserted never reads as verified and an expired
credential reads as expired; the summary line's counts; the credentials ticked for printing;
each credential's own web address; and skills named on a self-asserted entry, signed in Node
and read back by wallet_core."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from wallet_core import VerifyOptions, verify

HERE = Path(__file__).resolve().parent
NOW = "2026-06-01T12:00:00Z"


def node(job: dict) -> dict:
    out = subprocess.run(["node", str(HERE / "passport.mjs")], input=json.dumps(job), capture_output=True,
                         text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def passed(check: str) -> dict:
    return {"check": check, "status": "passed", "code": f"{check}.ok", "params": {}}


def record(rid: str, result: str, skills: list[tuple[str | None, str | None, str]], *, credential: str | None = None,
           self_asserted: bool = False, expired: str | None = None) -> dict:
    """A wallet record as the PWA stores it (verdict shape of /api/v1/verify)."""
    checks = [passed("proof")]
    if expired:
        checks.append({"check": "validity", "status": "failed", "code": "validity.expired",
                       "params": {"until": expired}})
    display = {"name": f"Credential {rid}", "expires": expired,
               "alignments": [{"framework": f, "code": c, "name": n, "url": None} for f, c, n in skills]}
    r = {"id": rid, "credential": credential or json.dumps({"id": f"urn:uuid:{rid}"}),
         "verdict": {"result": result, "checks": checks, "display": display}}
    if self_asserted:
        r["selfAsserted"] = True
        r["verdict"]["result"] = "self_asserted"
    return r


ESCO_DIGITAL = ("ESCO", "S5", "digital competence")
ESCO_TEAM = ("ESCO", "T2", "teamwork")
ONET_READING = ("O*NET", "2.A.1.a", "reading comprehension")
HKQF_FINANCE = ("HKQF", "SCS-F1", "sustainable finance")
AQF_FIRST_AID = ("AQF", None, "first aid")
NO_FRAMEWORK = (None, None, "rota planning")

RECORDS = [
    record("valid", "valid", [ESCO_DIGITAL, HKQF_FINANCE]),
    record("unchecked", "could_not_check", [ONET_READING, ESCO_DIGITAL]),
    record("expired", "invalid", [ESCO_TEAM, ESCO_DIGITAL], expired="2022-11-15T23:59:59Z"),
    record("revoked", "invalid", [AQF_FIRST_AID]),
    record("self-1", "self_asserted", [NO_FRAMEWORK, ESCO_TEAM], self_asserted=True),
    record("self-2", "self_asserted", [NO_FRAMEWORK], self_asserted=True),
    record("no-skills", "valid", []),
]


def skills_of(out: dict) -> dict[str, dict]:
    return {s["name"]: s for g in out["passport"]["groups"] for s in g["skills"]}


def test_skills_are_grouped_by_framework_known_ones_first_none_last():
    out = node({"records": RECORDS, "now": NOW})
    groups = [(g["framework"], [s["name"] for s in g["skills"]]) for g in out["passport"]["groups"]]
    assert groups == [
        ("ESCO", ["digital competence", "teamwork"]),
        ("O*NET", ["reading comprehension"]),
        ("AQF", ["first aid"]),
        ("HKQF", ["sustainable finance"]),
        ("", ["rota planning"]),
    ]


def test_a_skill_is_as_strong_as_its_best_backing_and_self_asserted_is_never_verified():
    skills = skills_of(node({"records": RECORDS, "now": NOW}))
    digital = skills["digital competence"]
    assert digital["standing"] == "verified"
    assert digital["backing"] == [["valid", "verified"], ["unchecked", "could_not_check"], ["expired", "expired"]]
    assert skills["reading comprehension"]["standing"] == "could_not_check"
    assert skills["teamwork"]["standing"] == "self_asserted"  # self-asserted beats expired, never verified
    assert skills["teamwork"]["backing"] == [["self-1", "self_asserted"], ["expired", "expired"]]
    assert skills["rota planning"] == {"key": "|rota planning", "name": "rota planning", "standing": "self_asserted",
                                       "backing": [["self-1", "self_asserted"], ["self-2", "self_asserted"]]}
    assert skills["first aid"]["standing"] == "invalid"


def test_an_expired_credential_reads_expired_until_then_as_its_verdict_says():
    only = [record("soon", "valid", [ESCO_TEAM], expired=None)]
    only[0]["verdict"]["display"]["expires"] = "2026-07-01T00:00:00Z"
    assert skills_of(node({"records": only, "now": NOW}))["teamwork"]["standing"] == "verified"
    # the same record after its expiry date, with the verdict's validity check failed
    only[0]["verdict"]["checks"].append({"check": "validity", "status": "failed", "code": "validity.expired",
                                         "params": {"until": "2026-07-01T00:00:00Z"}})
    later = node({"records": only, "now": "2026-08-01T00:00:00Z"})
    assert skills_of(later)["teamwork"]["standing"] == "expired"


def test_summary_counts_skills_backing_credentials_and_verified_skills():
    out = node({"records": RECORDS, "now": NOW})
    assert out["passport"]["summary"] == {"skills": 6, "credentials": 6, "verified": 2}
    assert node({"records": [], "now": NOW})["passport"] == {"groups": [], "summary": {"skills": 0, "credentials": 0, "verified": 0}}


def test_print_ticks_only_verified_credentials_and_finds_their_own_web_address():
    hosted = record("hosted", "valid", [], credential=json.dumps({"id": "https://example.org/assertions/7.json"}))
    plain_http = record("http", "valid", [], credential=json.dumps({"id": "http://example.org/a.json"}))
    mine = record("mine", "self_asserted", [], self_asserted=True,
                  credential=json.dumps({"id": "https://example.org/mine"}))
    out = node({"records": [*RECORDS, hosted, plain_http, mine], "now": NOW})
    assert out["print"] == ["valid", "no-skills", "hosted", "http"]
    assert out["urls"]["hosted"] == "https://example.org/assertions/7.json"
    assert out["urls"]["valid"] is None and out["urls"]["http"] is None
    assert out["urls"]["mine"] is None  # an entry of one's own has no issuer address to check


def test_skills_of_a_self_asserted_entry_are_signed_and_read_back_by_wallet_core():
    form = {"kind": "volunteering", "title": "Food bank coordinator"}
    out = node({"records": [], "now": NOW, "sign": {"form": form, "skills": "First aid, rota planning，排班、first AID\n"}})
    assert out["skills"] == ["First aid", "rota planning", "排班"]
    verdict = verify(json.dumps(out["signed"]).encode(), VerifyOptions(fetcher=None))
    checks = {c.check: c.status for c in verdict.checks}
    assert checks["proof"] == "passed" and checks["schema"] == "passed", verdict.checks
    assert [(a.name, a.framework) for a in verdict.display.alignments] == [
        ("First aid", None), ("rota planning", None), ("排班", None)]


def test_more_than_twenty_skills_are_refused():
    out = node({"records": [], "now": NOW,
                "sign": {"form": {"kind": "work", "title": "Many"}, "skills": ",".join(f"s{i}" for i in range(21))}})
    assert out["signError"] == "at most 20 skills" and "signed" not in out
