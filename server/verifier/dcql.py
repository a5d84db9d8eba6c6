"""DCQL (OpenID4VP 1.0, section 6): the queries Satchel's verifier asks, and
whether a presentation's disclosed claims satisfy one.

Satchel checks the subset it can enforce: ``credentials`` (1..n, each
``dc+sd-jwt`` with optional ``meta.vct_values`` and ``claims`` with ``path`` and
optional ``values``; ``multiple`` false; ``require_cryptographic_holder_binding``
true). ``credential_sets`` and ``claim_sets`` are refused when a request is
created rather than silently ignored: every credential query and every claim
listed is required.
"""

from __future__ import annotations

import re

FORMAT = "dc+sd-jwt"
ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Fields an employer can ask for by name (paths into Satchel's SD-JWT VC claims,
# server/issuer/sdjwt_vc.py; other issuers' SD-JWT VCs are asked by path).
FIELDS = {
    "name": ["name"],
    "issuer_name": ["issuer_name"],
    "description": ["achievement", "description"],
    "criteria": ["achievement", "criteria"],
    "learning_outcomes": ["achievement", "learning_outcomes"],
    "assessment": ["achievement", "assessment"],
    "credits": ["achievement", "credits"],
    "workload": ["achievement", "workload"],
    "level": ["achievement", "level"],
    "mode": ["achievement", "mode"],
    "quality_assurance": ["achievement", "quality_assurance"],
    "prerequisites": ["achievement", "prerequisites"],
    "stacks_into": ["achievement", "stacks_into"],
    "skills": ["achievement", "alignments"],
    "holder": ["sub"],
}


class QueryError(ValueError):
    """The DCQL query is malformed or uses what Satchel cannot enforce."""


def build(*, skill: str | None = None, issuer: str | None = None, vct: str | None = None, fields: list[str] | None = None) -> dict:
    """A one-credential DCQL query from simple options."""
    claims: list[dict] = []
    if issuer:
        claims.append({"id": "issuer", "path": ["iss"], "values": [issuer]})
    if skill:
        # Any alignment whose code or URL is the skill (two queries can't be OR-ed
        # without claim_sets, so the skill is matched by code; see docs/api.md).
        claims.append({"id": "skill", "path": ["achievement", "alignments", None, "code"], "values": [skill]})
    for name in fields or []:
        if name not in FIELDS:
            raise QueryError(f"unknown field {name!r}; known: {', '.join(FIELDS)}")
        claims.append({"id": name, "path": FIELDS[name]})
    if not claims:
        claims.append({"id": "name", "path": ["name"]})
    credential: dict = {"id": "credential", "format": FORMAT, "claims": claims}
    if vct:
        credential["meta"] = {"vct_values": [vct]}
    return {"credentials": [credential]}


def _check_path(path, where: str) -> None:
    if not isinstance(path, list) or not path or len(path) > 10:
        raise QueryError(f"{where}: path must be a non-empty array (at most 10 elements)")
    for element in path:
        if element is None or isinstance(element, str):
            continue
        if isinstance(element, int) and not isinstance(element, bool) and element >= 0:
            continue
        raise QueryError(f"{where}: path elements are strings, non-negative integers or null")


def validate(query, max_credentials: int, max_claims: int) -> dict:
    """The query when Satchel can enforce it; else ``QueryError`` saying why."""
    if not isinstance(query, dict):
        raise QueryError("dcql_query must be a JSON object")
    unknown = set(query) - {"credentials"}
    if "credential_sets" in query:
        raise QueryError("credential_sets is not supported: every credential query is required")
    if unknown:
        raise QueryError(f"unsupported members: {', '.join(sorted(unknown))}")
    creds = query.get("credentials")
    if not isinstance(creds, list) or not creds or len(creds) > max_credentials:
        raise QueryError(f"credentials must be an array of 1 to {max_credentials} credential queries")
    seen = set()
    for i, cred in enumerate(creds):
        where = f"credentials[{i}]"
        if not isinstance(cred, dict):
            raise QueryError(f"{where} must be an object")
        extra = set(cred) - {"id", "format", "meta", "claims", "multiple", "require_cryptographic_holder_binding"}
        if "claim_sets" in cred:
            raise QueryError(f"{where}: claim_sets is not supported: every listed claim is required")
        if extra:
            raise QueryError(f"{where}: unsupported members: {', '.join(sorted(extra))}")
        cid = cred.get("id")
        if not isinstance(cid, str) or not ID_SHAPE.match(cid) or cid in seen:
            raise QueryError(f"{where}: id must be unique, 1-64 characters of A-Z a-z 0-9 _ -")
        seen.add(cid)
        if cred.get("format") != FORMAT:
            raise QueryError(f"{where}: format must be {FORMAT!r} (the only format Satchel's verifier asks for)")
        if cred.get("multiple", False) is not False:
            raise QueryError(f"{where}: multiple must be false")
        if cred.get("require_cryptographic_holder_binding", True) is not True:
            raise QueryError(f"{where}: holder binding is always required")
        meta = cred.get("meta", {})
        if not isinstance(meta, dict) or set(meta) - {"vct_values"}:
            raise QueryError(f"{where}: meta may hold only vct_values")
        vcts = meta.get("vct_values")
        if vcts is not None and (not isinstance(vcts, list) or not vcts or not all(isinstance(v, str) for v in vcts)):
            raise QueryError(f"{where}: meta.vct_values must be a non-empty array of strings")
        claims = cred.get("claims", [])
        if not isinstance(claims, list) or len(claims) > max_claims:
            raise QueryError(f"{where}: claims must be an array of at most {max_claims} claims")
        for j, claim in enumerate(claims):
            cw = f"{where}.claims[{j}]"
            if not isinstance(claim, dict) or set(claim) - {"id", "path", "values"}:
                raise QueryError(f"{cw}: a claim has path and optionally id and values")
            _check_path(claim.get("path"), cw)
            values = claim.get("values")
            if values is not None and (
                not isinstance(values, list) or not values or not all(isinstance(v, (str, int, bool)) for v in values)
            ):
                raise QueryError(f"{cw}: values must be a non-empty array of strings, integers or booleans")
    return query


def select(claims, path: list) -> list:
    """The values a DCQL claims path pointer selects (OpenID4VP 1.0, 7.1)."""
    current = [claims]
    for element in path:
        nxt = []
        for node in current:
            if element is None:
                if isinstance(node, list):
                    nxt.extend(node)
            elif isinstance(element, int):
                if isinstance(node, list) and element < len(node):
                    nxt.append(node[element])
            elif isinstance(node, dict) and element in node:
                nxt.append(node[element])
        current = nxt
    return current


def _equal(a, b) -> bool:
    return type(a) is type(b) and a == b


def unmet(credential_query: dict, claims: dict) -> list[str]:
    """Why the disclosed (signature-checked) ``claims`` don't satisfy the credential query; [] when they do."""
    problems = []
    vcts = (credential_query.get("meta") or {}).get("vct_values")
    if vcts and claims.get("vct") not in vcts:
        problems.append(f"the credential type (vct) {claims.get('vct')!r} is not one asked for")
    for claim in credential_query.get("claims", []):
        found = select(claims, claim["path"])
        shown = "/".join("*" if p is None else str(p) for p in claim["path"])
        if not found:
            problems.append(f"the claim {shown} was not disclosed")
        elif "values" in claim and not any(_equal(f, v) for f in found for v in claim["values"]):
            problems.append(f"the claim {shown} does not have a value asked for")
    return problems


def requested(credential_query: dict, claims: dict) -> list[dict]:
    """The requested claims with what was disclosed, for the result."""
    out = []
    for claim in credential_query.get("claims", []):
        found = select(claims, claim["path"])
        out.append({"id": claim.get("id"), "path": claim["path"], "values": found})
    return out
