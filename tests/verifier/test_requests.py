"""The verifier's own rules without a wallet: DCQL building, validation and
matching; request expiry, single answers and deletion (real SQLite file, the
real app through Litestar's test client)."""

from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from server.storage import open_database
from server.verifier import VerifierConfig, dcql, store

SD_CLAIMS = {
    "iss": "did:web:college.example",
    "vct": "https://college.example/a/1",
    "name": "AI Foundations",
    "achievement": {"workload": "20 hours", "alignments": [{"name": "digital competence", "code": "S5"}, {"code": "S9"}]},
}


def test_dcql_built_from_simple_options():
    q = dcql.build(skill="S5", issuer="did:web:college.example", vct="https://college.example/a/1", fields=["workload"])
    [cred] = q["credentials"]
    assert cred["format"] == "dc+sd-jwt" and cred["meta"] == {"vct_values": ["https://college.example/a/1"]}
    assert {"id": "skill", "path": ["achievement", "alignments", None, "code"], "values": ["S5"]} in cred["claims"]
    assert dcql.validate(q, 5, 20) is q
    assert dcql.unmet(cred, SD_CLAIMS) == []
    with pytest.raises(dcql.QueryError, match="unknown field"):
        dcql.build(fields=["salary"])


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({**SD_CLAIMS, "iss": "did:web:other.example"}, "iss does not have a value"),
        ({**SD_CLAIMS, "vct": "https://other.example/x"}, "vct"),
        ({**SD_CLAIMS, "achievement": {"workload": "20 hours", "alignments": [{"code": "S9"}]}}, "alignments/*/code does not have a value"),
        ({**SD_CLAIMS, "achievement": {"alignments": [{"code": "S5"}]}}, "achievement/workload was not disclosed"),
    ],
)
def test_dcql_unmet_says_why(claims, why):
    cred = dcql.build(skill="S5", issuer="did:web:college.example", vct="https://college.example/a/1", fields=["workload"])["credentials"][0]
    problems = dcql.unmet(cred, claims)
    assert len(problems) == 1 and why in problems[0], problems


def test_dcql_values_match_type_and_value():
    cred = {"id": "c", "format": "dc+sd-jwt", "claims": [{"path": ["n"], "values": [1]}]}
    assert dcql.unmet(cred, {"n": 1}) == []
    assert dcql.unmet(cred, {"n": "1"}) and dcql.unmet(cred, {"n": True})
    assert dcql.select({"a": [{"b": 1}, {"b": 2}, {}]}, ["a", None, "b"]) == [1, 2]
    assert dcql.select({"a": [5, 6]}, ["a", 1]) == [6]


SD = {"id": "a", "format": "dc+sd-jwt"}
LDP = {"id": "b", "format": "ldp_vc", "meta": {"type_values": [[dcql.VC_TYPE]]}}


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ([], "JSON object"),
        ({"credentials": []}, "1 to 5"),
        ({"credentials": [{"id": "a", "format": "mso_mdoc"}]}, "format must be one of"),
        ({"credentials": [{"id": "a", "format": "ldp_vc"}]}, "type_values"),
        ({"credentials": [{**LDP, "meta": {"type_values": []}}]}, "type_values"),
        ({"credentials": [{**LDP, "meta": {"type_values": [["x"]], "vct_values": ["y"]}}]}, "type_values"),
        ({"credentials": [{**SD, "meta": {"type_values": [["x"]]}}]}, "only vct_values"),
        ({"credentials": [SD, SD]}, "unique"),
        ({"credentials": [{**SD, "claim_sets": [["x"]]}]}, "every claim needs an id"),
        ({"credentials": [{**SD, "claims": [{"id": "n", "path": ["n"]}], "claim_sets": [["x"]]}]}, "'x' names no claim"),
        ({"credentials": [{**SD, "claims": [{"id": "n", "path": ["n"]}], "claim_sets": []}]}, "claim_sets must be"),
        ({"credentials": [{**SD, "claims": [{"id": "n", "path": ["n"]}, {"id": "n", "path": ["m"]}]}]}, "unique"),
        ({"credentials": [{**SD, "multiple": "yes"}]}, "multiple"),
        ({"credentials": [{**SD, "require_cryptographic_holder_binding": False}]}, "holder binding"),
        ({"credentials": [{**SD, "trusted_authorities": []}]}, "unsupported members"),
        ({"credentials": [{**SD, "claims": [{"path": []}]}]}, "path"),
        ({"credentials": [{**SD, "claims": [{"path": ["x", -1]}]}]}, "path"),
        ({"credentials": [{**SD, "claims": [{"path": ["x"], "values": [1.5]}]}]}, "values"),
        ({"credentials": [SD], "credential_sets": []}, "credential_sets"),
        ({"credentials": [SD], "credential_sets": [{"options": [["z"]]}]}, "'z' names no credential query"),
        ({"credentials": [SD, LDP], "credential_sets": [{"options": [["a"]]}]}, "'b' is in no credential set"),
        ({"credentials": [SD], "credential_sets": [{"options": [["a"]], "required": "no"}]}, "required"),
        ({"credentials": [SD], "credential_sets": [{"options": [["a"]], "purpose": "x"}]}, "options and optionally required"),
    ],
)
def test_dcql_queries_satchel_cannot_enforce_are_refused(query, why):
    with pytest.raises(dcql.QueryError, match=why):
        dcql.validate(query, 5, 20)


OB3 = {
    "issuer": {"id": "did:web:college.example", "name": "College"},
    "credentialSubject": {"id": "did:key:z6Mk", "achievement": {"name": "AI Foundations", "alignment": [{"targetCode": "S5"}]}},
}
OB3_TYPES = [dcql.VC_TYPE, "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"]


def test_dcql_build_for_w3c_formats_and_any_format():
    q = dcql.build(skill="S5", issuer="did:web:college.example", fields=["name", "workload"], formats=["ldp_vc"])
    [cred] = q["credentials"]
    assert cred["format"] == "ldp_vc" and cred["meta"] == {"type_values": [[dcql.VC_TYPE]]}
    assert {"id": "skill", "path": ["credentialSubject", "achievement", "alignment", None, "targetCode"], "values": ["S5"]} in cred["claims"]
    assert dcql.validate(q, 5, 20) is q
    # workload was asked for and is absent; the rest matches
    assert dcql.unmet(cred, OB3, OB3_TYPES) == ["the claim credentialSubject/achievement/volumeOfLearning was not disclosed"]
    anyq = dcql.build(fields=["name"], formats=["dc+sd-jwt", "ldp_vc", "jwt_vc_json"])
    assert [c["id"] for c in anyq["credentials"]] == ["sd_jwt_vc", "ldp_vc", "jwt_vc"]
    assert anyq["credential_sets"] == [{"options": [["sd_jwt_vc"], ["ldp_vc"], ["jwt_vc"]], "required": True}]
    assert dcql.validate(anyq, 5, 20) is anyq
    with pytest.raises(dcql.QueryError, match="unknown format"):
        dcql.build(formats=["mso_mdoc"])


def test_dcql_type_values_need_every_type_of_one_alternative():
    cred = {**LDP, "meta": {"type_values": [[dcql.VC_TYPE, "urn:x:Diploma"], [OB3_TYPES[1]]]}}
    assert dcql.unmet(cred, OB3, OB3_TYPES) == []
    assert dcql.unmet(cred, OB3, [dcql.VC_TYPE]) and "not a type asked for" in dcql.unmet(cred, OB3, [dcql.VC_TYPE])[0]
    assert dcql.unmet(cred, OB3, [dcql.VC_TYPE, "urn:x:Diploma"]) == []
    # types that could not be expanded never match
    assert "could not be expanded" in dcql.unmet(cred, OB3, None)[0]


def test_dcql_claim_sets_first_satisfied_set_is_shown():
    cred = {
        **LDP,
        "claims": [
            {"id": "skill", "path": ["credentialSubject", "achievement", "alignment", None, "targetCode"], "values": ["S9"]},
            {"id": "name", "path": ["credentialSubject", "achievement", "name"]},
            {"id": "issuer", "path": ["issuer", "id"], "values": ["did:web:college.example"]},
        ],
        "claim_sets": [["skill", "name"], ["issuer", "name"]],
    }
    dcql.validate({"credentials": [cred]}, 5, 20)
    assert dcql.unmet(cred, OB3, OB3_TYPES) == []  # the second set
    assert [c["id"] for c in dcql.requested(cred, OB3)] == ["issuer", "name"]
    other = {**OB3, "issuer": {"id": "did:web:elsewhere.example"}}
    [why] = dcql.unmet(cred, other, OB3_TYPES)
    assert why.startswith("no claim set is satisfied") and "targetCode does not have a value" in why
    assert dcql.requested(cred, other) == []


@pytest.mark.parametrize(
    ("sets", "satisfied", "answered", "problems"),
    [
        (None, {"a", "b"}, {"a", "b"}, 0),
        (None, {"a"}, {"a"}, 1),  # without credential_sets every query is required
        ([{"options": [["a"], ["b"]]}], {"b"}, {"b"}, 0),
        ([{"options": [["a"], ["b"]]}], set(), {"a"}, 1),
        ([{"options": [["a", "b"]]}], {"a"}, {"a", "b"}, 1),
        ([{"options": [["a"]]}, {"options": [["b"]], "required": False}], {"a"}, {"a"}, 0),
        ([{"options": [["a"]], "required": False}, {"options": [["b"]]}], {"a"}, {"a"}, 1),
    ],
)
def test_dcql_credential_sets(sets, satisfied, answered, problems):
    query = {"credentials": [SD, LDP], **({"credential_sets": sets} if sets else {})}
    dcql.validate(query, 5, 20)
    assert len(dcql.sets_problems(query, satisfied, answered)) == problems


def test_one_answer_per_request_and_deletion(tmp_path, database):
    db = open_database(database or tmp_path / "v.db")
    try:
        now = time.time()
        row, secret = store.create(db, "", {"credentials": []}, now, lifetime=600, unread_retention=100)
        assert store.by_secret(db, secret, now)["id"] == row["id"]
        assert store.by_secret(db, secret + "x", now) is None
        taken, problem = store.take_answer(db, row["state"], now + 1, 100)
        assert problem is None and taken["id"] == row["id"]
        _again, problem = store.take_answer(db, row["state"], now + 2, 100)
        assert problem == "this request was already answered"
        store.save_result(db, row["id"], {"result": "verified"})
        answered = store.by_id(db, row["id"], now + 3)
        store.mark_read(db, answered, now + 3, read_retention=10)
        assert store.by_id(db, row["id"], now + 12) is not None
        assert store.by_id(db, row["id"], now + 14) is None  # read + 10 s
        assert store.purge(db, now + 14) == 1
        late, _ = store.create(db, "", {"credentials": []}, now, lifetime=5, unread_retention=100)
        assert store.take_answer(db, late["state"], now + 6, 100)[1] == "this request has expired"
        assert store.take_answer(db, "unknown", now, 100)[1].startswith("unknown")
    finally:
        db.close()


def test_expired_request_over_http(tmp_path, database):
    settings = Settings(data_dir=tmp_path / "data", offline=True, database_url=database)
    config = VerifierConfig(request_lifetime=1, unread_retention=2, refresh_seconds=1)
    with TestClient(app=create_app(settings, verifier_config=config)) as client:
        made = client.post("/api/v1/verifier/requests", json={"fields": ["name"]}).json()
        page = client.get(f"/verifier/r/{made['secret']}")
        assert page.status_code == 200 and 'http-equiv="refresh" content="1"' in page.text
        assert "Content-Security-Policy" in page.headers and "script" not in page.headers["Content-Security-Policy"]
        assert page.headers["Referrer-Policy"] == "no-referrer"
        jwt = client.get(f"/oid4vp/requests/{made['id']}/request.jwt")
        assert jwt.status_code == 200
        time.sleep(1.2)
        assert client.get(f"/oid4vp/requests/{made['id']}/request.jwt").status_code == 410
        state = made["links"]["same_device"].split("state=")[1].split("&")[0]
        r = client.post("/oid4vp/response", data={"state": state, "vp_token": "{}"})
        assert r.status_code == 400 and "expired" in r.json()["error_description"]
        read = client.get("/api/v1/verifier/requests/" + made["id"], headers={"Authorization": f"Bearer {made['secret']}"})
        assert read.json()["status"] == "expired"
        page = client.get(f"/verifier/r/{made['secret']}")
        assert "expired" in page.text and "refresh" not in page.text
        time.sleep(2.1)
        assert client.get(f"/verifier/r/{made['secret']}").status_code == 404
        gone = client.get("/api/v1/verifier/requests/" + made["id"], headers={"Authorization": f"Bearer {made['secret']}"})
        assert gone.status_code == 404


def test_wallet_error_and_bad_tokens_are_refused(tmp_path, database):
    settings = Settings(data_dir=tmp_path / "data", offline=True, database_url=database)
    with TestClient(app=create_app(settings)) as client:
        cases = [
            ({"error": "access_denied", "error_description": "no thanks"}, "the wallet declined (access_denied: no thanks)"),
            ({"vp_token": "not json"}, "vp_token is not JSON"),
            ({"vp_token": '{"other": ["x"]}'}, "which was not asked for"),
            ({"vp_token": '{"credential": ["a.b.c"]}'}, "credential:"),
            ({"vp_token": '{"credential": []}'}, "empty array"),
            ({"vp_token": '{"credential": ["a.b.c", "a.b.c"]}'}, "the query asks for one"),
            ({"vp_token": '{"credential": [{"type": ["VerifiablePresentation"]}]}'}, "not a JSON object"),
            ({"vp_token": '{"credential": [7]}'}, "strings or JSON objects"),
            ({"vp_token": '{}'}, "no presentation for the credential query"),
            ({}, "no vp_token"),
        ]
        for form, why in cases:
            made = client.post("/api/v1/verifier/requests", json={}).json()
            state = made["links"]["same_device"].split("state=")[1].split("&")[0]
            r = client.post("/oid4vp/response", data={"state": state, **form})
            assert r.status_code == 400, form
            path = "/api/v1/verifier/requests/" + made["id"]
            result = client.get(path, headers={"Authorization": f"Bearer {made['secret']}"}).json()["result"]
            assert result["result"] == "refused" and any(why in w for w in result["reasons"]), (form, result)
            page = client.get(f"/verifier/r/{made['secret']}")
            assert "Refused" in page.text and "✓ Verified" not in page.text


def test_rate_limits_per_client(tmp_path, database):
    settings = Settings(data_dir=tmp_path / "data", offline=True, database_url=database)
    config = VerifierConfig(create_rate=(0.001, 2), wallet_rate=(0.001, 1))
    with TestClient(app=create_app(settings, verifier_config=config)) as client:
        assert [client.post("/api/v1/verifier/requests", json={}).status_code for _ in range(3)] == [201, 201, 429]
        r = client.post("/api/v1/verifier/requests", json={})
        assert r.json()["error"] == "rate_limited" and int(r.headers["Retry-After"]) > 0
        assert client.post("/verifier", data={"fields": "name"}).status_code == 429
        assert client.post("/oid4vp/response", data={"state": "x"}).status_code == 400
        assert client.post("/oid4vp/response", data={"state": "x"}).status_code == 429
