"""Baked SVG badges: ``<openbadges:credential>`` (3.0) or ``<openbadges:assertion>`` (2.0).

The credential is the element's text (JSON, usually in CDATA) or its ``verify``
attribute (a JWT, or an OB 2.0 hosted URL / signed JWS). The SVG is parsed with
expat, with no external entities, no external DTDs and no entity declarations at
all (so no entity-expansion bombs); nothing in the SVG is rendered or executed.
"""

from __future__ import annotations

import re
import xml.parsers.expat

from ..errors import MalformedInput, NotACredential
from .text import strip_leading

LOCAL_NAMES = ("credential", "assertion")
_SVG_START = re.compile(
    rb"^(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.DOTALL
)
MAX_TEXT = 4 * 1024 * 1024


def sniff(data: bytes) -> bool:
    head = strip_leading(data)[:4096]
    if not head.startswith(b"<"):
        return False
    return bool(_SVG_START.match(head)) or b"<svg" in head


class _Refused(Exception):
    pass


def _is_badge_element(name: str) -> bool:
    # names arrive as "namespace-uri|local" when namespaced, else "prefix:local"
    ns, sep, local = name.rpartition("|")
    if sep:
        return local in LOCAL_NAMES and ("openbadges" in ns or "imsglobal" in ns)
    prefix, sep, local = name.partition(":")
    return bool(sep) and prefix == "openbadges" and local in LOCAL_NAMES


def unbake(data: bytes) -> str:
    parser = xml.parsers.expat.ParserCreate(namespace_separator="|")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"depth": 0, "capture": None, "text": [], "verify": None, "size": 0, "done": None}

    def refuse_entities(*_args):
        raise _Refused("entity declarations are not allowed in badge images")

    def refuse_external(*_args):
        raise _Refused("external entities are not allowed in badge images")

    def start(name, attrs):
        state["depth"] += 1
        if state["done"] is None and state["capture"] is None and _is_badge_element(name):
            state["capture"] = state["depth"]
            state["verify"] = attrs.get("verify")

    def end(_name):
        if state["capture"] == state["depth"]:
            state["capture"] = None
            text = "".join(state["text"]).strip()
            state["done"] = text or (state["verify"] or "").strip()
        state["depth"] -= 1

    def chars(text):
        if state["capture"] is not None:
            state["size"] += len(text)
            if state["size"] > MAX_TEXT:
                raise _Refused("the badge text is too large")
            state["text"].append(text)

    parser.EntityDeclHandler = refuse_entities
    parser.UnparsedEntityDeclHandler = refuse_entities
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise MalformedInput(f"This SVG image was refused: {exc}.") from exc
    except xml.parsers.expat.ExpatError as exc:
        raise MalformedInput(f"This SVG image is not valid XML: {exc}.") from exc
    except (LookupError, ValueError) as exc:  # <?xml encoding="..."?> Python cannot decode with
        raise MalformedInput(f"This SVG image declares an unknown text encoding: {exc}.") from exc
    if not state["done"]:
        raise NotACredential("This image does not contain a badge.")
    return state["done"]
