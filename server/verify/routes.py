"""POST /api/v1/verify (JSON API) and /verify (a no-JavaScript page)."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from server.i18n import page_context, request_language
from server.verify.schemas import VerifyResponse
from server.verify.service import verify_bytes
from wallet_core import VerifyOptions
from wallet_core.errors import NotACredential


@post("/api/v1/verify", status_code=200, summary="Verify a credential (JSON, JWT, PNG or SVG)")
async def verify_api(request: Request, verify_options: NamedDependency[VerifyOptions]) -> VerifyResponse:
    data = await request.body()
    verdict = await sync_to_thread(verify_bytes, data, verify_options)
    return VerifyResponse(verdict=verdict)


@get("/verify", include_in_schema=False)
async def verify_page(request: Request) -> Template:
    context = {**page_context(request_language(request)), "verdict": None}
    return Template(template_name="verify.html", context=context)


@post("/verify", include_in_schema=False, status_code=200)
async def verify_page_submit(
    request: Request,
    data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
    verify_options: NamedDependency[VerifyOptions],
) -> Template:
    content = await data.read()
    if not content:
        raise NotACredential("Choose a credential file to check.")
    verdict = await sync_to_thread(verify_bytes, content, verify_options)
    context = {**page_context(request_language(request)), "verdict": verdict, "filename": data.filename}
    return Template(template_name="verify.html", context=context)
