"""Helpers for reading W3C Verifiable Credentials (data model 1.1 and 2.0)."""

from __future__ import annotations

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB3_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/"
OB3_PRERELEASE = (
    "https://imsglobal.github.io/openbadges-specification/",
    "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/",
)
CLR2_PREFIXES = (
    "https://purl.imsglobal.org/spec/clr/v2p0/",
    "https://dc.imsglobal.org/draft/clr/v2p0/",
)


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def contexts(doc: dict) -> list:
    return as_list(doc.get("@context"))


def types(obj) -> list[str]:
    if not isinstance(obj, dict):
        return []
    return [t for t in as_list(obj.get("type")) if isinstance(t, str)]


def data_model(doc: dict) -> str | None:
    ctx = contexts(doc)
    if VC_V2 in ctx:
        return "2.0"
    if VC_V1 in ctx:
        return "1.1"
    return None


def has_context_prefix(doc: dict, prefixes) -> bool:
    return any(isinstance(c, str) and c.startswith(prefixes) for c in contexts(doc))


def family(doc: dict) -> str:
    """'clr2', 'ob3' or 'vc' — which spec family the credential claims, by its
    ``type`` (a context only defines words: an OB 3.0 context on another kind of
    credential, say an employment record, makes it a plain VC)."""
    t = set(types(doc))
    if "ClrCredential" in t:
        return "clr2"
    if t & {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"}:
        return "ob3"
    return "vc"


def issuer_id(doc: dict) -> str | None:
    issuer = doc.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return issuer["id"]
    return None


def issuer_name(doc: dict) -> str | None:
    issuer = doc.get("issuer")
    if isinstance(issuer, dict) and isinstance(issuer.get("name"), str):
        return issuer["name"]
    return None


def subject_id(doc: dict) -> str | None:
    for subject in as_list(doc.get("credentialSubject")):
        if isinstance(subject, dict) and isinstance(subject.get("id"), str):
            return subject["id"]
    return None


def looks_like_vc(doc: dict) -> bool:
    return "VerifiableCredential" in types(doc) or data_model(doc) is not None
