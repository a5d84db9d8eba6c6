"""1EdTech revocation list (``1EdTechRevocationList``): a hosted list of revoked ids."""

from __future__ import annotations

from .. import reasons
from ..vc_model import as_list
from ..verdict import Check
from .lists import ListSignatureCheck, ListUnavailable, fetch_json


def check(entry: dict, credential: dict, env, list_signature: ListSignatureCheck) -> Check:
    # The hosted list is plain JSON, unsigned: list_signature has nothing to check.
    url = entry.get("id")
    if not isinstance(url, str):
        return reasons.check("status", "failed", "status.1edtech_no_id")
    try:
        doc = fetch_json(url, env, "what.revocation_list")
    except ListUnavailable as exc:
        return reasons.from_exc("status", "could_not_check", exc)
    revoked = doc.get("revokedCredentials", doc.get("revokedAssertions"))
    if revoked is None:
        return reasons.check("status", "could_not_check", "status.list_unreadable", list=url)
    cred_id = credential.get("id")
    for item in as_list(revoked):
        rid = item.get("id") if isinstance(item, dict) else item
        if rid == cred_id:
            reason = item.get("revocationReason") if isinstance(item, dict) else None
            if isinstance(reason, str) and reason:
                return reasons.check(
                    "status", "failed", "status.revoked_by_issuer_reason", reason=reason
                )
            return reasons.check("status", "failed", "status.revoked_by_issuer")
    return reasons.check("status", "passed", "status.not_on_list", list=url)
