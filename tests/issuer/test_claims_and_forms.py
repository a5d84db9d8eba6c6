"""The learner's claim page (/claim/<token>) and the console's forms for new
achievements and pathways: what works, and bad input that changes nothing."""

from __future__ import annotations

import hashlib
import html
import re

import pytest

from tests.database_text import database_text
from wallet_core.containers import png, svg

from .conftest import BASE
from .test_console import award_id_from
from .test_oid4vci import PRE_AUTH, token_for, verdict_of
from .test_sd_jwt_vc import verdict
from .wallet import Wallet, offer_from_uri, offer_uri_in_page, unquote_html


def award_with_claim(console, wallet: Wallet | None = None, slug="green-finance") -> tuple[str, str]:
    form = {"csrf": console.csrf, "achievement": slug, "subject": (wallet or Wallet()).did, "lang": "zh-Hans"}
    page = console.post("/console/awards", data=form)
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200, page.text
    match = re.search(r'id="claim-link" href="([^"]+)"', page.text)
    assert match, "the award result shows no claim link"
    return unquote_html(match.group(1)), award_id_from(page.text)


def path_of(url: str) -> str:
    assert url.startswith(f"{BASE}/claim/")
    return url[len(BASE) :]


def test_claim_link_is_unguessable_and_stored_hashed(console, db):
    url, award_id = award_with_claim(console)
    token = url.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits, base64url
    (row,) = db["awards"].rows_where("id = ?", [award_id])
    assert row["claim_hash"] == hashlib.sha256(token.encode()).hexdigest()
    dump = database_text(db)
    assert token not in dump


def test_claim_page_offers_the_qr_and_every_download(console, client):
    wallet = Wallet()
    url, _ = award_with_claim(console, wallet)
    client.cookies.clear()  # the learner has no console session
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"
    assert "<svg" in page.text and "<script" not in page.text
    assert 'lang="zh-Hans"' in page.text and "绿色金融" in page.text

    offer_uri = offer_uri_in_page(page.text)
    # Satchel's own app link carries the same offer, in the fragment only.
    app_link = html.unescape(re.search(r'id="app-link" href="([^"]+)"', page.text).group(1))
    assert "/#/offer?" in app_link and app_link.split("/#/offer?", 1)[1] == offer_uri.split("?", 1)[1]
    offer = offer_from_uri(offer_uri)
    token = token_for(client, offer)  # the offer works
    assert token["access_token"]

    base = path_of(url)
    credential = client.get(f"{base}/credential.json").json()
    assert verdict_of(client, credential)["result"] == "valid"
    baked_png = client.get(f"{base}/credential.png")
    assert baked_png.headers["content-type"] == "image/png"
    assert png.unbake(baked_png.content)  # the credential is inside
    r = client.post("/api/v1/verify", content=baked_png.content)
    assert r.json()["verdict"]["result"] == "valid"
    baked_svg = client.get(f"{base}/credential.svg")
    assert svg.unbake(baked_svg.content)
    assert client.post("/api/v1/verify", content=baked_svg.content).json()["verdict"]["result"] == "valid"
    sd_jwt = client.get(f"{base}/credential.sd-jwt")
    assert sd_jwt.headers["content-type"].startswith("application/dc+sd-jwt")
    v = verdict(client, sd_jwt.text)
    assert v["result"] == "valid", v["checks"]
    assert '"cnf"' in __import__("base64").urlsafe_b64decode(sd_jwt.text.split(".")[1] + "==").decode()
    assert client.get(f"{base}/credential.exe").status_code == 404


def test_showing_the_claim_page_again_writes_nothing_until_its_offer_is_used_or_expired(console, client, db):
    url, award_id = award_with_claim(console)
    client.cookies.clear()

    def offers() -> list[dict]:
        return list(db["offers"].rows_where("award_id = ?", [award_id], order_by="rowid"))

    before = len(offers())
    # step 1: the first view makes the page's offer
    first = offer_uri_in_page(client.get(path_of(url)).text)
    assert len(offers()) == before + 1
    # step 2: a reload (or a link preview, a second tab) shows the same offer and writes nothing
    dump = database_text(db)
    page = client.get(path_of(url))
    assert offer_uri_in_page(page.text) == first
    assert database_text(db) == dump
    # step 3: once the offer is used, the next view makes the next one, once
    token_for(client, offer_from_uri(first))
    second = offer_uri_in_page(client.get(path_of(url)).text)
    assert second != first and len(offers()) == before + 2
    assert offer_uri_in_page(client.get(path_of(url)).text) == second and len(offers()) == before + 2
    # step 4: an expired offer is followed by a fresh one too; a used code never comes back
    db.execute("update offers set expires = 1 where award_id = ?", [award_id])
    third = offer_uri_in_page(client.get(path_of(url)).text)
    assert third not in (first, second) and len(offers()) == before + 3
    used_code = offer_from_uri(first)["grants"][PRE_AUTH]["pre-authorized_code"]
    r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": used_code})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_unknown_revoked_suspended_and_expired_claims_say_so(console, client, db):
    assert client.get("/claim/" + "A" * 43).status_code == 404
    url, award_id = award_with_claim(console)
    console.post(f"/console/awards/{award_id}/status", data={"csrf": console.csrf, "action": "suspend"})
    page = client.get(path_of(url))
    assert page.status_code == 409 and 'id="claim-problem"' in page.text and "暂停" in page.text
    assert "openid-credential-offer" not in page.text
    console.post(f"/console/awards/{award_id}/status", data={"csrf": console.csrf, "action": "revoke"})
    page = client.get(path_of(url))
    assert page.status_code == 410 and "撤销" in page.text
    assert client.get(path_of(url) + "/credential.json").status_code == 410

    url, award_id = award_with_claim(console)
    db.execute("update awards set claim_expires = 1 where id = ?", [award_id])
    page = client.get(path_of(url))
    assert page.status_code == 410 and "过期" in page.text
    assert client.get(path_of(url) + "/credential.sd-jwt").status_code == 410


def test_a_new_claim_link_ends_the_old_one(console, client):
    old, award_id = award_with_claim(console)
    page = console.post(f"/console/awards/{award_id}/claim", data={"csrf": console.csrf})
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200
    new = unquote_html(re.search(r'id="claim-link" href="([^"]+)"', page.text).group(1))
    assert new != old
    assert client.get(path_of(old)).status_code == 404
    assert client.get(path_of(new)).status_code == 200
    assert console.post(f"/console/awards/{award_id}/claim", data={}).status_code == 403


# --- new achievements ---------------------------------------------------------

FULL = {
    "slug": "data-literacy",
    "achievementType": "MicroCredential",
    "name.en": "Data literacy",
    "name.zh-Hans": "数据素养",
    "description.en": "Read, question and present data.",
    "description.zh-Hans": "阅读、质疑和呈现数据。",
    "criteria.en": "Passed a practical assessment.",
    "criteria.zh-Hant": "通過實務評核。",
    "learningOutcomes.en": "Read a chart critically\nClean a small data set\n",
    "learningOutcomes.zh-Hans": "批判地阅读图表",
    "assessment.en": "Practical project",
    "image": "https://issuer.example/badges/data.png",
    "creditsAvailable": "5",
    "workload": "50 hours",
    "level.framework": "EQF",
    "level.level": "5",
    "mode": "blended",
    "qualityAssurance.en": "Reviewed by the academic board",
    "prerequisites.en": "None",
    "alignment.0.name": "use spreadsheets software",
    "alignment.0.framework": "ESCO",
    "alignment.0.code": "S5.6.1",
    "alignment.0.url": "http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be",
}


def test_console_creates_an_achievement_with_every_field(console, client):
    assert console.get("/console/achievements/new").status_code == 200
    r = console.post("/console/achievements", data={"csrf": console.csrf, **FULL}, follow_redirects=False)
    assert r.status_code == 303, r.text
    published = next(a for a in client.get("/api/v1/issuer/achievements").json() if a["slug"] == "data-literacy")
    assert published["criteria"] == {"en": "Passed a practical assessment.", "zh-Hant": "通過實務評核。"}
    assert published["learningOutcomes"]["en"] == ["Read a chart critically", "Clean a small data set"]
    assert published["level"] == {"framework": "EQF", "level": "5"} and published["creditsAvailable"] == 5
    assert published["alignments"][0]["targetCode"] == "S5.6.1"

    page = console.post("/console/awards", data={"csrf": console.csrf, "achievement": "data-literacy", "subject": Wallet().did})
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200
    credential = console.get(f"/console/awards/{award_id_from(page.text)}/credential.json").json()
    achievement = credential["credentialSubject"]["achievement"]
    # every field in a defined term (OB 3.0's own, or the inline terms of server.issuer.vocabulary)
    assert achievement["educationalLevel"]["name"] == "EQF 5" and achievement["courseMode"] == "blended"
    assert achievement["educationalLevel"]["termCode"] == "5"
    assert achievement["educationalLevel"]["inDefinedTermSet"]["name"] == "EQF"
    assert achievement["volumeOfLearning"] == "PT50H" and achievement["coursePrerequisites"] == "None"
    assert achievement["qualityAssurance"] == "Reviewed by the academic board"
    outcomes = [a["targetName"] for a in achievement["alignment"] if a.get("targetType") == "ext:LearningOutcome"]
    assert outcomes == ["Read a chart critically", "Clean a small data set"]
    assert achievement["image"]["id"] == FULL["image"]
    assert achievement["alignment"][0]["targetFramework"] == "ESCO"
    assert verdict_of(client, credential)["result"] == "valid"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"criteria.zh-Hant": ""}, "criteria"),
        ({"name.zh-Hans": "  "}, "name"),
        ({"slug": "Data Literacy!"}, "slug"),
        ({"slug": "green-finance"}, "slug"),  # exists already
        ({"achievementType": "Spaceship"}, "achievementType"),
        ({"creditsAvailable": "five"}, "creditsAvailable"),
        ({"creditsAvailable": "-1"}, "creditsAvailable"),
        ({"level.level": ""}, "level"),
        ({"mode": "by carrier pigeon"}, "mode"),
        ({"workload": "a fortnight"}, "workload"),
        ({"image": "javascript:alert(1)"}, "image"),
        ({"alignment.0.url": ""}, "alignment.0.url"),
        ({"alignment.0.url": "ftp://x"}, "alignment.0.url"),
        ({"description.en": "x" * 5000}, "description.en"),
    ],
)
def test_bad_achievement_input_is_400_naming_the_field_and_writes_nothing(console, db, change, field):
    before = db["achievements"].count
    r = console.post("/console/achievements", data={"csrf": console.csrf, **FULL, **change})
    assert r.status_code == 400
    assert f'href="#{field}"' in r.text, r.text[-800:]
    assert db["achievements"].count == before


def test_new_achievement_needs_the_csrf_token(console, db):
    before = db["achievements"].count
    assert console.post("/console/achievements", data=FULL).status_code == 403
    assert db["achievements"].count == before


# --- new pathways -------------------------------------------------------------

PATHWAY = {
    "slug": "finance-basics",
    "name.en": "Finance basics",
    "name.zh-Hans": "金融基础",
    "description.en": "Two micro-credentials lead to the certificate.",
    "description.zh-Hant": "兩個微證書疊加為證書。",
    "requires.green-finance": "on",
    "requires.esg-investing": "on",
    "awards": "sustainable-finance-certificate",
}


def test_console_creates_a_pathway_from_existing_achievements(console, client):
    assert console.get("/console/pathways/new").status_code == 200
    r = console.post("/console/pathways", data={"csrf": console.csrf, **PATHWAY}, follow_redirects=False)
    assert r.status_code == 303, r.text
    pathway = next(p for p in client.get("/api/v1/issuer/pathways").json() if p["slug"] == "finance-basics")
    assert [r["slug"] for r in pathway["requires"]] == ["esg-investing", "green-finance"]
    assert pathway["awards"]["slug"] == "sustainable-finance-certificate"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"requires.esg-investing": ""}, "requires"),
        ({"requires.no-such-thing": "on"}, "requires"),
        ({"awards": "nope"}, "awards"),
        ({"awards": "green-finance"}, "awards"),
        ({"description.zh-Hant": ""}, "description"),
        ({"slug": "sustainable-finance"}, "slug"),  # exists already (demo)
    ],
)
def test_bad_pathway_input_is_400_and_writes_nothing(console, db, change, field):
    before = db["pathways"].count
    r = console.post("/console/pathways", data={"csrf": console.csrf, **PATHWAY, **change})
    assert r.status_code == 400
    assert f'href="#{field}"' in r.text
    assert db["pathways"].count == before
