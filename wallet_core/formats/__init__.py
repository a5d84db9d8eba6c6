"""Credential formats, registered in ``FORMATS`` (tried in order).

Each format module has ``claims(parsed) -> bool`` and
``verify(parsed, env) -> Outcome``.
"""

from __future__ import annotations

from ..errors import NotACredential
from ..parse import ParsedText
from . import ob2, sd_jwt_vc, vc_jwt, vc_ldp
from .outcome import Outcome

FORMATS = [vc_ldp, sd_jwt_vc, vc_jwt, ob2]


def select(parsed: ParsedText):
    for module in FORMATS:
        if module.claims(parsed):
            return module
    if parsed.kind == "json":
        raise NotACredential("This JSON does not contain a credential.")
    raise NotACredential("This does not contain a credential Satchel understands.")


__all__ = ["FORMATS", "Outcome", "select"]
