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

from server.issuer.identity import current_key, did_web_for
from server.shares.service import refusal
from server.verifier import dcql
from server.verifier.jwe import ENCS
from wallet_core.encoding import b64url_decode, b64url_encode
from wallet_core.errors import InputError
from wallet_core.presentations import PresentationVerdict, claimed
from wallet_core.sdjwt import SdJwtError, reveal, split

SELF_ISSUED = "https://self-issued.me/v2"
ALGS = ["EdDSA", "ES256"]
CLIENT_METADATA = {
    "vp_formats_supported": {"dc+sd-jwt": {"sd-jwt_alg_values": ALGS, "kb-jwt_alg_values": ALGS}},
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


def parse_vp_token(raw: str | dict | None, query: dict) -> tuple[dict[str, str], list[str]]:
    """({credential query id: presentation}, reasons it is refused). ``raw`` is the
    form field (JSON text) or, from an encrypted answer, the decoded JSON."""
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
    ids = [c["id"] for c in query["credentials"]]
    out, reasons = {}, []
    for key in token:
        if key not in ids:
            reasons.append(f"vp_token answers {key[:64]!r}, which was not asked for")
    for cid in ids:
        value = token.get(cid)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if value is None:
            reasons.append(f"no presentation for the credential query {cid!r}")
        elif not isinstance(value, str):
            reasons.append(f"the answer to {cid!r} must be one presentation (a string)")
        else:
            out[cid] = value
    return out, reasons


def disclosed_claims(presentation: str) -> dict:
    """The issuer-signed SD-JWT payload with its disclosures put back (call only
    after the presentation verified: the signature and sd_hash are checked there)."""
    parts = split(presentation)
    payload = json.loads(b64url_decode(parts.issuer_jwt.split(".")[1]))
    claims, _paths = reveal(payload, parts.disclosures)
    return claims


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
    client_ids = (endpoints.did_client_id, endpoints.redirect_client_id)
    for cq in query["credentials"]:
        text = presentations.get(cq["id"])
        if text is None:
            continue
        try:
            said = claimed(text, max_bytes)
        except InputError as exc:
            reasons.append(f"{cq['id']}: {exc.message}")
            continue
        if said.format != "sd-jwt-kb":
            reasons.append(f"{cq['id']}: the format asked for is dc+sd-jwt with key binding, not {said.format}")
            continue
        audience = said.audience if said.audience in client_ids else endpoints.did_client_id
        verdict: PresentationVerdict = await pool.verify_presentation(text, audience, row["nonce"])
        refused = refusal(verdict)
        unmet: list[str] = []
        shown: list[dict] = []
        if refused is None:
            try:
                claims = disclosed_claims(text)
            except (SdJwtError, ValueError) as exc:
                unmet = [f"the disclosures could not be read: {exc}"]
            else:
                unmet = dcql.unmet(cq, claims)
                shown = dcql.requested(cq, claims)
        else:
            reasons.append(f"{cq['id']}: {refused[1]}")
        reasons += [f"{cq['id']}: {u}" for u in unmet]
        results.append(verdict.result)
        credentials.append({"query_id": cq["id"], "verdict": msgspec.to_builtins(verdict), "claims": shown if refused is None and not unmet else []})
    if reasons:
        outcome = "refused"
    elif all(r == "valid" for r in results):
        outcome = "verified"
    elif "invalid" in results:
        outcome = "invalid"
    else:
        outcome = "could_not_check"
    return {"result": outcome, "reasons": reasons, "credentials": credentials}
