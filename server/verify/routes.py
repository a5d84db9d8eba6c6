"""POST /api/v1/verify (JSON API) and /verify (a no-JavaScript page)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.response import Template

from server.i18n import page_context, request_language
from server.verify.pool import VerifierPool
from server.verify.schemas import VerifyResponse
from wallet_core.errors import MalformedInput, NotACredential

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
async def verify_page_submit(request: Request, verifier: NamedDependency[VerifierPool]) -> Template:
    # The form is read here, not declared as an UploadFile parameter: Litestar fails
    # with a 500 on a multipart body that carries no file at all.
    form = await request.form()
    data = form.get("data")
    if not isinstance(data, UploadFile):
        data = next((v for v in form.values() if isinstance(v, UploadFile)), None)
    if data is None:
        raise MalformedInput("Choose a credential file to check (the form carried no file).")
    content = await data.read()
    if not content:
        raise NotACredential("Choose a credential file to check.")
    verdict = await verifier.verify(content)
    context = {**page_context(request_language(request)), "verdict": verdict, "filename": data.filename}
    return Template(template_name="verify.html", context=context)
