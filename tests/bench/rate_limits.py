"""`make bench`: what sharing state through the database costs per request (D32).

Every limited request spends a token in one ``INSERT … ON CONFLICT … RETURNING``
statement, and every share page view inserts a row, on the real SQLite file.
Both commit on ``unsynced`` connections (``synchronous=NORMAL``: no fsync at
commit); the same statements on a ``synchronous=FULL`` connection are printed
for comparison. Medians of several rounds, microseconds per statement.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from server.security import store as security_store
from server.shares import store as share_store
from server.storage import SatchelDatabase, open_database


class _Synced(SatchelDatabase):
    """The database with ``unsynced()`` answering a synchronous=FULL connection."""

    def unsynced(self) -> SatchelDatabase:
        return self


def _per_call_us(fn, calls: int, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for n in range(calls):
            fn(n)
        times.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(times)


def rate_limit_costs(calls: int = 300) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "satchel.db"
        open_database(path).close()
        figures = {}
        for mode, db in (("unsynced", open_database(path)), ("synced", _Synced(path))):
            db["shares"].insert(
                {"id": mode, "token_hash": mode, "manage_hash": "m", "presentation": "p", "created": 0, "expires": 0}
            )
            figures[f"spend {mode}"] = _per_call_us(
                lambda n, db=db: security_store.spend_token(db, "bench", f"10.0.{n % 250}.1", 60, 1.0, time.time()),
                calls,
            )
            figures[f"view {mode}"] = _per_call_us(
                lambda n, db=db, mode=mode: share_store.record_view(db, mode, time.time()), calls
            )
            db.close()
    return figures


def print_rate_limit_costs() -> bool:
    print("\n== Shared state in the database: cost per statement (SQLite file, median of 5 rounds) ==")
    f = rate_limit_costs()
    print(f"rate-limit token spent   {f['spend unsynced']:8.0f} µs   (with an fsync per commit: {f['spend synced']:.0f} µs)")
    print(f"share view recorded      {f['view unsynced']:8.0f} µs   (with an fsync per commit: {f['view synced']:.0f} µs)")
    return True


if __name__ == "__main__":
    sys.exit(0 if print_rate_limit_costs() else 1)
