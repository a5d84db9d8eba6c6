"""The OpenID4VP verifier's table (server/verifier)."""

from __future__ import annotations

import sqlite_utils

from server.storage import migration


@migration("040_verifier_requests")
def _verifier_requests(db: sqlite_utils.Database) -> None:
    # OpenID4VP verifier (server/verifier): an employer's request, its single-use
    # nonce and state, the read secret (SHA-256 hash only), the checked answer.
    db["vp_requests"].create(
        {
            "id": str,
            "secret_hash": str,
            "nonce": str,
            "state": str,
            "label": str,
            "dcql": str,
            "created": float,
            "expires": float,
            "answered": float,
            "result": str,
            "first_read": float,
            "delete_after": float,
            # direct_post.jwt: the ephemeral P-256 key (private half under the KEK)
            "response_mode": str,
            "enc_jwk": str,
            "enc_key": str,
        },
        pk="id",
        not_null={"secret_hash", "nonce", "state", "dcql", "created", "expires", "delete_after", "response_mode"},
    )
    db["vp_requests"].create_index(["secret_hash"], unique=True)
    db["vp_requests"].create_index(["nonce"], unique=True)
    db["vp_requests"].create_index(["state"], unique=True)
    db["vp_requests"].create_index(["delete_after"])
