"""The security helpers' tables (server/security): rate-limit buckets."""

from __future__ import annotations

import sqlite_utils

from server.storage import migration


@migration("050_rate_buckets")
def _rate_buckets(db: sqlite_utils.Database) -> None:
    # One token bucket per (limit, client address), shared by every worker process
    # (decision D32): tokens left at wall-clock time ``at``; ``spent`` says whether
    # the last request took a token; ``burst`` and ``rate`` are the limit's.
    db["rate_buckets"].create(
        {"bucket": str, "client": str, "tokens": float, "at": float, "spent": int, "burst": float, "rate": float},
        pk=("bucket", "client"),
        not_null={"tokens", "at", "spent", "burst", "rate"},
    )
