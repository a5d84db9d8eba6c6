"""Two worker processes behave as one server (D32): each request below goes to a
worker the test chooses (tests/workers/connections.py), on a fresh connection.

- a share created through one worker is viewed through both, its views add up
  in either worker's answer, and once revoked through one, neither shows it (both
  had its verdict cached);
- the share page's limit (5 views per address) is counted across the workers:
  requests alternating between them get 5 pages in all, not 5 from each;
- the issuer console session, the OID4VCI offer, token, nonce and credential
  each cross from one worker to the other.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse

from tests.conftest import REPO
from tests.issuer.wallet import Wallet, csrf_in_page, offer_from_uri, offer_uri_in_page
from tests.shares.helpers import Learner
from tests.workers.conftest import VIEW_BURST
from wallet_core.presentations import create_vp_jwt

PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def _as(address: str) -> dict:
    return {"X-Forwarded-For": address}


def _share(server, workers, a: int, b: int, address: str) -> tuple[Learner, dict]:
    """A share whose nonce comes from worker ``a`` and which is created on ``b``."""
    learner = Learner()
    credential = learner.credential(server)
    nonce = workers.request("POST", "/api/v1/shares/nonce", worker=a, headers=_as(address))
    assert nonce.status == 200, nonce.text
    presentation = create_vp_jwt(
        [credential], learner.key, audience=nonce.json()["audience"], nonce=nonce.json()["nonce"],
        iat=int(time.time()), holder=learner.did,
    )
    created = workers.request("POST", "/api/v1/shares", worker=b, body=learner.share_body(presentation), headers=_as(address))
    assert created.status == 201, created.text
    return learner, created.json()


def test_a_share_is_viewed_counted_and_revoked_consistently_through_both_workers(two_workers):
    server, workers = two_workers
    a, b = server.worker_pids()
    learner, share = _share(server, workers, a, b, "10.1.0.1")
    path = urllib.parse.urlsplit(share["url"]).path

    # 6 views, alternating workers, each from its own address (no limit reached)
    views = [workers.request("GET", path, worker=(a, b)[n % 2], headers=_as(f"10.1.1.{n}")) for n in range(6)]
    assert [(v.status, v.worker) for v in views] == [(200, (a, b)[n % 2]) for n in range(6)]
    assert all("Green Finance" in v.text for v in views)

    # either worker counts all of them, at once
    for worker in (a, b):
        got = workers.request("GET", f"/api/v1/shares/{share['id']}", worker=worker, headers=learner.auth)
        assert got.status == 200 and got.json()["view_count"] == 6, got.text

    revoked = workers.request("DELETE", f"/api/v1/shares/{share['id']}", worker=a, headers=learner.auth)
    assert revoked.status == 200 and revoked.json()["revoked"] is True
    # both workers had the verdict cached; neither shows the share any more
    for n, worker in enumerate((b, a, b, a)):
        page = workers.request("GET", path, worker=worker, headers=_as(f"10.1.2.{n}"))
        assert page.status == 410, (worker, page.status)
        assert "Green Finance" not in page.text
        report = workers.request("GET", path + "/report.json", worker=worker, headers=_as(f"10.1.3.{n}"))
        assert report.status == 410 and report.json()["error"] == "share_revoked"
    got = workers.request("GET", f"/api/v1/shares/{share['id']}", worker=b, headers=learner.auth)
    assert got.json()["view_count"] == 6 and got.json()["revoked"] is True


def test_the_share_page_limit_is_counted_across_workers(two_workers):
    server, workers = two_workers
    a, b = server.worker_pids()
    _learner, share = _share(server, workers, b, a, "10.2.0.1")
    path = urllib.parse.urlsplit(share["url"]).path
    limited = _as("10.2.0.99")
    answers = [workers.request("GET", path, worker=(a, b)[n % 2], headers=limited) for n in range(4 * VIEW_BURST)]
    assert {x.worker for x in answers} == {a, b}
    statuses = [x.status for x in answers]
    # 5 in all — not 5 per worker — then every further request, on either worker, waits
    assert statuses == [200] * VIEW_BURST + [429] * (3 * VIEW_BURST), statuses
    assert {x.worker for x in answers if x.status == 429} == {a, b}
    assert all(int(x.headers["retry-after"]) >= 1 for x in answers if x.status == 429)
    report = workers.request("GET", path + "/report.json", worker=a, headers=limited)
    assert report.status == 429 and report.json()["error"] == "rate_limited"
    # another address still has its own budget
    assert workers.request("GET", path, worker=b, headers=_as("10.2.0.100")).status == 200


def _console_award(server, workers, wallet: Wallet, login_on: int, award_on: int) -> dict:
    token = subprocess.run(
        [sys.executable, "-m", "server.cli", "admin-token", "--data-dir", str(server.data_dir),
         *(["--database", server.database] if server.database else [])],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.strip().rsplit(" ", 1)[-1]
    origin = {"Origin": server.url, "Content-Type": "application/x-www-form-urlencoded"}
    login = workers.request("POST", "/console/login", worker=login_on, body=urllib.parse.urlencode({"token": token}), headers=origin)
    assert login.status == 303, login.text
    cookie = {"Cookie": login.headers["set-cookie"].split(";", 1)[0]}
    console = workers.request("GET", "/console", worker=award_on, headers=cookie)
    assert console.status == 200, console.text
    form = {"csrf": csrf_in_page(console.text), "achievement": "green-finance", "subject": wallet.did, "lang": "en"}
    posted = workers.request("POST", "/console/awards", worker=award_on, body=urllib.parse.urlencode(form), headers={**origin, **cookie})
    assert posted.status == 303, posted.text
    # the offer waits for the redirect's GET in the database (console_once): another worker shows it
    page = workers.request("GET", posted.headers["location"], worker=login_on, headers=cookie)
    assert page.status == 200, page.text
    return offer_from_uri(offer_uri_in_page(page.text))


def test_oid4vci_offer_token_and_credential_cross_workers(two_workers):
    server, workers = two_workers
    a, b = server.worker_pids()
    wallet = Wallet()
    offer = _console_award(server, workers, wallet, login_on=a, award_on=b)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
    body = urllib.parse.urlencode({"grant_type": PRE_AUTH, "pre-authorized_code": code})
    token = workers.request("POST", "/oid4vci/token", worker=a, body=body, headers=form)
    assert token.status == 200, token.text
    # the code was spent on a: b refuses it too
    again = workers.request("POST", "/oid4vci/token", worker=b, body=body, headers=form)
    assert again.status == 400 and again.json()["error"] == "invalid_grant", again.text
    nonce = workers.request("POST", "/oid4vci/nonce", worker=a)
    assert nonce.status == 200
    request = {
        "credential_configuration_id": offer["credential_configuration_ids"][0],
        "proofs": {"jwt": [wallet.proof(server.url, nonce.json()["c_nonce"])]},
    }
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    issued = workers.request("POST", "/oid4vci/credential", worker=b, body=request, headers=bearer)
    assert issued.status == 200, issued.text
    credential = issued.json()["credentials"][0]["credential"]
    assert json.dumps(credential).count(wallet.did) >= 1
    # the token was spent for this credential on b: a refuses it
    replay = workers.request("POST", "/oid4vci/credential", worker=a, body=request, headers=bearer)
    assert replay.status == 401 and "already been used" in replay.json()["error_description"], replay.text
