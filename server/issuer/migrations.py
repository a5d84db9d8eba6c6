"""The issuer's tables (server/issuer): keys, achievements and pathways, awards,
OID4VCI offers, tokens and nonces, the console's sessions and one-time pages."""

from __future__ import annotations

import sqlite_utils

from server.storage import migration


@migration("002_demo_issuer")
def _demo_issuer(db: sqlite_utils.Database) -> None:
    db["issuer_keys"].create({"id": str, "did": str, "private_key": str, "created": str}, pk="id")
    db["achievements"].create(
        {"id": str, "slug": str, "version": int, "definition": str, "created": str}, pk="id"
    )
    db["achievements"].create_index(["slug", "version"], unique=True)


@migration("003_issuer")
def _issuer(db: sqlite_utils.Database) -> None:
    # The issuer's own did:web keys; the newest unretired key signs, all stay published.
    db["issuer_signing_keys"].create(
        {"id": str, "seq": int, "private_key": str, "public_multibase": str, "created": str},
        pk="id",
    )
    db["issuer_signing_keys"].create_index(["seq"], unique=True)
    db["pathways"].create({"slug": str, "definition": str, "created": str}, pk="slug")
    db["awards"].create(
        {
            "id": str,
            "achievement_id": str,
            "subject": str,
            "lang": str,
            "credential": str,
            "status_index": int,
            "revoked": int,
            "suspended": int,
            "created": str,
            "status_changed": str,
        },
        pk="id",
        not_null={"achievement_id", "subject", "credential", "status_index"},
        defaults={"revoked": 0, "suspended": 0},
    )
    db["awards"].create_index(["status_index"], unique=True)
    # OID4VCI: pre-authorised codes, access tokens and proof nonces (secrets stored hashed).
    db["offers"].create(
        {"code_hash": str, "award_id": str, "tx_code_hash": str, "expires": float, "used": int},
        pk="code_hash",
        defaults={"used": 0},
    )
    db["access_tokens"].create(
        {"token_hash": str, "award_id": str, "expires": float, "used": int},
        pk="token_hash",
        defaults={"used": 0},
    )
    db["nonces"].create({"nonce": str, "expires": float, "used": int}, pk="nonce", defaults={"used": 0})
    # Issuer console: one-time admin tokens and sessions (hashed).
    db["admin_tokens"].create({"token_hash": str, "created": str, "used": int}, pk="token_hash", defaults={"used": 0})
    db["admin_sessions"].create({"session_hash": str, "csrf": str, "expires": float}, pk="session_hash")


@migration("004_issuer_claims")
def _issuer_claims(db: sqlite_utils.Database) -> None:
    # A learner's claim link (/claim/<token>): the token is stored hashed, with an expiry.
    db["awards"].add_column("claim_hash", str)
    db["awards"].add_column("claim_expires", float)
    db["awards"].create_index(["claim_hash"], unique=True)
    # OID4VCI: one access token may fetch each offered credential configuration once.
    db["access_tokens"].add_column("configs_used", str, not_null_default="")


@migration("005_issuer_p256_keys")
def _issuer_p256_keys(db: sqlite_utils.Database) -> None:
    # The issuer's P-256 keys (ecdsa-rdfc-2019 on request), published beside the Ed25519 ones.
    db["issuer_p256_keys"].create(
        {"id": str, "seq": int, "private_key": str, "public_multibase": str, "created": str},
        pk="id",
    )
    db["issuer_p256_keys"].create_index(["seq"], unique=True)


@migration("030_offer_attempts")
def _offer_attempts(db: sqlite_utils.Database) -> None:
    # OID4VCI: wrong tx_codes tried against an offer; at the limit the offer is dead.
    db["offers"].add_column("tx_attempts", int, not_null_default=0)


@migration("041_oid4vci_offer_ref")
def _offer_reference(db: sqlite_utils.Database) -> None:
    # OID4VCI: the hash of the offer's reference (credential_offer_uri).
    db["offers"].add_column("ref_hash", str)
    db["offers"].create_index(["ref_hash"])


@migration("042_console_once")
def _console_once(db: sqlite_utils.Database) -> None:
    # Issuer console POST-redirect-GET: what the award page shows once (claim
    # token, offer), for the session that made it, deleted when shown or expired.
    db["console_once"].create(
        {"id": str, "session_hash": str, "award_id": str, "payload": str, "expires": float}, pk="id"
    )


@migration("043_drop_demo_issuer_keys")
def _drop_demo_issuer_keys(db: sqlite_utils.Database) -> None:
    # The demo's own did:key issuer is gone: every credential comes from the one
    # issuer (its did:web keys). Its achievements stay in `achievements`.
    db["issuer_keys"].drop(ignore=True)
