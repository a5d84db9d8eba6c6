"""Share links against the real app (real SQLite file, real Ed25519 signatures)."""

from __future__ import annotations

import json
import time

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from server.shares import ShareConfig
from tests.issued import award_credential
from tests.own_vectors import HOSTILE_SVG
from tests.shares.helpers import DEMO_SLUGS, Learner, signed_clr, signed_credential


@pytest.fixture
def learner() -> Learner:
    return Learner(seed=7)


def share_count(client) -> int:
    return client.app.state.db.execute("select count(*) from shares").fetchone()[0]


def refused(client, body: dict, status: int, code: str) -> dict:
    before = share_count(client)
    r = client.post("/api/v1/shares", content=json.dumps(body))
    assert r.status_code == status, r.text
    assert r.json()["error"] == code, r.json()
    assert r.json()["message"]
    assert share_count(client) == before  # nothing stored
    return r.json()


def test_nonce_names_the_share_audience_and_is_unguessable(client, learner):
    n = learner.nonce(client)
    assert n["audience"] == "http://127.0.0.1:8000/api/v1/shares"
    assert len(n["nonce"]) >= 22 and n["expires_in"] == 300
    assert n["nonce"] != learner.nonce(client)["nonce"]


def test_share_is_created_viewed_and_reported(client, learner):
    creds = [learner.credential(client, "green-finance"), learner.credential(client, "ai-foundations")]
    share = learner.share(client, creds, label="Application: analyst")
    assert len(share["token"]) == 43  # 256 random bits
    assert share["url"].endswith("/s/" + share["token"])
    assert share["result"] == "valid" and share["holder"] == learner.did
    assert [c["name"] for c in share["credentials"]] == ["Green Finance", "AI Foundations for University Teaching Staff"]
    # the database keeps only hashes
    row = client.app.state.db.execute("select token_hash, manage_hash from shares").fetchone()
    assert share["token"] not in row and learner.secret not in row

    page = client.get(f"/s/{share['token']}")
    assert page.status_code == 200
    assert "Green Finance" in page.text and "Application: analyst" in page.text
    assert 'class="banner valid"' in page.text
    assert learner.did in page.text
    assert "Made for this site" in page.text and "Not a replay" in page.text
    # every micro-credential field of the signed award (issue 11)
    for shown in ("HKQF 4", "50 hours", "Online", "Accredited at HKQF level 4 (demo)", "Certificate in Sustainable Finance",
                  "Written case study", "Assess whether a bond meets green bond principles", "digital competence"):
        assert shown in page.text, shown

    report = client.get(f"/s/{share['token']}/report.json")
    assert report.status_code == 200
    assert "attachment" in report.headers["content-disposition"]
    data = report.json()
    assert data["report"] == "satchel-share-verification"
    assert data["verdict"]["result"] == "valid"
    assert data["verdict"]["holder"] == learner.did
    assert [c["holder_binding"]["status"] for c in data["verdict"]["credentials"]] == ["passed", "passed"]
    assert {c["check"] for c in data["verdict"]["checks"]} == {"holder_signature", "audience", "nonce", "freshness"}


def test_replayed_presentation_is_refused(client, learner):
    body = learner.share_body(learner.present(client, [learner.credential(client)]))
    assert client.post("/api/v1/shares", content=json.dumps(body)).status_code == 201
    out = refused(client, body, 422, "replayed_presentation")
    assert "already used" in out["message"]


def test_unknown_nonce_is_refused(client, learner):
    vp = learner.present(client, [learner.credential(client)], nonce="made-up-nonce-0123456789")
    refused(client, learner.share_body(vp), 422, "replayed_presentation")


def test_foreign_audience_is_refused(client, learner):
    vp = learner.present(client, [learner.credential(client)], audience="https://other.example/api/v1/shares")
    out = refused(client, learner.share_body(vp), 422, "foreign_audience")
    assert "other.example" in out["message"]
    assert out["verdict"]["result"] == "invalid"


def test_someone_elses_credential_is_refused(client, learner):
    other = Learner(seed=9)
    vp = learner.present(client, [other.credential(client)])
    out = refused(client, learner.share_body(vp), 422, "wrong_holder")
    assert other.did in out["message"]


def test_stranger_signing_as_the_holder_is_refused(client, learner):
    vp = learner.present(client, [learner.credential(client)], key=Learner(seed=9).key)
    refused(client, learner.share_body(vp), 422, "bad_holder_signature")


def test_tampered_presentation_is_refused(client, learner):
    vp = learner.present(client, [learner.credential(client)])
    head, body, sig = vp.split(".")
    sig = ("A" if sig[0] != "A" else "B") + sig[1:]
    refused(client, learner.share_body(f"{head}.{body}.{sig}"), 422, "bad_holder_signature")


def test_tampered_credential_is_refused(client, learner):
    cred = learner.credential(client)
    cred["credentialSubject"]["achievement"]["name"] = "Brain Surgery"
    out = refused(client, learner.share_body(learner.present(client, [cred])), 422, "credential_invalid")
    assert "proof" in out["message"]


def test_stale_presentation_is_refused(client, learner):
    vp = learner.present(client, [learner.credential(client)], iat=time.time() - 3600)
    refused(client, learner.share_body(vp), 422, "stale_presentation")


@pytest.mark.parametrize(
    "change, status, code",
    [
        ({"expires_at": "2999-01-01T00:00:00Z"}, 400, "bad_request"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, 400, "bad_request"),
        ({"expires_at": "tomorrow"}, 400, "bad_request"),
        ({"expires_at": "2030-01-01T00:00:00"}, 400, "bad_request"),
        ({"manage_secret": "short"}, 400, "bad_request"),
        ({"label": "x" * 201}, 400, "bad_request"),
        ({"label": 5}, 400, "bad_request"),
        ({"extra": 1}, 400, "bad_request"),
        ({"presentation": "not a presentation"}, 400, "malformed"),
        ({"presentation": "x" * 5_000_000}, 413, "too_large"),
        ({"presentation": "eyJhbGciOiJFZERTQSJ9.e30.AAAA"}, 422, "not_a_credential"),
        ({"presentation": "abc.def.ghi"}, 400, "malformed"),
    ],
)
def test_bad_share_requests_get_a_clear_4xx_and_change_nothing(client, learner, change, status, code):
    body = {**learner.share_body(learner.present(client, [learner.credential(client)])), **change}
    out = refused(client, body, status, code)
    if "expires_at" in change:
        assert "expires_at" in out["message"]


def test_missing_fields_and_non_json_are_400(client, learner):
    for raw in ["", "[]", "{", json.dumps({"label": "x"})]:
        r = client.post("/api/v1/shares", content=raw)
        assert r.status_code == 400, (raw, r.text)
        assert r.json()["error"] == "bad_request"
    assert share_count(client) == 0


def test_a_nul_in_the_verifier_name_is_a_space_on_both_engines(client, learner):
    share = learner.share(client, [learner.credential(client)])
    r = client.post(f"/s/{share['token']}", data={"verifier_name": "Acme\x00HR\x00"})
    assert r.status_code == 200 and "Acme HR" in r.text
    info = client.get(f"/api/v1/shares/{share['id']}", headers=learner.auth).json()
    assert [v["verifier_name"] for v in info["views"]] == ["Acme HR"]
    client.get(f"/s/{share['token']}")  # the view log still writes
    assert client.get(f"/api/v1/shares/{share['id']}", headers=learner.auth).json()["view_count"] == 2


def test_manage_with_the_device_secret(client, learner):
    share = learner.share(client, [learner.credential(client)])
    sid = share["id"]
    assert client.get(f"/api/v1/shares/{sid}").status_code == 401
    assert client.get(f"/api/v1/shares/{sid}").headers["www-authenticate"] == "Bearer"
    stranger = Learner(seed=9)
    assert client.get(f"/api/v1/shares/{sid}", headers=stranger.auth).status_code == 404
    assert client.delete(f"/api/v1/shares/{sid}", headers=stranger.auth).status_code == 404

    client.get(f"/s/{share['token']}")
    client.get(f"/s/{share['token']}?lang=zh-Hans")
    r = client.post(f"/s/{share['token']}", data={"verifier_name": "  Acme   HR  "})
    assert r.status_code == 200 and "Acme HR" in r.text
    info = client.get(f"/api/v1/shares/{sid}", headers=learner.auth).json()
    assert info["view_count"] == 3
    assert info["views"][0]["verifier_name"] == "Acme HR"
    assert [v["verifier_name"] for v in info["views"][1:]] == [None, None]
    assert info["label"] == "For Acme Ltd" and not info["revoked"] and not info["expired"]
    listed = client.get("/api/v1/shares", headers=learner.auth).json()["shares"]
    assert [s["id"] for s in listed] == [sid]
    assert client.get("/api/v1/shares", headers=stranger.auth).json()["shares"] == []

    revoked = client.delete(f"/api/v1/shares/{sid}", headers=learner.auth)
    assert revoked.status_code == 200 and revoked.json()["revoked"] and revoked.json()["revoked_at"]
    page = client.get(f"/s/{share['token']}")
    assert page.status_code == 410
    assert "withdrew" in page.text and "Green Finance" not in page.text and learner.did not in page.text
    assert client.get(f"/s/{share['token']}/report.json").status_code == 410
    assert client.get(f"/api/v1/shares/{sid}", headers=learner.auth).json()["view_count"] == 3


def test_expired_share_says_so_and_shows_nothing_else(client, learner):
    share = learner.share(client, [learner.credential(client)])
    client.app.state.db.execute("update shares set expires = ? where id = ?", [time.time() - 1, share["id"]])
    page = client.get(f"/s/{share['token']}")
    assert page.status_code == 410
    assert "expired" in page.text and "Green Finance" not in page.text
    assert client.get(f"/s/{share['token']}/report.json").json()["error"] == "share_expired"


def test_unknown_tokens_are_404(client):
    for token in ["A" * 43, "short", "x" * 200]:
        r = client.get(f"/s/{token}")
        assert r.status_code == 404 and "No such share link" in r.text


def test_page_language_from_accept_language_and_lang_switch(client, learner):
    share = learner.share(client, [learner.credential(client, "green-finance", "zh-Hant")])
    url = f"/s/{share['token']}"
    hant = client.get(url, headers={"Accept-Language": "zh-TW,zh;q=0.9,en;q=0.5"})
    assert '<html lang="zh-Hant"' in hant.text and "分享的證書" in hant.text and "已驗證" in hant.text
    assert "50 小時" in hant.text and "網上" in hant.text  # workload and mode in the viewer's language
    hans = client.get(url, headers={"Accept-Language": "zh-CN"})
    assert '<html lang="zh-Hans"' in hans.text and "分享的证书" in hans.text
    switched = client.get(url + "?lang=en", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en"' in switched.text and "Shared credentials" in switched.text
    assert '<html lang="en"' in client.get(url, headers={"Accept-Language": "fr-FR"}).text
    assert 'href="?lang=zh-Hant"' in hans.text and "Vary" in hans.headers and "Accept-Language" in hans.headers["vary"]


def test_page_is_small_strict_and_scriptless_for_five_credentials(client, learner):
    creds = [learner.credential(client, slug) for slug in DEMO_SLUGS] + [learner.credential(client, "green-finance", "zh-Hans")]
    share = learner.share(client, creds)
    for lang in ("en", "zh-Hans", "zh-Hant"):
        page = client.get(f"/s/{share['token']}?lang={lang}", headers={"Accept-Encoding": "identity"})
        assert page.status_code == 200
        assert len(page.content) <= 30 * 1024, len(page.content)  # HTML with its inline CSS
        assert page.text.count('class="cred"') == 5
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "'unsafe-inline'" not in csp
    assert "<script" not in page.text.lower() and " on" not in page.text.split("<style>")[0]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "@media print" in page.text


def test_everything_a_credential_carries_is_escaped(client, learner):
    evil = signed_credential(
        learner.did,
        name='<script>alert("name")</script>',
        description=HOSTILE_SVG,
        criteria="<img src=x onerror=alert(1)>",
        issuer_name="<iframe src=javascript:alert(1)>",
    )
    share = learner.share(client, [evil], label="<b onmouseover=alert(1)>label</b>")
    r = client.post(f"/s/{share['token']}", data={"verifier_name": "<script>alert('who')</script>"})
    page = r.text
    assert r.status_code == 200
    lowered = page.lower()
    for raw in ["<script", "<svg", "<img", "<iframe", "<b ", "<foreignobject", "<handler", "<animation"]:
        assert raw not in lowered, raw
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in page
    assert "&lt;svg" in page and "&lt;iframe src=javascript:alert(1)&gt;" in page
    assert "&lt;script&gt;alert(&#39;who&#39;)&lt;/script&gt;" in page
    # the name is stored as typed and returned as JSON text
    info = client.get(f"/api/v1/shares/{share['id']}", headers=learner.auth).json()
    assert info["views"][0]["verifier_name"] == "<script>alert('who')</script>"


def test_verifier_name_too_long_is_400_and_not_recorded(client, learner):
    share = learner.share(client, [learner.credential(client)])
    r = client.post(f"/s/{share['token']}", data={"verifier_name": "x" * 101})
    assert r.status_code == 400 and 'role="alert"' in r.text
    assert client.get(f"/api/v1/shares/{share['id']}", headers=learner.auth).json()["view_count"] == 0


def limited_client(tmp_path, **config):
    return TestClient(app=create_app(Settings(data_dir=tmp_path / "data", offline=True), ShareConfig(**config)))


def test_share_creation_is_rate_limited(tmp_path, learner):
    with limited_client(tmp_path, create_rate=(0.001, 3)) as c:
        for _ in range(3):
            assert c.post("/api/v1/shares/nonce").status_code == 200
        r = c.post("/api/v1/shares/nonce")
        assert r.status_code == 429 and r.json()["error"] == "rate_limited"
        assert "try again" in r.json()["message"] and int(r.headers["retry-after"]) > 0
        r = c.post("/api/v1/shares", content=json.dumps({"x": 1}))
        assert r.status_code == 429


def test_share_viewing_is_rate_limited(tmp_path, learner):
    with limited_client(tmp_path, view_rate=(0.001, 2)) as c:
        share = learner.share(c, [learner.credential(c)])
        assert c.get(f"/s/{share['token']}").status_code == 200
        assert c.get(f"/s/{share['token']}/report.json").status_code == 200
        r = c.get(f"/s/{share['token']}?lang=zh-Hans")
        assert r.status_code == 429 and "请等待" in r.text and "Green Finance" not in r.text
        assert c.get(f"/s/{share['token']}/report.json").json()["error"] == "rate_limited"
        # a limited request is not a view
        assert c.get(f"/api/v1/shares/{share['id']}", headers=learner.auth).json()["view_count"] == 1


def test_status_is_rechecked_at_view_time(tmp_path, learner):
    """An award of this server's issuer (did:web, Bitstring status list) revoked after
    sharing: the next view after the verdict cache expires shows it revoked."""
    from server.issuer.status import set_status

    with limited_client(tmp_path, verdict_ttl=0) as c:
        db = c.app.state.db
        awarded = award_credential(c, learner.did, "green-finance", form="record")
        share = learner.share(c, [awarded["credential"]])
        assert share["result"] == "valid", share
        page = c.get(f"/s/{share['token']}")
        assert 'class="banner valid"' in page.text
        assert set_status(db, awarded["id"], "revocation", True)
        page = c.get(f"/s/{share['token']}")
        assert 'class="banner invalid"' in page.text
        report = c.get(f"/s/{share['token']}/report.json").json()
        status = next(ch for ch in report["verdict"]["credentials"][0]["verdict"]["checks"] if ch["check"] == "status")
        assert status["status"] == "failed"


def test_verdict_cache_reuses_a_verdict_within_its_ttl(tmp_path, learner):
    from server.issuer.status import set_status

    with limited_client(tmp_path, verdict_ttl=3600) as c:
        db = c.app.state.db
        awarded = award_credential(c, learner.did, "green-finance", form="record")
        share = learner.share(c, [awarded["credential"]])
        first = c.get(f"/s/{share['token']}/report.json").json()["verdict"]["checked_at"]
        set_status(db, awarded["id"], "revocation", True)
        cached = c.get(f"/s/{share['token']}/report.json").json()["verdict"]
        assert cached["checked_at"] == first and cached["result"] == "valid"  # documented staleness


def test_a_self_asserted_entry_is_shown_as_self_asserted(client, learner):
    own = signed_credential(learner.did, issuer_key=learner.key, name="Weekend food bank coordinator")
    vouched = learner.credential(client, "green-finance")
    share = learner.share(client, [own, vouched])
    page = client.get(f"/s/{share['token']}").text
    assert page.count("Self-asserted: issued by the holder themselves") == 1
    own_part = page[page.index("Weekend food bank coordinator") : page.index("Green Finance")]
    assert "Self-asserted" in own_part
    zh = client.get(f"/s/{share['token']}?lang=zh-Hant").text
    assert "自我聲明" in zh


def test_a_shared_clr_shows_its_achievements(client, learner):
    share = learner.share(client, [signed_clr(learner.did)])
    # step: the holder's presentation and the CLR's proof both pass
    assert share["result"] == "valid", share
    page = client.get(f"/s/{share['token']}")
    assert page.status_code == 200
    assert 'class="tag valid"' in page.text
    # step: the transcript's nested achievements and their fields are shown (issue 11, CLR 2.0)
    assert 'data-testid="clr-parts"' in page.text and "Achievements in this record (6)" in page.text
    for shown in ("Certificate in Community Care", "Health Literacy 1", "Grade: A",
                  "Harbour Health Council", "Diploma"):
        assert shown in page.text, shown
    zh = client.get(f"/s/{share['token']}?lang=zh-Hans")
    assert "此记录中的成就（6 项）" in zh.text
