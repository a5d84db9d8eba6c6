"""POST /api/v1/verify (JSON API) and /verify (a no-JavaScript page)."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from server.i18n import page_context, request_language
from server.verify.pool import VerifierPool
from server.verify.schemas import VerifyResponse
from wallet_core.errors import NotACredential

# Verification runs in the pool's worker processes (a hard deadline, no thread held).


@post("/api/v1/verify", status_code=200, summary="Verify a credential (JSON, JWT, PNG or SVG)")
async def verify_api(request: Request, verifier: NamedDependency[VerifierPool]) -> VerifyResponse:
    data = await request.body()
    verdict = await verifier.verify(data)
    return VerifyResponse(verdict=verdict)


@get("/verify", include_in_schema=False)
async def verify_page(request: Request) -> Template:
    context = {**page_context(request_language(request)), "verdict": None}
    return Template(template_name="verify.html", context=context)


@post("/verify", include_in_schema=False, status_code=200)
async def verify_page_submit(
    request: Request,
    data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
    verifier: NamedDependency[VerifierPool],
) -> Template:
    content = await data.read()
    if not content:
        raise NotACredential("Choose a credential file to check.")
    verdict = await verifier.verify(content)
    context = {**page_context(request_language(request)), "verdict": verdict, "filename": data.filename}
    return Template(template_name="verify.html", context=context)
