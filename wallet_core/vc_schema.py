"""The ``schema`` check for VCs: required shape, plus Open Badges 3.0 / CLR 2.0 types.

This is not the 1EdTech JSON Schema: it checks what Satchel relies on (the
VC shape, the OB 3.0 credential type, and that every typed OB 3.0 object
carries the type its property requires).
"""

from __future__ import annotations

from . import reasons
from .vc_model import VC_V1, VC_V2, as_list, contexts, family, types
from .verdict import Check

OB3_CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"}

# property -> the type its (object) value must carry, for OB 3.0 / CLR 2.0
OB3_PROPERTY_TYPES = {
    "achievement": "Achievement",
    "issuer": "Profile",
    "creator": "Profile",
    "source": "Profile",
    "parentOrg": "Profile",
    "otherIdentifier": "IdentifierEntry",
    "result": "Result",
    "resultDescription": "ResultDescription",
    "evidence": "Evidence",
    "alignment": "Alignment",
    "address": "Address",
    "endorsement": "EndorsementCredential",
}
# nested credentials are checked on their own, not as part of the outer one
NESTED_CREDENTIALS = ("endorsement", "verifiableCredential")

SUBJECT_TYPES = {
    "EndorsementCredential": "EndorsementSubject",
    "ClrCredential": "ClrSubject",
}


# A problem found: a code of wallet_core/i18n (schema.*) and its parameters.
Problem = tuple[str, dict[str, str]]


def _p(code: str, **params: object) -> Problem:
    return code, {k: str(v) for k, v in params.items()}


def _wrong_types(node, path: str, out: list[Problem]) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _wrong_types(item, f"{path}[{i}]", out)
        return
    if not isinstance(node, dict):
        return
    for prop, value in node.items():
        expected = OB3_PROPERTY_TYPES.get(prop)
        for item in as_list(value):
            if (
                expected
                and isinstance(item, dict)
                and "type" in item
                and expected not in types(item)
            ):
                out.append(
                    _p(
                        "schema.type_has",
                        prop=f"{path}.{prop}",
                        expected=expected,
                        has=repr(types(item) or item.get("type")),
                    )
                )
        if prop not in NESTED_CREDENTIALS:
            _wrong_types(value, f"{path}.{prop}", out)


def check_schema(doc: dict) -> Check:
    problems: list[Problem] = []
    ctx = contexts(doc)
    if not ctx or ctx[0] not in (VC_V1, VC_V2):
        problems.append(_p("schema.first_context"))
    t = types(doc)
    if "VerifiableCredential" not in t:
        problems.append(_p("schema.type_must_include", type="VerifiableCredential"))
    issuer = doc.get("issuer")
    if isinstance(issuer, dict):
        if not isinstance(issuer.get("id"), str):
            problems.append(_p("schema.issuer_no_id"))
    elif not isinstance(issuer, str):
        problems.append(_p("schema.missing", prop="issuer"))
    subjects = as_list(doc.get("credentialSubject"))
    if not subjects or not all(isinstance(s, dict) for s in subjects):
        problems.append(_p("schema.missing", prop="credentialSubject"))
    if ctx and ctx[0] == VC_V1 and "issuanceDate" not in doc:
        problems.append(_p("schema.issuance_date"))
    kind = family(doc)
    if kind == "ob3":
        if not OB3_CREDENTIAL_TYPES & set(t):
            problems.append(
                _p("schema.type_must_include", type="OpenBadgeCredential or AchievementCredential")
            )
        expected_subject = SUBJECT_TYPES.get(
            next((x for x in t if x in SUBJECT_TYPES), ""), "AchievementSubject"
        )
        for s in subjects:
            if isinstance(s, dict) and expected_subject not in types(s):
                problems.append(_p("schema.must_have_type", prop="credentialSubject", expected=expected_subject))
    elif kind == "clr2":
        if "ClrCredential" not in t:
            problems.append(_p("schema.type_must_include", type="ClrCredential"))
        for s in subjects:
            if isinstance(s, dict) and "ClrSubject" not in types(s):
                problems.append(_p("schema.must_have_type", prop="credentialSubject", expected="ClrSubject"))
    if kind in ("ob3", "clr2"):
        wrong: list[Problem] = []
        for prop, value in doc.items():
            if prop in ("proof",) + NESTED_CREDENTIALS:
                continue
            expected = OB3_PROPERTY_TYPES.get(prop)
            for item in as_list(value):
                if (
                    expected
                    and isinstance(item, dict)
                    and "type" in item
                    and expected not in types(item)
                ):
                    wrong.append(_p("schema.must_have_type", prop=prop, expected=expected))
            if prop == "credentialSubject":
                for s in subjects:
                    for ident in as_list(s.get("identifier") if isinstance(s, dict) else None):
                        if (
                            isinstance(ident, dict)
                            and "type" in ident
                            and "IdentityObject" not in types(ident)
                        ):
                            wrong.append(
                                _p(
                                    "schema.must_have_type",
                                    prop="credentialSubject.identifier",
                                    expected="IdentityObject",
                                )
                            )
                    if isinstance(s, dict):
                        _wrong_types(
                            {k: v for k, v in s.items() if k not in NESTED_CREDENTIALS}, prop, wrong
                        )
            elif isinstance(value, (dict, list)):
                _wrong_types(value, prop, wrong)
        problems.extend(wrong)
    distinct = dict.fromkeys((code, tuple(params.items())) for code, params in problems)
    if distinct:
        return reasons.join("schema", "failed", [(c, dict(p)) for c, p in distinct])
    label = {"ob3": "Open Badges 3.0", "clr2": "CLR 2.0", "vc": "Verifiable Credential"}[kind]
    return reasons.check("schema", "passed", "schema.ok", label=label)
