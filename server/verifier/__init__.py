"""Satchel as an OpenID4VP 1.0 verifier for employers and HR systems.

- ``dcql.py``: DCQL queries built from simple options (skill, issuer, fields) or
  given directly (the subset Satchel can check), and whether disclosed claims
  satisfy a credential query.
- ``store.py``: SQLite (requests, their single-use nonce and state, results);
  the read secret is stored only as a SHA-256 hash; expiry and deletion.
- ``service.py``: the signed request object, the request links, checking an
  answer (verification in the worker pool, then the DCQL match).
- ``routes.py``: the HR API, the OpenID4VP endpoints, the employer's pages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VerifierConfig:
    # A request can be answered for this long (seconds).
    request_lifetime: int = 600
    # A result is deleted this long after it is first read, or after it arrives
    # when nobody reads it (seconds).
    read_retention: int = 3600
    unread_retention: int = 86400
    # The employer's waiting page reloads itself (meta refresh) this often.
    refresh_seconds: int = 3
    # Token buckets per client IP: (tokens per second, burst). None = no limit.
    create_rate: tuple[float, int] | None = (20 / 60, 20)
    read_rate: tuple[float, int] | None = (2.0, 120)
    wallet_rate: tuple[float, int] | None = (1.0, 30)
    max_label_chars: int = 200
    max_credential_queries: int = 5
    max_claims: int = 20
