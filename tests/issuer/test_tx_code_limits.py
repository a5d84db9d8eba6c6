"""Guessing a credential offer's tx_code: five wrong codes kill the offer (even the
right code is refused afterwards, the issuer makes a new offer), parallel guesses
cannot overrun the limit, and the token endpoint is rate limited per client."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.issuer.console.admin import issue_admin_token
from server.settings import Settings
from tests.conftest import LiveServer
from tests.e2e.collect import Console

from .conftest import BASE
from .test_oid4vci import PRE_AUTH, award_offer, request_credential, token_for
from .wallet import Wallet, csrf_in_page, fresh_nonce, offer_from_uri, offer_uri_in_page


def _tx_offer(console) -> tuple[dict, str, str]:
    offer, page = award_offer(console, Wallet(), tx_code=True)
    tx_code = page.split('id="tx-code">')[1][:6]
    return offer, offer["grants"][PRE_AUTH]["pre-authorized_code"], tx_code


def _wrong(tx_code: str, i: int = 0) -> str:
    guess = f"{(int(tx_code) + 1 + i) % 10**6:06d}"
    assert guess != tx_code
    return guess


def _exchange(client, code: str, tx_code: str):
    return client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code, "tx_code": tx_code})


def test_four_wrong_codes_leave_the_offer_usable_and_say_how_many_tries_are_left(console, client):
    offer, code, tx_code = _tx_offer(console)
    for i, left in enumerate((4, 3, 2, 1)):
        r = _exchange(client, code, _wrong(tx_code, i))
        assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
        description = r.json()["error_description"]
        assert "tx_code is not correct" in description and f"{left} more tr" in description
    assert token_for(client, offer, tx_code=tx_code)["access_token"]


def test_the_fifth_wrong_code_kills_the_offer_even_for_the_right_code(console, client, db):
    _offer, code, tx_code = _tx_offer(console)
    for i in range(4):
        assert _exchange(client, code, _wrong(tx_code, i)).status_code == 400
    r = _exchange(client, code, _wrong(tx_code, 4))
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert "no longer works" in r.json()["error_description"]
    r = _exchange(client, code, tx_code)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert "too many wrong tx_codes" in r.json()["error_description"]
    assert db.execute("select count(*) from access_tokens").fetchone()[0] == 0
    assert db.execute("select used, tx_attempts from offers").fetchall() == [(0, 5)]


def test_a_missing_tx_code_spends_no_attempt(console, client, db):
    offer, code, tx_code = _tx_offer(console)
    for _ in range(8):
        r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code})
        assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    assert db.execute("select tx_attempts from offers").fetchone()[0] == 0
    token_for(client, offer, tx_code=tx_code)


def test_the_issuer_can_re_offer_after_the_offer_died(console, client):
    wallet = Wallet()
    offer, page = award_offer(console, wallet, tx_code=True)
    code, tx_code = offer["grants"][PRE_AUTH]["pre-authorized_code"], page.split('id="tx-code">')[1][:6]
    for i in range(5):
        _exchange(client, code, _wrong(tx_code, i))
    award_id = page.split('action="/console/awards/')[1].split("/")[0]
    page = console.post(f"/console/awards/{award_id}/offer", data={"csrf": console.csrf, "tx_code": "on"})
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200
    fresh = offer_from_uri(offer_uri_in_page(page.text))
    token = token_for(client, fresh, tx_code=page.text.split('id="tx-code">')[1][:6])
    r = request_credential(client, token, wallet.proof(BASE, fresh_nonce(client)))
    assert r.status_code == 200, r.text


def test_offers_without_a_tx_code_are_unaffected(console, client, db):
    offer, _ = award_offer(console, Wallet())
    token_for(client, offer, tx_code="123456")  # an unasked tx_code is ignored, as before
    assert db.execute("select tx_attempts from offers").fetchone()[0] == 0


def test_token_endpoint_is_rate_limited_per_client(tmp_path, database):
    settings = Settings(
        data_dir=tmp_path / "data", offline=True, public_url=BASE, token_rate_limit=3, token_rate_window=60,
        database_url=database,
    )
    app = create_app(settings)
    with TestClient(app=app, base_url=BASE) as client:
        token = issue_admin_token(app.state.db)
        client.post("/console/login", data={"token": token})
        client.csrf = csrf_in_page(client.get("/console").text)
        offer, _ = award_offer(client, Wallet())
        for _ in range(3):
            r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": "guess"})
            assert r.status_code == 400
        code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
        r = client.post("/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code})
        assert r.status_code == 429
        assert r.json()["error"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
        assert r.headers["cache-control"] == "no-store"
        # The refused request changed nothing: the offer is still unused.
        assert app.state.db.execute("select used from offers").fetchone()[0] == 0


@pytest.fixture(scope="module")
def live(tmp_path_factory, module_database):
    data = tmp_path_factory.mktemp("txcode") / "data"
    data.mkdir()
    server = LiveServer(data, database=module_database)
    console = Console(server)
    yield server, console
    console.close()
    server.stop()


def test_parallel_guesses_on_a_live_server_cannot_overrun_the_limit(live):
    server, console = live
    offer = console.award(Wallet().did, tx_code=True)
    code = offer_from_uri(offer.uri)["grants"][PRE_AUTH]["pre-authorized_code"]

    def guess(i: int) -> str:
        with httpx.Client(base_url=server.url, timeout=20) as c:
            r = _exchange(c, code, _wrong(offer.tx_code, i))
            assert r.status_code == 400, r.text
            return r.json()["error_description"]

    with ThreadPoolExecutor(8) as pool:
        said = list(pool.map(guess, range(24)))
    assert sum("tx_code is not correct" in d for d in said) == 5
    assert sum(d.startswith("too many wrong tx_codes") for d in said) == 19
    with httpx.Client(base_url=server.url, timeout=20) as c:
        r = _exchange(c, code, offer.tx_code)
    assert r.status_code == 400 and "too many wrong tx_codes" in r.json()["error_description"]
