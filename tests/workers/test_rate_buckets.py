"""The rate limiter's buckets in the database (server/security/ratelimit.py, D32),
on a real SQLite file: exact counting, refill by the wall clock, and one count
for every process that opens the file."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from server.security import store
from server.security.ratelimit import ClientLimits, RateLimiter
from server.storage import open_database


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_refill_at_the_rate(tmp_path):
    db = open_database(tmp_path / "satchel.db")
    clock = Clock()
    limiter = RateLimiter(lambda: db, burst=3, window=60, clock=clock)  # one token every 20 s
    assert [limiter.wait("b", "10.0.0.1") for _ in range(4)] == [0, 0, 0, 20]
    assert limiter.wait("b", "10.0.0.2") == 0  # another client has its own bucket
    assert limiter.wait("other", "10.0.0.1") == 0  # and so has another bucket
    clock.now += 15
    assert limiter.wait("b", "10.0.0.1") == 5  # refused: nothing spent
    clock.now += 5
    assert limiter.wait("b", "10.0.0.1") == 0
    assert limiter.wait("b", "10.0.0.1") == 20
    clock.now += 3600
    assert [limiter.wait("b", "10.0.0.1") for _ in range(4)] == [0, 0, 0, 20]  # never more than the burst
    db.close()


def test_a_second_connection_to_the_file_counts_in_the_same_bucket(tmp_path):
    first, second = open_database(tmp_path / "satchel.db"), open_database(tmp_path / "satchel.db")
    clock = Clock()
    one = RateLimiter(lambda: first, burst=4, window=3600, clock=clock)
    two = RateLimiter(lambda: second, burst=4, window=3600, clock=clock)
    answers = [(one, two)[n % 2].wait("b", "10.0.0.1") for n in range(6)]
    assert [a == 0 for a in answers] == [True] * 4 + [False] * 2
    first.close()
    second.close()


def test_features_limits_of_the_same_name_are_separate_buckets(tmp_path):
    db = open_database(tmp_path / "satchel.db")

    class Peer:
        class client:
            host = "10.0.0.9"

    shares = ClientLimits("shares", lambda: db, {"create": (1 / 3600, 1)})
    verifier = ClientLimits("verifier", lambda: db, {"create": (1 / 3600, 1)})
    assert shares.wait(Peer, "create") == 0
    assert verifier.wait(Peer, "create") == 0
    assert shares.wait(Peer, "create") > 0
    db.close()


def test_full_buckets_are_forgotten_and_others_kept(tmp_path):
    db = open_database(tmp_path / "satchel.db")
    clock = Clock()
    limiter = RateLimiter(lambda: db, burst=2, window=60, clock=clock)
    limiter.wait("b", "idle")
    clock.now += 30  # "idle" is full again (one token back in 30 s)
    limiter.wait("b", "busy")
    assert store.forget_full_buckets(db, clock.now) == 1
    assert [r["client"] for r in db["rate_buckets"].rows] == ["busy"]
    db.close()


def _spend_many(path: str, tries: int, results) -> None:
    db = open_database(Path(path))
    limiter = RateLimiter(lambda: db, burst=100, window=10**9)
    results.put(sum(1 for _ in range(tries) if limiter.wait("b", "10.0.0.1") == 0))
    db.close()


def test_processes_spending_at_once_get_exactly_the_burst(tmp_path):
    path = tmp_path / "satchel.db"
    open_database(path).close()
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=_spend_many, args=(str(path), 60, results)) for _ in range(4)]
    for p in processes:
        p.start()
    allowed = [results.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(60)
    assert sum(allowed) == 100, allowed  # 240 tries, 100 tokens: not one more, not one less
