"""Share links: what the API and the employer's page share — the in-memory state
(rate limits, verdict cache, view log), the error type and its handler, the
view-log lifespan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Request, Response
from litestar.concurrency import sync_to_thread

from server.errors import error_response
from server.security.ratelimit import RateLimiter
from server.settings import Settings
from server.shares import ShareConfig, store
from server.shares.service import VerdictCache, share_audience
from server.storage import open_database

log = logging.getLogger("satchel.shares")


class ShareError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers, self.extra = headers or {}, extra or {}


def handle_share_error(request: Request, exc: ShareError) -> Response:
    if exc.extra or request.url.path.endswith(".json"):
        body = {"error": exc.code, "message": exc.message, **exc.extra}
        return Response(body, status_code=exc.status, headers=exc.headers)
    response = error_response(request, exc.status, exc.code, exc.message)
    response.headers.update(exc.headers)
    return response


class ShareState:
    """Everything the shares feature keeps in memory (one per app)."""

    def __init__(self, config: ShareConfig, settings: Settings, verifier):
        self.config = config
        # server.verify.pool.VerifierPool: presentations are verified in its workers
        self.verifier = verifier
        self.audience = share_audience(settings.public_url)
        self.base_url = settings.public_url.rstrip("/")
        self.limits = {
            name: RateLimiter.per_second(*rate) if rate else None
            for name, rate in (
                ("create", config.create_rate),
                ("view", config.view_rate),
                ("manage", config.manage_rate),
            )
        }
        self.cache = VerdictCache(config.verdict_ttl)
        self.views = store.ViewLog(lambda: open_database(settings.database_path), config.view_flush_seconds)

    def wait(self, request: Request, bucket: str) -> int:
        limiter = self.limits[bucket]
        if limiter is None:
            return 0
        return limiter.wait(bucket, request.client.host if request.client else "unknown")

    def limit(self, request: Request, bucket: str) -> None:
        wait = self.wait(request, bucket)
        if wait:
            raise ShareError(
                429,
                "rate_limited",
                f"Too many requests from your address: try again in {wait} seconds.",
                {"Retry-After": str(wait)},
            )


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
