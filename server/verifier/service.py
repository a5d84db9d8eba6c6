"""The OpenID4VP verifier's protocol: client identifiers, the signed request
object, the request links, and checking an answer.

Two ways to ask, both for the same request (same nonce and state):

- cross-device (QR) and any wallet that resolves DIDs: ``client_id`` is
  ``decentralized_identifier:<the server's did:web>``, the request is fetched
  from ``request_uri`` as a request object (``typ: oauth-authz-req+jwt``) signed
  with the issuer's current did:web key;
- same-device by value: ``client_id`` is ``redirect_uri:<response_uri>`` and the
  request is unsigned in the link itself (the prefix forbids signing).

The wallet answers with ``direct_post`` to ``response_uri``.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import msgspec
from litestar.concurrency import sync_to_thread

from server.issuer.identity import current_key, did_web_for
from server.shares.service import refusal
from server.verifier import dcql
from server.verifier.jwe import ENCS
from wallet_core import vp_ldp
from wallet_core.encoding import b64url_decode, b64url_encode
from wallet_core.errors import InputError
from wallet_core.presentations import PresentationVerdict, claimed
from wallet_core.sdjwt import SdJwtError, reveal, split
from wallet_core.verdict import Verdict

SELF_ISSUED = "https://self-issued.me/v2"
ALGS = ["EdDSA", "ES256"]
CLIENT_METADATA = {
    "vp_formats_supported": {
        "dc+sd-jwt": {"sd-jwt_alg_values": ALGS, "kb-jwt_alg_values": ALGS},
        "jwt_vc_json": {"alg_values": ALGS},
        "ldp_vc": {
            "proof_type_values": ["DataIntegrityProof", "Ed25519Signature2020"],
            "cryptosuite_values": ["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019"],
        },
    },
    "client_name": "Satchel",
}


class Endpoints:
    def __init__(self, public_url: str):
        self.base = public_url.rstrip("/")
        self.did = did_web_for(public_url)
        self.response_uri = f"{self.base}/oid4vp/response"
        self.did_client_id = f"decentralized_identifier:{self.did}"
        self.redirect_client_id = f"redirect_uri:{self.response_uri}"

    def request_uri(self, request_id: str) -> str:
        return f"{self.base}/oid4vp/requests/{request_id}/request.jwt"

    def params(self, row: dict) -> dict:
        """The authorization request's parameters, without client_id."""
        metadata = dict(CLIENT_METADATA)
        if row["response_mode"] == "direct_post.jwt":
            metadata["jwks"] = {"keys": [json.loads(row["enc_jwk"])]}
            metadata["encrypted_response_enc_values_supported"] = list(ENCS)
        return {
            "response_type": "vp_token",
            "response_mode": row["response_mode"],
            "response_uri": self.response_uri,
            "nonce": row["nonce"],
            "state": row["state"],
            "dcql_query": json.loads(row["dcql"]),
            "client_metadata": metadata,
        }

    def cross_device_link(self, row: dict) -> str:
        return "openid4vp://?" + urlencode(
            {"client_id": self.did_client_id, "request_uri": self.request_uri(row["id"]), "request_uri_method": "get"}
        )

    def same_device_link(self, row: dict) -> str:
        params = {"client_id": self.redirect_client_id, **self.params(row)}
        flat = {k: json.dumps(v, separators=(",", ":")) if isinstance(v, dict) else v for k, v in params.items()}
        return "openid4vp://?" + urlencode(flat)

    def request_object(self, db, row: dict) -> str:
        """The signed request object (JAR, RFC 9101) for ``request_uri``."""
        key = current_key(db)
        header = {"alg": "EdDSA", "typ": "oauth-authz-req+jwt", "kid": key.method_id(self.did)}
        payload = {
            "aud": SELF_ISSUED,
            "client_id": self.did_client_id,
            **self.params(row),
            "iat": int(time.time()),
            "exp": int(row["expires"]),
        }
        head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
        body = b64url_encode(json.dumps(payload, separators=(",", ":")).encode())
        return f"{head}.{body}.{b64url_encode(key.private_key.sign(f'{head}.{body}'.encode('ascii')))}"


MAX_PRESENTATIONS = dcql.MAX_MULTIPLE


def parse_vp_token(raw: str | dict | None, query: dict) -> tuple[dict[str, list], list[str]]:
    """({credential query id: [presentation, ...]}, reasons it is refused). ``raw``
    is the form field (JSON text) or, from an encrypted answer, the decoded JSON.
    A presentation is a string (SD-JWT+KB, VP-JWT) or a JSON object (a Data
    Integrity VP); a query takes more than one only when it says ``multiple``."""
    if not raw:
        return {}, ["the answer has no vp_token"]
    if isinstance(raw, dict):
        token = raw
    else:
        try:
            token = json.loads(raw)
        except ValueError:
            return {}, ["vp_token is not JSON"]
    if not isinstance(token, dict):
        return {}, ["vp_token must be a JSON object keyed by credential query id"]
    by_id = {c["id"]: c for c in query["credentials"]}
    out, reasons = {}, []
    for key in token:
        if key not in by_id:
            reasons.append(f"vp_token answers {key[:64]!r}, which was not asked for")
    for cid, cq in by_id.items():
        value = token.get(cid)
        if value is None:
            continue  # whether it was needed: dcql.sets_problems
        values = value if isinstance(value, list) else [value]
        if not values:
            reasons.append(f"the answer to {cid!r} is an empty array")
        elif len(values) > (MAX_PRESENTATIONS if cq.get("multiple") else 1):
            reasons.append(f"the answer to {cid!r} has {len(values)} presentations; the query asks for {'at most ' + str(MAX_PRESENTATIONS) if cq.get('multiple') else 'one'}")
        elif not all(isinstance(v, (str, dict)) for v in values):
            reasons.append(f"the answer to {cid!r} must be presentations (strings or JSON objects)")
        else:
            out[cid] = values
    return out, reasons


def disclosed_claims(presentation: str) -> dict:
    """The issuer-signed SD-JWT payload with its disclosures put back (call only
    after the presentation verified: the signature and sd_hash are checked there)."""
    parts = split(presentation)
    payload = json.loads(b64url_decode(parts.issuer_jwt.split(".")[1]))
    claims, _paths = reveal(payload, parts.disclosures)
    return claims


def w3c_credential(verdict: Verdict) -> dict | None:
    """The credential JSON of a verified W3C credential: the document of a Data
    Integrity credential, the ``vc`` claim (or the payload) of a VC-JWT."""
    text = verdict.credential
    if verdict.format in LDP_FORMATS:
        doc = json.loads(text)
        return doc if isinstance(doc, dict) else None
    if verdict.format in JWT_FORMATS:
        payload = json.loads(b64url_decode(text.split(".")[1]))
        if isinstance(payload, dict) and isinstance(payload.get("vc"), dict):
            return payload["vc"]
        return payload if isinstance(payload, dict) else None
    return None


LDP_FORMATS = ("ob3-ldp", "clr2-ldp", "vc-ldp")
JWT_FORMATS = ("ob3-jwt", "clr2-jwt", "vc-jwt")
# DCQL format -> (the presentation format wallet_core reports, the credential formats it may carry)
EXPECTED = {
    dcql.SD_JWT: ("sd-jwt-kb", ("sd-jwt-vc",), "an SD-JWT VC with key binding (SD-JWT+KB)"),
    dcql.JWT_VC: ("vp-jwt", JWT_FORMATS, "a VP-JWT holding one VC-JWT"),
    dcql.LDP_VC: ("ldp-vp", LDP_FORMATS, "a Data Integrity presentation holding one Data Integrity credential"),
}


async def _verify_one(pool, endpoints: Endpoints, row: dict, cq: dict, presentation, max_bytes: int):
    """(verdict or None, reasons it cannot count) for one presentation of a credential query."""
    fmt = cq["format"]
    client_ids = (endpoints.did_client_id, endpoints.redirect_client_id)
    expected_kind, _credential_formats, described = EXPECTED[fmt]
    if fmt == dcql.LDP_VC:
        if isinstance(presentation, str):
            try:
                presentation = json.loads(presentation)
            except ValueError:
                return None, [f"the format asked for is {described}, not a JSON object"]
        try:
            doc = vp_ldp.read(presentation, max_bytes)
        except InputError as exc:
            return None, [exc.message]
        said = vp_ldp.claimed_domain(doc)
        audience = said if said in client_ids else endpoints.did_client_id
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        if len(data) > max_bytes:
            return None, [f"the presentation is larger than {max_bytes:,} bytes"]
        try:
            verdict = await pool.verify_ldp_presentation(data, audience, row["nonce"])
        except InputError as exc:
            return None, [exc.message]
        return verdict, []
    if not isinstance(presentation, str):
        return None, [f"the format asked for is {described}, not a JSON object"]
    try:
        said = claimed(presentation, max_bytes)
    except InputError as exc:
        return None, [exc.message]
    if said.format != expected_kind:
        return None, [f"the format asked for is {described}, not {said.format}"]
    audience = said.audience if said.audience in client_ids else endpoints.did_client_id
    try:
        verdict = await pool.verify_presentation(presentation, audience, row["nonce"])
    except InputError as exc:
        return None, [exc.message]
    return verdict, []


def _match(cq: dict, verdict: PresentationVerdict, presentation) -> tuple[list[str], list[dict]]:
    """(why the verified presentation does not answer the query, the requested claims shown)."""
    _kind, credential_formats, described = EXPECTED[cq["format"]]
    if len(verdict.credentials) != 1:
        return [f"a presentation must carry exactly one credential, not {len(verdict.credentials)}"], []
    credential = verdict.credentials[0].verdict
    if credential.format not in credential_formats:
        return [f"the format asked for is {described}; the credential is {credential.format}"], []
    types = None
    try:
        if cq["format"] == dcql.SD_JWT:
            claims = disclosed_claims(presentation)
        else:
            claims = w3c_credential(credential)
            if claims is None:
                return ["the credential could not be read"], []
            types = vp_ldp.expanded_types(claims)
    except (SdJwtError, ValueError, UnicodeDecodeError, IndexError) as exc:
        return [f"the disclosures could not be read: {exc}"], []
    unmet = dcql.unmet(cq, claims, types)
    return unmet, [] if unmet else dcql.requested(cq, claims)


async def check_answer(pool, endpoints: Endpoints, row: dict, vp_token: str | dict | None, max_bytes: int) -> dict:
    """Verify an answer and match it against the request's DCQL query.

    Returns the stored result: ``result`` is ``verified`` (every check passed and
    the query is satisfied), ``invalid`` / ``could_not_check`` (the credential's
    own checks, e.g. revoked or status unreachable) or ``refused`` (not a valid
    answer to this request: reasons say why)."""
    query = json.loads(row["dcql"])
    presentations, reasons = parse_vp_token(vp_token, query)
    credentials = []
    results = []
    satisfied: set[str] = set()
    for cq in query["credentials"]:
        for n, presentation in enumerate(presentations.get(cq["id"], [])):
            where = cq["id"] if len(presentations[cq["id"]]) == 1 else f"{cq['id']}[{n}]"
            verdict, problems = await _verify_one(pool, endpoints, row, cq, presentation, max_bytes)
            if verdict is None:
                reasons += [f"{where}: {p}" for p in problems]
                continue
            refused = refusal(verdict)
            unmet: list[str] = []
            shown: list[dict] = []
            if refused is None:
                unmet, shown = await sync_to_thread(_match, cq, verdict, presentation)
            else:
                reasons.append(f"{where}: {refused[1]}")
            reasons += [f"{where}: {u}" for u in unmet]
            results.append(verdict.result)
            if refused is None and not unmet:
                satisfied.add(cq["id"])
            credentials.append({"query_id": cq["id"], "verdict": msgspec.to_builtins(verdict), "claims": shown if refused is None and not unmet else []})
    reasons += dcql.sets_problems(query, satisfied, set(presentations))
    if reasons:
        outcome = "refused"
    elif all(r == "valid" for r in results):
        outcome = "verified"
    elif "invalid" in results:
        outcome = "invalid"
    else:
        outcome = "could_not_check"
    return {"result": outcome, "reasons": reasons, "credentials": credentials}
