"""A small in-memory sliding-window rate limiter, keyed by (bucket, client).

It lives in the server process: a restart forgets the counts, and several
server processes each count on their own. That is enough to make guessing and
flooding the passkey endpoints slow; a multi-node deployment puts a shared
limiter (or the reverse proxy's) in front.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from server.security.errors import ApiError


class RateLimiter:
    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[tuple[str, str], deque[float]] = {}

    def hit(self, bucket: str, client: str) -> None:
        """Count one request; raise a 429 ApiError when the client is over the limit."""
        now = self.clock()
        hits = self._hits.setdefault((bucket, client), deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            retry = max(1, math.ceil(hits[0] + self.window - now))
            raise ApiError(
                429,
                "rate_limited",
                f"Too many attempts. Wait {retry} seconds and try again.",
                headers={"Retry-After": str(retry)},
            )
        hits.append(now)
        if len(self._hits) > 10_000:  # forget idle clients so memory stays bounded
            for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
                del self._hits[key]
