"""DCQL (OpenID4VP 1.0, section 6): the queries Satchel's verifier asks, and
whether presented (signature-checked) credentials satisfy them.

Satchel checks what it can enforce:

- ``credentials`` (1..n): ``dc+sd-jwt`` (optional ``meta.vct_values``),
  ``ldp_vc`` and ``jwt_vc_json`` (``meta.type_values``, required: arrays of
  fully expanded type IRIs, one of which the credential's types must all
  include); ``claims`` with ``path`` (into the SD-JWT VC's claims, or into the
  W3C credential's JSON) and optional ``values``; ``claim_sets`` (the first
  claim set that the credential satisfies is the one shown); ``multiple``
  (several presentations may answer the query); holder binding always required.
- ``credential_sets``: ``options`` (arrays of credential query ids) and
  ``required`` (default true); every credential query must appear in some
  option. Without ``credential_sets`` every credential query is required.

Anything else (``trusted_authorities``, unknown members) is refused when the
request is created rather than silently ignored.
"""

from __future__ import annotations

import re

SD_JWT = "dc+sd-jwt"
LDP_VC = "ldp_vc"
JWT_VC = "jwt_vc_json"
FORMATS = (SD_JWT, LDP_VC, JWT_VC)
W3C_FORMATS = (LDP_VC, JWT_VC)
# Ids of the credential queries ``build`` makes when several formats are asked for.
FORMAT_IDS = {SD_JWT: "sd_jwt_vc", LDP_VC: "ldp_vc", JWT_VC: "jwt_vc"}
# Any W3C credential (data model 1.1 and 2.0 both expand VerifiableCredential to this IRI).
VC_TYPE = "https://www.w3.org/2018/credentials#VerifiableCredential"
ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_MULTIPLE = 5  # presentations one query with ``multiple`` may take
_ACH = ["credentialSubject", "achievement"]
# Fields an employer can ask for by name: paths into Satchel's SD-JWT VC claims
# (server/issuer/sdjwt_vc.py) and into an Open Badges 3.0 credential (the same
# achievement, server/issuer/catalog.py); other credentials are asked by path.
FIELD_PATHS: dict[str, tuple[list, list]] = {
    "name": (["name"], [*_ACH, "name"]),
    "issuer_name": (["issuer_name"], ["issuer", "name"]),
    "description": (["achievement", "description"], [*_ACH, "description"]),
    "criteria": (["achievement", "criteria"], [*_ACH, "criteria", "narrative"]),
    "learning_outcomes": (["achievement", "learning_outcomes"], [*_ACH, "alignment"]),
    "assessment": (["achievement", "assessment"], [*_ACH, "resultDescription"]),
    "credits": (["achievement", "credits"], [*_ACH, "creditsAvailable"]),
    "workload": (["achievement", "workload"], [*_ACH, "volumeOfLearning"]),
    "level": (["achievement", "level"], [*_ACH, "educationalLevel"]),
    "mode": (["achievement", "mode"], [*_ACH, "courseMode"]),
    "quality_assurance": (["achievement", "quality_assurance"], [*_ACH, "qualityAssurance"]),
    "prerequisites": (["achievement", "prerequisites"], [*_ACH, "coursePrerequisites"]),
    "stacks_into": (["achievement", "stacks_into"], [*_ACH, "isPartOf"]),
    "skills": (["achievement", "alignments"], [*_ACH, "alignment"]),
    "holder": (["sub"], ["credentialSubject", "id"]),
}
FIELDS = {name: paths[0] for name, paths in FIELD_PATHS.items()}


class QueryError(ValueError):
    """The DCQL query is malformed or uses what Satchel cannot enforce."""


def _credential_query(cid: str, fmt: str, *, skill, issuer, vct, fields) -> dict:
    w3c = fmt in W3C_FORMATS
    claims: list[dict] = []
    if issuer:
        claims.append({"id": "issuer", "path": ["issuer", "id"] if w3c else ["iss"], "values": [issuer]})
    if skill:
        # Any alignment whose code is the skill (see docs/api.md).
        path = [*_ACH, "alignment", None, "targetCode"] if w3c else ["achievement", "alignments", None, "code"]
        claims.append({"id": "skill", "path": path, "values": [skill]})
    for name in fields:
        claims.append({"id": name, "path": list(FIELD_PATHS[name][1 if w3c else 0])})
    if not claims:
        claims.append({"id": "name", "path": list(FIELD_PATHS["name"][1 if w3c else 0])})
    credential: dict = {"id": cid, "format": fmt, "claims": claims}
    if w3c:
        credential["meta"] = {"type_values": [[VC_TYPE]]}
    elif vct:
        credential["meta"] = {"vct_values": [vct]}
    return credential


def build(
    *,
    skill: str | None = None,
    issuer: str | None = None,
    vct: str | None = None,
    fields: list[str] | None = None,
    formats: list[str] | None = None,
) -> dict:
    """A DCQL query from simple options: one credential query per format; with
    more than one format, a required credential set whose options are the
    formats (the wallet answers with any one of them)."""
    for name in fields or []:
        if name not in FIELD_PATHS:
            raise QueryError(f"unknown field {name!r}; known: {', '.join(FIELD_PATHS)}")
    formats = list(dict.fromkeys(formats or [SD_JWT]))
    for fmt in formats:
        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if len(formats) == 1:
        return {"credentials": [_credential_query("credential", formats[0], skill=skill, issuer=issuer, vct=vct, fields=fields or [])]}
    creds = [_credential_query(FORMAT_IDS[f], f, skill=skill, issuer=issuer, vct=vct, fields=fields or []) for f in formats]
    return {"credentials": creds, "credential_sets": [{"options": [[c["id"]] for c in creds], "required": True}]}


def _check_path(path, where: str) -> None:
    if not isinstance(path, list) or not path or len(path) > 10:
        raise QueryError(f"{where}: path must be a non-empty array (at most 10 elements)")
    for element in path:
        if element is None or isinstance(element, str):
            continue
        if isinstance(element, int) and not isinstance(element, bool) and element >= 0:
            continue
        raise QueryError(f"{where}: path elements are strings, non-negative integers or null")


def _strings(value, where: str, what: str) -> None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise QueryError(f"{where}: {what} must be a non-empty array of strings")


def _id_sets(value, known: set, where: str, what: str) -> None:
    """``value`` is a non-empty array of non-empty arrays of ids from ``known``."""
    if not isinstance(value, list) or not value or len(value) > 20:
        raise QueryError(f"{where}: {what} must be a non-empty array (at most 20) of arrays of ids")
    for i, option in enumerate(value):
        _strings(option, f"{where}[{i}]", what)
        unknown = [v for v in option if v not in known]
        if unknown:
            raise QueryError(f"{where}[{i}]: {', '.join(repr(u[:64]) for u in unknown)} names no {'claim' if 'claim' in what else 'credential query'}")


def _validate_meta(cred: dict, fmt: str, where: str) -> None:
    meta = cred.get("meta", {} if fmt == SD_JWT else None)
    if fmt == SD_JWT:
        if not isinstance(meta, dict) or set(meta) - {"vct_values"}:
            raise QueryError(f"{where}: meta may hold only vct_values for {SD_JWT}")
        if "vct_values" in meta:
            _strings(meta["vct_values"], where, "meta.vct_values")
        return
    if not isinstance(meta, dict) or set(meta) != {"type_values"}:
        raise QueryError(f"{where}: meta must hold type_values (and nothing else) for {fmt}")
    types = meta["type_values"]
    if not isinstance(types, list) or not types or len(types) > 10:
        raise QueryError(f"{where}: meta.type_values must be a non-empty array of arrays of type IRIs")
    for i, alternative in enumerate(types):
        _strings(alternative, f"{where}.meta.type_values[{i}]", "a type alternative")


def _validate_claims(cred: dict, where: str, max_claims: int) -> None:
    claims = cred.get("claims", [])
    if not isinstance(claims, list) or len(claims) > max_claims:
        raise QueryError(f"{where}: claims must be an array of at most {max_claims} claims")
    ids: set = set()
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
        if "id" in claim:
            if not isinstance(claim["id"], str) or not ID_SHAPE.match(claim["id"]) or claim["id"] in ids:
                raise QueryError(f"{cw}: id must be unique, 1-64 characters of A-Z a-z 0-9 _ -")
            ids.add(claim["id"])
    if "claim_sets" in cred:
        if not claims or len(ids) != len(claims):
            raise QueryError(f"{where}: with claim_sets, every claim needs an id")
        _id_sets(cred["claim_sets"], ids, f"{where}.claim_sets", "claim_sets")


def validate(query, max_credentials: int, max_claims: int) -> dict:
    """The query when Satchel can enforce it; else ``QueryError`` saying why."""
    if not isinstance(query, dict):
        raise QueryError("dcql_query must be a JSON object")
    unknown = set(query) - {"credentials", "credential_sets"}
    if unknown:
        raise QueryError(f"unsupported members: {', '.join(sorted(unknown))}")
    creds = query.get("credentials")
    if not isinstance(creds, list) or not creds or len(creds) > max_credentials:
        raise QueryError(f"credentials must be an array of 1 to {max_credentials} credential queries")
    seen: set = set()
    for i, cred in enumerate(creds):
        where = f"credentials[{i}]"
        if not isinstance(cred, dict):
            raise QueryError(f"{where} must be an object")
        extra = set(cred) - {"id", "format", "meta", "claims", "claim_sets", "multiple", "require_cryptographic_holder_binding"}
        if extra:
            raise QueryError(f"{where}: unsupported members: {', '.join(sorted(extra))}")
        cid = cred.get("id")
        if not isinstance(cid, str) or not ID_SHAPE.match(cid) or cid in seen:
            raise QueryError(f"{where}: id must be unique, 1-64 characters of A-Z a-z 0-9 _ -")
        seen.add(cid)
        fmt = cred.get("format")
        if fmt not in FORMATS:
            raise QueryError(f"{where}: format must be one of {', '.join(FORMATS)} (the formats Satchel's verifier checks)")
        if not isinstance(cred.get("multiple", False), bool):
            raise QueryError(f"{where}: multiple must be true or false")
        if cred.get("require_cryptographic_holder_binding", True) is not True:
            raise QueryError(f"{where}: holder binding is always required")
        _validate_meta(cred, fmt, where)
        _validate_claims(cred, where, max_claims)
    if "credential_sets" in query:
        sets = query["credential_sets"]
        if not isinstance(sets, list) or not sets or len(sets) > 10:
            raise QueryError("credential_sets must be a non-empty array (at most 10) of credential sets")
        used: set = set()
        for k, cs in enumerate(sets):
            where = f"credential_sets[{k}]"
            if not isinstance(cs, dict) or set(cs) - {"options", "required"}:
                raise QueryError(f"{where}: a credential set has options and optionally required")
            if not isinstance(cs.get("required", True), bool):
                raise QueryError(f"{where}: required must be true or false")
            _id_sets(cs.get("options"), seen, f"{where}.options", "options")
            used.update(i for option in cs["options"] for i in option)
        if seen - used:
            raise QueryError(f"credential query {min(seen - used)!r} is in no credential set's options")
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


def _shown(path: list) -> str:
    return "/".join("*" if p is None else str(p) for p in path)


def _claim_problem(claim: dict, claims: dict) -> str | None:
    found = select(claims, claim["path"])
    if not found:
        return f"the claim {_shown(claim['path'])} was not disclosed"
    if "values" in claim and not any(_equal(f, v) for f in found for v in claim["values"]):
        return f"the claim {_shown(claim['path'])} does not have a value asked for"
    return None


def _meta_problems(credential_query: dict, claims: dict, types: list[str] | None) -> list[str]:
    meta = credential_query.get("meta") or {}
    if credential_query["format"] == SD_JWT:
        vcts = meta.get("vct_values")
        if vcts and claims.get("vct") not in vcts:
            return [f"the credential type (vct) {claims.get('vct')!r} is not one asked for"]
        return []
    alternatives = meta.get("type_values") or []
    if types is None:
        return ["the credential's types could not be expanded with its JSON-LD contexts, so its type cannot be matched"]
    if not any(set(alt) <= set(types) for alt in alternatives):
        return [f"the credential's types ({', '.join(types)[:300]}) are not a type asked for"]
    return []


def chosen_claims(credential_query: dict, claims: dict) -> tuple[list[dict], list[str]]:
    """(the claims to show, why the credential does not satisfy the query's claims):
    without claim_sets every claim; with them the first claim set satisfied."""
    by_id = {c.get("id"): c for c in credential_query.get("claims", [])}
    sets = credential_query.get("claim_sets")
    if not sets:
        listed = credential_query.get("claims", [])
        return listed, [p for p in (_claim_problem(c, claims) for c in listed) if p]
    for option in sets:
        listed = [by_id[i] for i in option]
        if not any(_claim_problem(c, claims) for c in listed):
            return listed, []
    first = [by_id[i] for i in sets[0]]
    why = [p for p in (_claim_problem(c, claims) for c in first) if p]
    return [], [f"no claim set is satisfied (the first: {'; '.join(why)})"]


def unmet(credential_query: dict, claims: dict, types: list[str] | None = None) -> list[str]:
    """Why the disclosed (signature-checked) ``claims`` (and, for W3C formats, the
    credential's expanded ``types``) don't satisfy the credential query; [] when they do."""
    return _meta_problems(credential_query, claims, types) + chosen_claims(credential_query, claims)[1]


def requested(credential_query: dict, claims: dict) -> list[dict]:
    """The requested claims (of the claim set satisfied) with what was disclosed, for the result."""
    listed, _problems = chosen_claims(credential_query, claims)
    return [{"id": c.get("id"), "path": c["path"], "values": select(claims, c["path"])} for c in listed]


def sets_problems(query: dict, satisfied: set[str], answered: set[str]) -> list[str]:
    """Why the answered credential queries (``satisfied``: those verified and
    matching) do not satisfy the query's credential sets; [] when they do."""
    ids = [c["id"] for c in query["credentials"]]
    if "credential_sets" not in query:
        return [f"no presentation for the credential query {i!r}" for i in ids if i not in answered]
    problems = []
    for k, cs in enumerate(query["credential_sets"]):
        if cs.get("required", True) and not any(set(option) <= satisfied for option in cs["options"]):
            shown = " or ".join("+".join(option) for option in cs["options"])
            problems.append(f"the required credential set {k + 1} is not satisfied (it needs {shown})")
    return problems
