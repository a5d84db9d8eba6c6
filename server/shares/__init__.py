"""Share links: a learner's signed presentation stored behind an unguessable link.

- ``api.py``: the API (``/api/v1/shares…``): nonces, create, list/get/revoke with the manage secret.
- ``page.py``: the employer's page (``/s/<token>``) and its JSON report.
- ``state.py``: what both use: ``ShareState`` (limits, verdict cache).
- ``store.py``: SQL (nonces, shares, views) — tokens and manage secrets hashed.
- ``service.py``: verification of presentations, the per-share verdict cache.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShareConfig:
    # Lifetime (seconds) of a nonce from POST /api/v1/shares/nonce (single use).
    nonce_lifetime: int = 300
    # The longest a share link may live.
    max_share_days: int = 90
    # How long (seconds) a share's verdict (and rendered page) is reused before the
    # credentials are verified again. Status lists fetched from other servers are
    # also cached by the fetcher (300 s); Satchel's own lists are read from SQLite.
    verdict_ttl: float = 60.0
    # Token buckets per client IP: (tokens per second, burst). None = no limit.
    create_rate: tuple[float, int] | None = (20 / 60, 20)  # nonce + create: 20/min
    view_rate: tuple[float, int] | None = (1.0, 60)  # share page + report: 60/min, burst 60
    manage_rate: tuple[float, int] | None = (2.0, 60)
    max_label_chars: int = 200
    max_verifier_name_chars: int = 100
