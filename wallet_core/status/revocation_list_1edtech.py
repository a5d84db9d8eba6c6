"""1EdTech revocation list (``1EdTechRevocationList``): a hosted list of revoked ids."""

from __future__ import annotations

from .. import reasons
from ..fetch_reasons import coded_check
from ..vc_model import as_list
from ..verdict import Check
from .lists import ListSignatureCheck, ListUnavailable, fetch_json


def check(entry: dict, credential: dict, env, list_signature: ListSignatureCheck) -> Check:
    # The hosted list is plain JSON, unsigned: list_signature has nothing to check.
    url = entry.get("id")
    if not isinstance(url, str):
        return Check("status", "failed", "1EdTechRevocationList has no id")
    try:
        doc = fetch_json(url, env, "revocation list")
    except ListUnavailable as exc:
        return coded_check("status", "could_not_check", exc)
    revoked = doc.get("revokedCredentials", doc.get("revokedAssertions"))
    if revoked is None:
        return Check(
            "status", "could_not_check", f"revocation list {url} lists nothing we can read"
        )
    cred_id = credential.get("id")
    for item in as_list(revoked):
        rid = item.get("id") if isinstance(item, dict) else item
        if rid == cred_id:
            reason = item.get("revocationReason") if isinstance(item, dict) else None
            return Check(
                "status", "failed", f"revoked by the issuer{': ' + reason if reason else ''}"
            )
    return reasons.check("status", "passed", "status.not_on_list", list=url)
