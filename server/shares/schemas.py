"""Request and response Structs of the shares feature (one per direction)."""

from __future__ import annotations

import msgspec

from wallet_core.presentations import PresentationVerdict


class NonceOut(msgspec.Struct):
    nonce: str
    audience: str
    expires: str  # ISO 8601
    expires_in: int  # seconds


class ShareCreate(msgspec.Struct, forbid_unknown_fields=True):
    presentation: str  # VP-JWT, SD-JWT+KB, or either packed as SVP2:… or SVP1:… (QR form)
    expires_at: str  # ISO 8601, in the future, at most 90 days away
    manage_secret: str  # ≥ 128 random bits from the device, base64url; sent once per share
    label: str = ""


class CredentialSummary(msgspec.Struct):
    name: str | None
    issuer: str | None
    result: str


class ShareCreated(msgspec.Struct):
    id: str
    token: str  # shown once: the server keeps only its hash
    url: str
    label: str
    holder: str | None
    created_at: str
    expires_at: str
    result: str
    credentials: list[CredentialSummary]


class View(msgspec.Struct):
    at: str
    verifier_name: str | None


class Share(msgspec.Struct):
    id: str
    label: str
    holder: str | None
    credential_count: int
    created_at: str
    expires_at: str
    expired: bool
    revoked: bool
    revoked_at: str | None
    view_count: int
    views: list[View]  # newest first, at most 100


class ShareList(msgspec.Struct):
    shares: list[Share]


class ReportShare(msgspec.Struct):
    label: str
    created_at: str
    expires_at: str


class Report(msgspec.Struct):
    report: str  # "satchel-share-verification"
    version: int
    generated_at: str
    share: ReportShare
    verdict: PresentationVerdict
