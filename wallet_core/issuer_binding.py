"""The ``issuer`` check: does the key that signed belong to the credential's issuer?"""

from __future__ import annotations

from . import jsonsafe, reasons
from .fetch_reasons import fetch_check
from .fetcher import FetchError
from .keys import VerificationKey
from .verdict import Check


def _kind(identifier: str) -> str:
    if identifier.startswith("did:"):
        return "did"
    if identifier.startswith(("https://", "http://")):
        return "url"
    return "other"


def _profile_lists_key(profile: dict, key: VerificationKey) -> bool | None:
    """True/False when the issuer profile lists its keys, None when it lists none."""
    from .keys import KeyInvalid
    from .verification_method import key_from_method_entry

    entries = []
    for prop in ("verificationMethod", "assertionMethod", "publicKey"):
        entries += [e for e in (profile.get(prop) or []) if isinstance(e, dict)]
    if not entries:
        return None
    wanted = (
        key.public_key.public_bytes_raw() if hasattr(key.public_key, "public_bytes_raw") else None
    )
    for entry in entries:
        try:
            candidate = key_from_method_entry(entry)
        except KeyInvalid:
            continue
        if (
            wanted is not None
            and hasattr(candidate, "public_bytes_raw")
            and candidate.public_bytes_raw() == wanted
        ):
            return True
    return False


def check_issuer(issuer: str | None, proof_status: str, keys: list[VerificationKey], env) -> Check:
    if issuer is None:
        return reasons.check("issuer", "failed", "issuer.missing")
    if proof_status == "failed" or not keys:
        return reasons.check("issuer", "could_not_check", "issuer.no_key_link")
    key = keys[0]
    controller = key.controller
    if controller == issuer:
        if key.controller_proven:
            return reasons.check("issuer", "passed", "issuer.key_of_issuer", issuer=issuer)
        if env.fetcher is not None and _kind(issuer) == "url":
            try:
                profile = jsonsafe.loads(env.fetcher.fetch(issuer))
            except FetchError as exc:
                return fetch_check("issuer", "could_not_check", "what.issuer_profile", issuer, exc)
            except ValueError as exc:
                return reasons.check(
                    "issuer",
                    "could_not_check",
                    "issuer.profile_fetch_failed",
                    exc,
                    how=key.how,
                    **key.how_params,
                )
            listed = _profile_lists_key(profile, key) if isinstance(profile, dict) else None
            if listed is True:
                return reasons.check("issuer", "passed", "issuer.profile_lists_key", issuer=issuer)
            if listed is False:
                return reasons.check("issuer", "failed", "issuer.profile_lacks_key", issuer=issuer)
            return reasons.check("issuer", "could_not_check", "issuer.profile_no_keys")
        return reasons.check(
            "issuer", "could_not_check", "issuer.profile_not_fetched", how=key.how, **key.how_params
        )
    if _kind(controller) == _kind(issuer) and _kind(issuer) != "other":
        return reasons.check(
            "issuer", "failed", "issuer.key_of_other", controller=controller, issuer=issuer
        )
    return reasons.check(
        "issuer", "could_not_check", "issuer.not_proven", controller=controller, issuer=issuer
    )
