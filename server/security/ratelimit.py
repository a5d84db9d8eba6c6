"""The server's one rate limiter: in-memory token buckets keyed by (bucket, client).

A bucket holds up to ``burst`` tokens and refills at ``rate`` tokens a second;
each request spends one. It lives in the server process: a restart forgets the
counts and several processes each count on their own. That is enough to make
guessing and flooding slow; a multi-node deployment puts a shared limiter (or
the reverse proxy's) in front.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from litestar.connection import ASGIConnection

from server.errors import ApiError


class RateLimiter:
    def __init__(
        self,
        burst: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        """Allow ``burst`` requests at once, refilled evenly over ``window`` seconds."""
        self.burst = float(burst)
        self.rate = burst / window
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    @classmethod
    def per_second(cls, rate: float, burst: int, **kwargs) -> RateLimiter:
        return cls(burst, burst / rate, **kwargs)

    def wait(self, bucket: str, client: str) -> int:
        """Spend one token: 0 when allowed, else the seconds to wait (nothing spent)."""
        now = self.clock()
        key = (bucket, client)
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                if len(self._buckets) > self.max_keys:
                    self._forget_idle(now)
                return 0
            self._buckets[key] = (tokens, now)
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

    def _forget_idle(self, now: float) -> None:
        # A bucket that has refilled completely behaves like a new one.
        full = [
            k for k, (t, last) in self._buckets.items() if t + (now - last) * self.rate >= self.burst
        ]
        for k in full:
            del self._buckets[k]
        while len(self._buckets) > self.max_keys:
            self._buckets.pop(next(iter(self._buckets)))


class ClientLimits:
    """A feature's named limits per client address (shares: create, view, manage;
    the verifier: create, read, wallet), each from a ``(rate per second, burst)``
    setting; ``None`` is no limit."""

    def __init__(self, rates: dict[str, tuple[float, int] | None]) -> None:
        self.limits = {
            name: RateLimiter.per_second(*rate) if rate else None for name, rate in rates.items()
        }

    def wait(self, connection: ASGIConnection, bucket: str) -> int:
        """Spend one of the client's tokens: 0 when allowed, else the seconds to wait."""
        limiter = self.limits[bucket]
        if limiter is None:
            return 0
        return limiter.wait(bucket, connection.client.host if connection.client else "unknown")

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
