"""Share links: what the API and the employer's page share — their rate limits
(in the database, D32), the verifier pool and this process's verdict cache.
"""

from __future__ import annotations

from datetime import UTC, datetime

from server.security.ratelimit import ClientLimits
from server.settings import Settings
from server.shares import ShareConfig
from server.shares.service import VerdictCache, share_audience


class ShareState(ClientLimits):
    """The shares feature's per-app objects; its per-client limits are ``wait``
    and ``limit`` (create, view, manage)."""

    def __init__(self, config: ShareConfig, settings: Settings, verifier, get_db):
        self.config = config
        # server.verify.pool.VerifierPool: presentations are verified in its workers
        self.verifier = verifier
        self.audience = share_audience(settings.public_url)
        self.base_url = settings.public_url.rstrip("/")
        ClientLimits.__init__(
            self,
            "shares",
            get_db,
            {"create": config.create_rate, "view": config.view_rate, "manage": config.manage_rate},
        )
        self.cache = VerdictCache(config.verdict_ttl)


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
