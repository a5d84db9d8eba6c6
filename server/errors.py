"""Every error the server answers with, mapped to a response in one place.

Routes raise ``ApiError`` (status, code, message; optional headers and extra JSON
fields) or one of its two kinds: ``OAuthError`` for OAuth 2.0 / OpenID4VCI
endpoints, whose clients read ``error_description``, and ``SignInRequired`` for
pages behind a sign-in, which redirect. ``wallet_core`` input errors, Litestar's
HTTP exceptions and anything unexpected are mapped here too (``EXCEPTION_HANDLERS``
is the app's only handler table).

The shape follows the path, not the feature:

- JSON ``{"error": code, "message": text, **extra}`` on paths only programs read
  (``/api/``, ``/.well-known/``, ``/oid4vci/``, ``/oid4vp/``, ``/issuer/``), for a
  ``….json`` path, and for any error that carries extra fields;
- OAuth's ``{"error", "error_description", "message"}`` for an ``OAuthError``
  (with ``WWW-Authenticate: Bearer error=…`` on a 401);
- the ``error.html`` page elsewhere (the employer's and learner's browser), whose
  text the catalogue gives by the code (``error_<code>``) when it has one.

Error responses are never cached (``Cache-Control: no-store``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from server.i18n import page_context, request_language
from server.storage_postgresql import UnstorableText
from wallet_core.errors import (
    InputError,
    InputTooLarge,
    MalformedInput,
    NotACredential,
    UnsupportedFormat,
)

INPUT_ERROR_STATUS: dict[type[InputError], int] = {
    InputTooLarge: 413,
    MalformedInput: 400,
    NotACredential: 422,
    UnsupportedFormat: 415,
}

HTTP_ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_format",
    429: "rate_limited",
}

NO_STORE = {"Cache-Control": "no-store"}


class ApiError(Exception):
    """An error a route raises on purpose: ``status``, a stable machine ``code``
    (also the catalogue key of the error page), a plain-language ``message``;
    ``headers`` for the response (``Retry-After``…) and ``extra`` fields for the
    JSON body (``{"version": 3}`` on a 412)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}


class OAuthError(ApiError):
    """An OAuth 2.0 / OpenID4VCI error (RFC 6749 section 5.2, OpenID4VCI 1.0
    section 8.3.1.2): ``{"error": code, "error_description": ...}``."""

    def __init__(
        self, code: str, description: str, status: int = 400, headers: dict[str, str] | None = None
    ):
        super().__init__(status, code, description, headers=headers)

    @property
    def description(self) -> str:
        return self.message


class SignInRequired(ApiError):
    """A page behind a sign-in was asked for without one: the browser goes to
    ``location`` (303) to sign in."""

    def __init__(self, message: str, location: str):
        super().__init__(401, "not_signed_in", message)
        self.location = location


class JsonSafeRequest(Request):
    """Request whose JSON body is refused with 400 whatever its fault.

    Litestar maps msgspec's ``DecodeError`` to 400 but lets ``RecursionError``
    (deeply nested arrays or objects) and ``UnicodeDecodeError`` (bytes that are
    not UTF-8) through as 500s. Every route that reads a JSON body (``JSONBody``
    parameters, ``request.json()``) goes through here.
    """

    async def json(self) -> Any:
        try:
            return await super().json()
        except RecursionError:
            raise SerializationException("The JSON body is nested too deeply.") from None
        except UnicodeDecodeError:
            raise SerializationException("The JSON body is not valid UTF-8.") from None


T = TypeVar("T")


def decode_json_body(body: bytes, into: type[T], what: str = "request") -> T:
    """A JSON request body decoded into the msgspec type ``into``, or a 400
    ``bad_request`` that says what is wrong (``what`` names the request)."""
    try:
        return msgspec.json.decode(body, type=into)
    except msgspec.ValidationError as exc:
        raise ApiError(400, "bad_request", f"Invalid {what}: {exc}.") from None
    except msgspec.DecodeError:
        raise ApiError(400, "bad_request", "The request body must be a JSON object.") from None


def input_error_status(exc: InputError) -> int:
    for cls in type(exc).__mro__:
        if cls in INPUT_ERROR_STATUS:
            return INPUT_ERROR_STATUS[cls]
    return 400


# Paths only programs read: an error there is JSON, never a page (nor the wallet app).
MACHINE_PREFIXES = ("/api", "/.well-known", "/oid4vci", "/oid4vp", "/issuer")


def is_machine_path(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in MACHINE_PREFIXES)


def oauth_body(code: str, description: str) -> dict[str, str]:
    """OAuth's error body; ``message`` repeats the description so that every JSON
    error Satchel sends has ``error`` and ``message``."""
    return {"error": code, "error_description": description, "message": description}


def respond(request: Request, exc: ApiError) -> Response:
    """The one mapping from an error to its response (see the module docstring)."""
    headers = {**NO_STORE, **exc.headers}
    if isinstance(exc, SignInRequired):
        return Redirect(exc.location, status_code=303, headers=headers)
    if isinstance(exc, OAuthError):
        if exc.status == 401:
            headers.setdefault("WWW-Authenticate", f'Bearer error="{exc.code}"')
        return Response(
            {**oauth_body(exc.code, exc.message), **exc.extra},
            status_code=exc.status,
            headers=headers,
        )
    path = request.url.path
    if is_machine_path(path) or path.endswith(".json") or exc.extra:
        body = {"error": exc.code, "message": exc.message, **exc.extra}
        return Response(body, status_code=exc.status, headers=headers)
    return Template(
        template_name="error.html",
        context={
            **page_context(request_language(request)),
            "status": exc.status,
            "code": exc.code,
            "message": exc.message,
        },
        status_code=exc.status,
        headers=headers,
    )


def handle_input_error(request: Request, exc: InputError) -> Response:
    return respond(request, ApiError(input_error_status(exc), exc.code, exc.message))


def handle_http_exception(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    message = exc.detail or "Request failed"
    if status == 413:
        message = "This file is too large to be a credential."
    return respond(request, ApiError(status, HTTP_ERROR_CODES.get(status, "error"), message))


def handle_unstorable_text(request: Request, exc: UnstorableText) -> Response:
    return respond(request, ApiError(400, "bad_request", str(exc)))


def handle_unexpected(request: Request, exc: Exception) -> Response:
    request.logger.exception("unhandled error on %s", request.url.path)
    return respond(
        request,
        ApiError(
            HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on the server."
        ),
    )


EXCEPTION_HANDLERS = {
    ApiError: respond,
    InputError: handle_input_error,
    HTTPException: handle_http_exception,
    UnstorableText: handle_unstorable_text,
    Exception: handle_unexpected,
}
