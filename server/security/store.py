"""The security helpers' SQL: rate-limit buckets (decision D32).

Written once for every engine: ``?`` placeholders, ``ON CONFLICT … DO UPDATE``
and ``RETURNING``, no engine-specific functions (``CASE`` instead of
``min``/``max``/``greatest``).
"""

from __future__ import annotations

import sqlite_utils

# The tokens a bucket holds at the request's time ``excluded.at``: refilled since
# its last request, at most ``burst``.
_REFILLED = "rate_buckets.tokens + (excluded.at - rate_buckets.at) * excluded.rate"

# One statement spends a token or refuses: every worker process's requests are
# counted in the same row, and the row's write lock orders them.
SPEND = f"""
insert into rate_buckets (bucket, client, tokens, at, spent, burst, rate)
values (?, ?, ?, ?, 1, ?, ?)
on conflict (bucket, client) do update set
  tokens = case
    when {_REFILLED} >= excluded.burst then excluded.burst - 1
    when {_REFILLED} >= 1 then {_REFILLED} - 1
    else {_REFILLED}
  end,
  spent = case when {_REFILLED} >= 1 then 1 else 0 end,
  at = case when excluded.at > rate_buckets.at then excluded.at else rate_buckets.at end,
  burst = excluded.burst,
  rate = excluded.rate
returning tokens, spent
"""


def spend_token(
    db: sqlite_utils.Database, bucket: str, client: str, burst: float, rate: float, now: float
) -> tuple[float, bool]:
    """Take one token from the client's bucket: (tokens left, whether one was taken).
    The commit does not wait for an fsync (``unsynced``): a power cut may forget
    the last seconds of counting, a killed process does not."""
    # fetchall: the statement runs to its end, so its implicit transaction commits now
    [(tokens, spent)] = db.unsynced().execute(SPEND, [bucket, client, burst - 1, now, burst, rate]).fetchall()
    return tokens, bool(spent)


def forget_full_buckets(db: sqlite_utils.Database, now: float) -> int:
    """Delete the buckets that have refilled: they behave exactly like a missing row."""
    return db.unsynced().execute("delete from rate_buckets where tokens + (? - at) * rate >= burst", [now]).rowcount
