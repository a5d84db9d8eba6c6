"""The one error model (server/errors.py): every feature's errors come out in the
shape of their path — JSON problem on machine paths and ``….json``, OAuth's shape
on the OpenID4VCI endpoints, a page in the browser, a redirect to sign in — and
none of them is cached. Run against the real app (Litestar's test client)."""

from __future__ import annotations

import pytest

from server.app import create_app
from server.errors import EXCEPTION_HANDLERS, ApiError, OAuthError, SignInRequired
from server.settings import Settings


def is_problem_json(r, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json"), r.headers["content-type"]
    body = r.json()
    assert body["error"] == code and isinstance(body["message"], str) and body["message"], body
    assert r.headers["cache-control"] == "no-store"


def test_the_app_has_one_handler_table(settings):
    app = create_app(settings)
    assert set(app.exception_handlers) == set(EXCEPTION_HANDLERS)
    # The two kinds are ApiErrors: the table needs no entry of its own for them.
    assert issubclass(OAuthError, ApiError) and issubclass(SignInRequired, ApiError)


def test_share_errors_are_json_on_the_api_and_report_and_a_page_in_the_browser(client):
    is_problem_json(
        client.get("/api/v1/shares/" + "A" * 16, headers={"Authorization": "Bearer " + "x" * 43}),
        404,
        "not_found",
    )
    is_problem_json(client.get("/s/" + "A" * 43 + "/report.json"), 404, "not_found")
    page = client.get("/s/" + "A" * 43)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "No such share link" in page.text and page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "what"),
    [("/api/v1/shares", "Invalid share request"), ("/api/v1/verifier/requests", "Invalid request")],
)
def test_both_json_apis_decode_bodies_alike(client, path, what):
    for raw, message in [
        ("{", "The request body must be a JSON object."),
        (b"\xff", "The request body must be a JSON object."),
        ("[]", what + ": Expected `object`, got `array`."),
        ('{"label": 5}', what + ": Expected `str`, got `int` - at `$.label`."),
    ]:
        r = client.post(path, content=raw)
        is_problem_json(r, 400, "bad_request")
        assert r.json()["message"] == message, (path, raw, r.json())


def test_oauth_errors_keep_the_oauth_shape(client):
    r = client.post("/oid4vci/token", data={"grant_type": "password"})
    assert r.status_code == 400 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["error"] == "unsupported_grant_type"
    assert body["error_description"] == body["message"] and "pre-authorized_code" in body["message"]
    r = client.post("/oid4vci/credential", json={})
    assert r.status_code == 401 and r.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert r.json()["error"] == "invalid_token" and r.json()["error_description"]


def test_the_openid4vp_response_endpoint_answers_in_the_oauth_shape(client):
    r = client.post("/oid4vp/response", data={})
    assert r.status_code == 400 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert (
        body["error"] == "invalid_request"
        and body["error_description"] == body["message"] == "state is missing."
    )


def test_a_wallet_over_the_openid4vp_limit_gets_oauths_shape_and_retry_after(tmp_path):
    from litestar.testing import TestClient

    from server.verifier import VerifierConfig

    settings = Settings(data_dir=tmp_path / "data", offline=True)
    with TestClient(
        app=create_app(settings, verifier_config=VerifierConfig(wallet_rate=(0.001, 1)))
    ) as client:
        assert client.post("/oid4vp/response", data={"state": "x"}).status_code == 400
        r = client.post("/oid4vp/response", data={"state": "x"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        assert r.json()["error"] == "rate_limited" and r.json()["error_description"].startswith(
            "Try again in"
        )


def test_unknown_openid4vp_paths_are_json_not_the_wallet_app(client):
    is_problem_json(client.get("/oid4vp/nothing-here"), 404, "not_found")


def test_the_console_sends_a_browser_without_a_session_to_sign_in(client):
    r = client.get("/console", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/login"
    assert r.headers["cache-control"] == "no-store"


def test_input_errors_and_framework_errors_go_through_the_same_mapping(client):
    is_problem_json(
        client.post("/api/v1/verify", content=b"\x00\x01not a credential"),
        415,
        "unsupported_format",
    )
    is_problem_json(client.delete("/api/v1/health"), 405, "method_not_allowed")
    page = client.put("/verifier")
    assert page.status_code == 405 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"


def test_a_route_error_with_extra_fields_is_json_even_off_the_api():
    """``extra`` fields only fit in JSON: such an error is never a page."""
    from litestar import get
    from litestar.testing import create_test_client

    @get("/page-with-extra")
    async def page_with_extra() -> None:
        raise ApiError(412, "version_conflict", "Someone else wrote first.", extra={"version": 3})

    @get("/plain-page")
    async def plain_page() -> None:
        raise ApiError(410, "gone", "This page is gone.", headers={"Retry-After": "5"})

    from litestar.plugins.jinja import JinjaTemplateEngine
    from litestar.template.config import TemplateConfig

    from server.app import TEMPLATES_DIR
    from server.security.headers import template_globals

    with create_test_client(
        [page_with_extra, plain_page],
        exception_handlers=EXCEPTION_HANDLERS,
        template_config=TemplateConfig(
            directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=template_globals
        ),
    ) as test_client:
        r = test_client.get("/page-with-extra")
        assert r.status_code == 412 and r.json() == {
            "error": "version_conflict",
            "message": "Someone else wrote first.",
            "version": 3,
        }
        r = test_client.get("/plain-page")
        assert r.status_code == 410 and r.headers["content-type"].startswith("text/html")
        assert "This page is gone." in r.text and r.headers["retry-after"] == "5"
