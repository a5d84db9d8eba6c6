"""The server's one rate limiter: token buckets keyed by (bucket, client), kept in
the database so that every worker process counts the same requests (D32).

A bucket holds up to ``burst`` tokens and refills at ``rate`` tokens a second;
each request spends one, in one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``
statement (server/security/store.py). Time is the wall clock, the one clock
every process shares; a restart keeps the counts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import sqlite_utils
from litestar.connection import ASGIConnection

from server.errors import ApiError
from server.security import store

# How often (seconds) one process deletes the buckets that have refilled.
FORGET_EVERY = 300.0


class RateLimiter:
    def __init__(
        self,
        get_db: Callable[[], sqlite_utils.Database],
        burst: int,
        window: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Allow ``burst`` requests at once, refilled evenly over ``window`` seconds."""
        self.get_db = get_db
        self.burst = float(burst)
        self.rate = burst / window
        self.clock = clock
        self._forgotten_at = clock()

    @classmethod
    def per_second(cls, get_db: Callable[[], sqlite_utils.Database], rate: float, burst: int, **kwargs) -> RateLimiter:
        return cls(get_db, burst, burst / rate, **kwargs)

    def wait(self, bucket: str, client: str) -> int:
        """Spend one token: 0 when allowed, else the seconds to wait (nothing spent)."""
        now = self.clock()
        db = self.get_db()
        tokens, spent = store.spend_token(db, bucket, client, self.burst, self.rate, now)
        if now - self._forgotten_at > FORGET_EVERY:
            self._forgotten_at = now
            store.forget_full_buckets(db, now)
        if spent:
            return 0
        return max(1, math.ceil((1.0 - tokens) / self.rate))

    def hit(self, bucket: str, client: str) -> None:
        """Count one request; raise a 429 ApiError when the client is over the limit."""
        retry = self.wait(bucket, client)
        if retry:
            raise ApiError(
                429,
                "rate_limited",
                f"Too many attempts. Wait {retry} seconds and try again.",
                headers={"Retry-After": str(retry)},
            )


def client_address(connection: ASGIConnection) -> str:
    return connection.client.host if connection.client else "unknown"


class ClientLimits:
    """A feature's named limits per client address (shares: create, view, manage;
    the verifier: create, read, wallet), each from a ``(rate per second, burst)``
    setting; ``None`` is no limit. Buckets are named ``feature.limit`` in the
    database, so that two features' limits of the same name never share one."""

    def __init__(
        self, feature: str, get_db: Callable[[], sqlite_utils.Database], rates: dict[str, tuple[float, int] | None]
    ) -> None:
        self.feature = feature
        self.limits = {
            name: RateLimiter.per_second(get_db, *rate) if rate else None for name, rate in rates.items()
        }

    def wait(self, connection: ASGIConnection, bucket: str) -> int:
        """Spend one of the client's tokens: 0 when allowed, else the seconds to wait."""
        limiter = self.limits[bucket]
        if limiter is None:
            return 0
        return limiter.wait(f"{self.feature}.{bucket}", client_address(connection))

    def limit(self, connection: ASGIConnection, bucket: str) -> None:
        """Spend one token or raise a 429 ``rate_limited`` with ``Retry-After``."""
        wait = self.wait(connection, bucket)
        if wait:
            raise ApiError(
                429,
                "rate_limited",
                f"Too many requests from your address: try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
