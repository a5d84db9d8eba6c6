"""Domain errors mapped to HTTP once: JSON for machine paths (``/api/``,
``/.well-known/``, ``/oid4vci/``, ``/issuer/``), an HTML page elsewhere."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from server.i18n import page_context, request_language
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


def input_error_status(exc: InputError) -> int:
    for cls in type(exc).__mro__:
        if cls in INPUT_ERROR_STATUS:
            return INPUT_ERROR_STATUS[cls]
    return 400


# Paths only programs read: an error there is JSON, never a page (nor the wallet app).
MACHINE_PREFIXES = ("/api", "/.well-known", "/oid4vci", "/issuer")


def is_machine_path(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in MACHINE_PREFIXES)


def _wants_json(request: Request) -> bool:
    return is_machine_path(request.url.path)


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    if _wants_json(request):
        return Response({"error": code, "message": message}, status_code=status)
    return Template(
        template_name="error.html",
        context={
            **page_context(request_language(request)),
            "status": status,
            "code": code,
            "message": message,
        },
        status_code=status,
    )


def handle_input_error(request: Request, exc: InputError) -> Response:
    return error_response(request, input_error_status(exc), exc.code, exc.message)


def handle_http_exception(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    code = HTTP_ERROR_CODES.get(status, "error")
    message = exc.detail or "Request failed"
    if status == 413:
        message = "This file is too large to be a credential."
    return error_response(request, status, code, message)


def handle_unexpected(request: Request, exc: Exception) -> Response:
    request.logger.exception("unhandled error on %s", request.url.path)
    return error_response(
        request, HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on the server."
    )


EXCEPTION_HANDLERS = {
    InputError: handle_input_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
