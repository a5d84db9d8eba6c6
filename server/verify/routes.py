"""POST /api/v1/verify (JSON API), POST /api/v1/presentations/verify (an in-person
presentation, for the PWA's verifier mode) and /verify (a no-JavaScript page)."""

from __future__ import annotations

import re

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.response import Template

from server.i18n import page_context, request_language
from server.verify.pool import VerifierPool
from server.verify.schemas import PresentationVerifyResponse, VerifyResponse
from wallet_core.errors import InputError, InputTooLarge, MalformedInput, NotACredential
from wallet_core.presentations import IN_PERSON_AUDIENCE
from wallet_core.vp_ldp import read as read_ldp_presentation

# An in-person presentation is a QR code's worth (a few KB); a pasted VP-JWT carrying
# JSON credentials is larger, but never this large.
MAX_PRESENTATION_BYTES = 512 * 1024

# Verification runs in the pool's worker processes (a hard deadline, no thread held).


def is_json_presentation(data: bytes) -> bool:
    """Is this a JSON-LD VerifiablePresentation (a learner's record file, an ldp_vp)?"""
    if data.lstrip()[:1] != b"{" or b"VerifiablePresentation" not in data:
        return False  # most uploads: no JSON parse on the event loop
    try:
        read_ldp_presentation(data)
    except InputError:
        return False
    return True


@post("/api/v1/verify", status_code=200, summary="Verify a credential (JSON, JWT, PNG or SVG)")
async def verify_api(request: Request, verifier: NamedDependency[VerifierPool]) -> VerifyResponse:
    data = await request.body()
    if is_json_presentation(data):
        raise NotACredential("This is a verifiable presentation, not one credential: POST it to /api/v1/presentations/verify.")
    verdict = await verifier.verify(data)
    return VerifyResponse(verdict=verdict)


@post(
    "/api/v1/presentations/verify",
    status_code=200,
    summary="Verify a presentation (SVP2 or SVP1 QR text, or all the parts of one, VP-JWT, SD-JWT+KB, or a JSON-LD one such as a learner's record file)",
)
async def verify_presentation_api(
    request: Request, verifier: NamedDependency[VerifierPool]
) -> PresentationVerifyResponse:
    """The server's verdict on a presentation shown in person (audience
    ``satchel:offline``, no verifier nonce; or, with ``?audience=&nonce=``, the
    answer to a verifier phone's challenge): the same rule set as the phone's
    (decision D6), plus what needs the network (status lists, did:web issuers,
    RDF-canonicalised proofs). A JSON-LD presentation (a learner's record file,
    decision D29) is checked by ``wallet_core.vp_ldp``; a record is bound to no
    verifier, so its audience and nonce are ``could_not_check``."""
    audience, nonce = IN_PERSON_AUDIENCE, None
    asked = request.query_params.get("audience"), request.query_params.get("nonce")
    if asked != (None, None):
        # a two-way exchange (decision D6): the verifier's phone made this challenge and vouches
        # that it is fresh and unused; the server checks the presentation answers it
        if not (asked[0] and re.fullmatch(r"satchel:inperson:[0-9A-F]{8}", asked[0]) and asked[1]
                and re.fullmatch(r"[0-9A-F]{32}", asked[1])):
            raise MalformedInput("audience and nonce go together: satchel:inperson:<8 hex digits> and 32 hex digits.")
        audience, nonce = asked
    data = await request.body()
    if is_json_presentation(data):
        return PresentationVerifyResponse(verdict=await verifier.verify_ldp_presentation(data, audience, nonce))
    if len(data) > MAX_PRESENTATION_BYTES:
        raise InputTooLarge(f"A presentation is at most {MAX_PRESENTATION_BYTES:,} bytes.")
    try:
        text = data.decode("ascii").strip()
    except UnicodeDecodeError:
        raise MalformedInput("A presentation is ASCII text (SVP2:…, a VP-JWT or an SD-JWT+KB).") from None
    if not text:
        raise MalformedInput("The presentation is empty.")
    verdict = await verifier.verify_presentation(text, audience, nonce)
    return PresentationVerifyResponse(verdict=verdict)


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
    context = {**page_context(request_language(request)), "filename": data.filename}
    if is_json_presentation(content):
        # a learner's record file (decision D29): bound to no verifier, so no audience or nonce
        presentation = await verifier.verify_ldp_presentation(content, None, None)
        context |= {"verdict": None, "presentation": presentation, "date": lambda v: v[:10] if v else None}
        return Template(template_name="verify.html", context=context)
    verdict = await verifier.verify(content)
    context["verdict"] = verdict
    return Template(template_name="verify.html", context=context)
