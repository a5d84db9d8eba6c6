"""Issue 10 part 3: requests that used to get a 500 get a 4xx with a clear message.

Run against the real server on loopback (uvicorn, real SQLite file), sending
the raw bytes a hostile client would.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import LiveServer

DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 5_000 + b"1" + b"}" * 5_000
NOT_UTF8 = b'{"display_name": "\xff\xfe"}'

# Every route that reads a JSON body without a session (those that need one are
# tested signed in: tests/accounts/test_hostile_input.py).
JSON_ROUTES = [
    "/api/v1/shares",
    "/api/v1/account/register/options",
    "/api/v1/account/register/verify",
    "/api/v1/account/signin/verify",
    "/oid4vci/credential",
    "/oid4vci/token",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile") / "data"
    data.mkdir()
    dist = data.parent / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>Satchel</title>")
    live = LiveServer(data, ["--pwa-dir", str(dist), "--offline"])
    with httpx.Client(base_url=live.url, timeout=30) as http:
        yield http
    live.stop()
    log = (data.parent / f"server-{live.port}.log").read_text()
    assert "Traceback" not in log, log[-3000:]


@pytest.mark.parametrize("route", JSON_ROUTES)
@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT, NOT_UTF8], ids=["deep-array", "deep-object", "not-utf8"])
def test_hostile_json_body_is_a_4xx_on_every_json_route(server, route, body):
    r = server.post(route, content=body, headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, (route, r.status_code, r.text[:300])


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT, NOT_UTF8])
def test_hostile_json_to_verify_is_a_400_with_a_one_line_message(server, body):
    r = server.post("/api/v1/verify", content=body)
    assert r.status_code == 400
    assert r.json()["error"] == "malformed" and "\n" not in r.json()["message"]


def test_verify_form_without_a_file_is_a_400_with_a_message(server):
    r = server.post("/verify", files={"note": (None, "no file here")})
    assert r.status_code == 400
    assert "Choose a credential file" in r.text


def test_verify_form_that_is_not_multipart_is_a_4xx(server):
    r = server.post("/verify", content=b"junk", headers={"Content-Type": "multipart/form-data"})
    assert 400 <= r.status_code < 500


@pytest.mark.parametrize("path", ["/a%00b", "/" + "a" * 256, "/assets/" + "b" * 300 + ".js", "/%00"])
def test_impossible_file_paths_are_404(server, path):
    assert server.get(path).status_code == 404


def test_unknown_api_paths_stay_json_404_beside_the_openapi_schema(server):
    r = server.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    schema = server.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/verify" in paths and "/api/v1/shares" in paths
    assert not [p for p in paths if not p.startswith("/api/v1/")]


@pytest.mark.parametrize(
    "url", ["https://x:99999/", "https://[::1/", "https://a..b/", "https://" + "a" * 64 + ".example/"]
)
def test_hosted_assertion_at_a_malformed_url_is_a_verdict_online(online, url):
    # an online server (HttpsFetcher): each URL fails while it is read, before any network
    r = online.post("/api/v1/verify", content=url.encode())
    assert r.status_code == 200, r.text[:300]
    assert r.json()["verdict"]["result"] == "could_not_check"


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    data = tmp_path_factory.mktemp("online") / "data"
    data.mkdir()
    live = LiveServer(data)
    with httpx.Client(base_url=live.url, timeout=30) as http:
        yield http
    live.stop()
    assert "Traceback" not in (data.parent / f"server-{live.port}.log").read_text()
