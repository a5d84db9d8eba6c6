"""Parse the unbaked credential text: JSON object or compact JWT."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import jsonsafe
from .containers.jwt_text import looks_like_jwt
from .encoding import b64url_decode
from .errors import MalformedInput, NotACredential


@dataclass(frozen=True)
class ParsedText:
    kind: str  # "json" | "jwt" | "url"
    text: str
    document: dict | None = None  # the JSON object (kind "json")
    jwt_header: dict | None = None
    jwt_payload: dict | None = None
    disclosures: list[str] = field(default_factory=list)  # SD-JWT, after "~"


def loads_json(text: str, what: str = "file") -> object:
    try:
        return jsonsafe.loads(text)
    except ValueError as exc:
        raise MalformedInput(f"This {what} is not valid JSON: {exc}.") from None


def parse_jwt(text: str) -> ParsedText:
    compact, *disclosures = text.split("~")
    parts = compact.split(".")
    if len(parts) != 3:
        raise MalformedInput("This token is not a valid JWT: it must have three parts.")
    try:
        header = jsonsafe.loads_jose(b64url_decode(parts[0]))
        payload = jsonsafe.loads_jose(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedInput(f"This token is not a valid JWT: {exc}.") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise MalformedInput(
            "This token is not a valid JWT: header and payload must be JSON objects."
        )
    return ParsedText(
        kind="jwt",
        text=text,
        jwt_header=header,
        jwt_payload=payload,
        disclosures=[d for d in disclosures if d],
    )


def parse_text(text: str) -> ParsedText:
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        doc = loads_json(stripped)
        if not isinstance(doc, dict):
            raise NotACredential("This JSON does not contain a credential.")
        return ParsedText(kind="json", text=stripped, document=doc)
    if looks_like_jwt(stripped.encode("ascii", "replace")):
        return parse_jwt(stripped)
    if stripped.startswith(("https://", "http://")):
        return ParsedText(kind="url", text=stripped)
    if stripped.startswith("eyJ"):
        raise MalformedInput("This token is not a valid JWT.")
    raise NotACredential("This does not contain a credential.")
