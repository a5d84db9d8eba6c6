"""Verifying presentations for shares, and the per-share verdict cache."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import replace
from datetime import UTC, datetime

from wallet_core import VerifyOptions
from wallet_core.presentations import PresentationVerdict, verify_presentation

# Presentation check -> API error code when a new share is refused.
REFUSAL_CODES = {
    "holder_signature": "bad_holder_signature",
    "audience": "foreign_audience",
    "nonce": "replayed_presentation",
    "freshness": "stale_presentation",
}
# Credential checks that must not fail for a share to be stored: the credential is
# not what its issuer signed. (An expired or revoked credential can be shared; the
# page says so.)
STRUCTURAL_CHECKS = ("format", "schema", "proof")


def share_audience(public_url: str) -> str:
    """The ``aud`` a presentation for a share on this server must carry."""
    return public_url.rstrip("/") + "/api/v1/shares"


def verify_for_share(
    presentation: str,
    options: VerifyOptions,
    audience: str,
    nonce: str | None,
    accepted_at: float | None = None,
) -> PresentationVerdict:
    opts = replace(options, audience=audience, nonce=nonce)
    at = datetime.fromtimestamp(accepted_at, UTC) if accepted_at is not None else None
    return verify_presentation(presentation, opts, accepted_at=at)


def refusal(verdict: PresentationVerdict) -> tuple[str, str] | None:
    """(error code, reason) when a presentation must not become a share, else None."""
    for check in verdict.checks:
        if check.status != "passed":
            if (check.code or "").startswith("verify."):  # stopped: deadline, memory, busy
                return "presentation_not_checked", check.reason
            return REFUSAL_CODES.get(check.check, "presentation_refused"), f"{check.check}: {check.reason}"
    for i, credential in enumerate(verdict.credentials, 1):
        if credential.holder_binding.status != "passed":
            return "wrong_holder", f"credential {i}: {credential.holder_binding.reason}"
        for check in credential.verdict.checks:
            if check.check in STRUCTURAL_CHECKS and check.status == "failed":
                return "credential_invalid", f"credential {i} {check.check}: {check.reason}"
    return None


class VerdictCache:
    """share id -> (verdict, rendered pages by language), reused for ``ttl`` seconds.

    Each worker process has its own (D32): the page reads the share's row —
    revoked, expired — from the database on every request before it looks here,
    so a revocation made through any worker is seen by all at once; only the
    credentials' own verdict is reused, for at most ``ttl`` in each worker."""

    def __init__(self, ttl: float, max_entries: int = 2048):
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, PresentationVerdict, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, share_id: str) -> tuple[PresentationVerdict, dict] | None:
        if self.ttl <= 0:
            return None
        with self._lock:
            hit = self._entries.get(share_id)
            if hit is None or hit[0] < time.monotonic():
                return None
            self._entries.move_to_end(share_id)
            return hit[1], hit[2]

    def put(self, share_id: str, verdict: PresentationVerdict) -> dict:
        pages: dict = {}
        if self.ttl <= 0:
            return pages
        with self._lock:
            self._entries[share_id] = (time.monotonic() + self.ttl, verdict, pages)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return pages

    def drop(self, share_id: str) -> None:
        with self._lock:
            self._entries.pop(share_id, None)
