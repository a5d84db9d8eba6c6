"""Share links: what the API and the employer's page share — the in-memory state
(rate limits, verdict cache, view log) and the view-log lifespan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar.concurrency import sync_to_thread

from server.security.ratelimit import ClientLimits
from server.settings import Settings
from server.shares import ShareConfig, store
from server.shares.service import VerdictCache, share_audience
from server.storage import open_database

log = logging.getLogger("satchel.shares")


class ShareState(ClientLimits):
    """Everything the shares feature keeps in memory (one per app); its
    per-client limits are ``wait`` and ``limit`` (create, view, manage)."""

    def __init__(self, config: ShareConfig, settings: Settings, verifier):
        self.config = config
        # server.verify.pool.VerifierPool: presentations are verified in its workers
        self.verifier = verifier
        self.audience = share_audience(settings.public_url)
        self.base_url = settings.public_url.rstrip("/")
        ClientLimits.__init__(
            self,
            {"create": config.create_rate, "view": config.view_rate, "manage": config.manage_rate},
        )
        self.cache = VerdictCache(config.verdict_ttl)
        self.views = store.ViewLog(lambda: open_database(settings.database), config.view_flush_seconds)


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def view_log_lifespan(shares: ShareState, get_db):
    """Write buffered share views every ``view_flush_seconds`` and at shutdown
    (list this lifespan after the one that opens the database)."""

    @asynccontextmanager
    async def lifespan(app) -> AsyncIterator[None]:
        async def flusher() -> None:
            while True:
                await asyncio.sleep(shares.config.view_flush_seconds)
                try:
                    await sync_to_thread(shares.views.flush)
                except Exception:  # keep flushing; the next round retries
                    log.exception("writing share views failed")

        task = asyncio.create_task(flusher())
        try:
            yield
        finally:
            task.cancel()
            await sync_to_thread(shares.views.close)

    return lifespan
