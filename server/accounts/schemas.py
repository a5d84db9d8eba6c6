"""Request and response bodies of the account API (one Struct per direction)."""

from __future__ import annotations

from typing import Any

import msgspec

NAME_MAX = 64


class RegisterOptionsIn(msgspec.Struct, forbid_unknown_fields=True):
    # Shown by the authenticator's passkey list; the server keeps it. Not an e-mail.
    display_name: str = msgspec.field(default="Satchel wallet")


class PasskeyIn(msgspec.Struct, forbid_unknown_fields=True):
    # The PublicKeyCredential as JSON (credential.toJSON() in the browser).
    credential: dict[str, Any]
    # A label for the passkey in the learner's list ("Phone", "Laptop").
    name: str | None = None


class SignInIn(msgspec.Struct, forbid_unknown_fields=True):
    credential: dict[str, Any]


class PasskeyOut(msgspec.Struct):
    id: str
    name: str
    created: str
    last_used: str | None
    backed_up: bool
    device_type: str | None
    transports: list[str]


class AccountOut(msgspec.Struct):
    id: str
    display_name: str
    created: str
    passkeys: list[PasskeyOut]
    csrf_token: str
    # The credential id of the passkey this session signed in with.
    session_passkey: str | None
