"""The passkey accounts' tables (server/accounts)."""

from __future__ import annotations

import sqlite_utils

from server.storage import migration


@migration("020_accounts")
def _accounts(db: sqlite_utils.Database) -> None:
    # Optional learner accounts: passkeys only, no passwords, no e-mail.
    db["accounts"].create(
        {"id": str, "user_handle": bytes, "display_name": str, "created": str, "sync_seq": int},
        pk="id",
        not_null={"user_handle", "created"},
        defaults={"sync_seq": 0},
    )
    db["accounts"].create_index(["user_handle"], unique=True)
    db["passkeys"].create(
        {
            "credential_id": str,  # base64url
            "account_id": str,
            "public_key": bytes,  # COSE key
            "sign_count": int,
            "transports": str,  # JSON list
            "name": str,
            "aaguid": str,
            "device_type": str,
            "backed_up": int,
            "created": str,
            "last_used": str,
        },
        pk="credential_id",
        not_null={"account_id", "public_key", "sign_count", "created"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["passkeys"].create_index(["account_id"])
    # Single-use WebAuthn challenges (stored hashed) with their purpose and expiry.
    db["webauthn_challenges"].create(
        {
            "challenge_hash": str,
            "purpose": str,
            "account_id": str,
            "user_handle": bytes,
            "display_name": str,
            "expires": float,
            "used": int,
        },
        pk="challenge_hash",
        defaults={"used": 0},
    )
    db["account_sessions"].create(
        {"session_hash": str, "account_id": str, "credential_id": str, "csrf": str, "created": str, "expires": float},
        pk="session_hash",
        not_null={"account_id", "csrf", "expires"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["account_sessions"].create_index(["account_id"])
