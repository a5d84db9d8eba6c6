"""The ``issuer`` check: does the key that signed belong to the credential's issuer?"""

from __future__ import annotations

import json

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
        return Check("issuer", "failed", "the credential names no issuer")
    if proof_status == "failed" or not keys:
        return Check("issuer", "could_not_check", "no valid signature links a key to the issuer")
    key = keys[0]
    controller = key.controller
    if controller == issuer:
        if key.controller_proven:
            return Check("issuer", "passed", f"signed with a key of the issuer {issuer}")
        if env.fetcher is not None and _kind(issuer) == "url":
            try:
                profile = json.loads(env.fetcher.fetch(issuer))
            except (FetchError, ValueError) as exc:
                return Check(
                    "issuer", "could_not_check", f"{key.how}; issuer profile not fetched ({exc})"
                )
            listed = _profile_lists_key(profile, key) if isinstance(profile, dict) else None
            if listed is True:
                return Check(
                    "issuer", "passed", f"the issuer profile {issuer} lists the signing key"
                )
            if listed is False:
                return Check(
                    "issuer", "failed", f"the issuer profile {issuer} does not list the signing key"
                )
            return Check(
                "issuer",
                "could_not_check",
                "key taken from the verification method URL; the issuer profile lists no keys",
            )
        return Check("issuer", "could_not_check", f"{key.how}; issuer profile not fetched")
    if _kind(controller) == _kind(issuer) and _kind(issuer) != "other":
        return Check(
            "issuer", "failed", f"signed with a key of {controller}, not of the issuer {issuer}"
        )
    return Check(
        "issuer",
        "could_not_check",
        f"signed with a key of {controller}; that it belongs to the issuer {issuer} is not proven",
    )
