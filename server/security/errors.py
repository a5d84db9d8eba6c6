"""API errors with a stable machine-readable code, mapped to the usual JSON
error body ``{"error": code, "message": text}`` plus optional extra fields
(for example the current version on a 412)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException


class ApiError(HTTPException):
    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail=message, status_code=status_code, headers=headers)
        self.code = code
        self.extra = extra or {}


def handle_api_error(_request: Request, exc: ApiError) -> Response:
    body = {"error": exc.code, "message": exc.detail, **exc.extra}
    headers = {"Cache-Control": "no-store", **(exc.headers or {})}
    return Response(body, status_code=exc.status_code, headers=headers)
