"""The ``status`` check: revocation and suspension lists, one module per type.

Parsing a list is kept apart from fetching it (``lists.py`` fetches through the
injected fetcher). A status that cannot be checked is ``could_not_check``,
never "not revoked".
"""

from __future__ import annotations

from .. import reasons
from ..vc_model import as_list
from ..verdict import Check
from . import bitstring, revocation_list_1edtech
from .lists import ListSignatureCheck

STATUS_TYPES = {
    "BitstringStatusListEntry": bitstring,
    "StatusList2021Entry": bitstring,
    "1EdTechRevocationList": revocation_list_1edtech,
}


def check_status(
    credential: dict, proof_status: str, env, list_signature: ListSignatureCheck
) -> Check:
    """The credential's ``status`` check; ``list_signature`` checks the proof of a
    fetched status list credential (the caller's format knows how)."""
    entries = as_list(credential.get("credentialStatus"))
    if not entries:
        return reasons.check("status", "passed", "status.none")
    if proof_status == "failed":
        return reasons.check("status", "could_not_check", "status.signature_invalid")
    results = []
    for entry in entries:
        if not isinstance(entry, dict):
            results.append(reasons.check("status", "failed", "status.entry_not_object"))
            continue
        kind = entry.get("type")
        module = STATUS_TYPES.get(kind) if isinstance(kind, str) else None
        if module is None:
            results.append(
                reasons.check(
                    "status", "could_not_check", "status.type_unsupported", type=repr(kind)[:80]
                )
            )
            continue
        results.append(module.check(entry, credential, env, list_signature))
    for status in ("failed", "could_not_check"):
        for r in results:
            if r.status == status:
                return r
    if len(results) == 1:
        return results[0]
    return reasons.join("status", "passed", reasons.coded_parts(results))
