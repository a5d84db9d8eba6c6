"""Data safety with several workers (D32): under the load of tests/load/harness.py
(every write route, many clients), one of two worker processes is SIGKILLed three
times. The other keeps serving; uvicorn's supervisor starts a replacement each
time; every acknowledged write is in the database; no request gets a 5xx — the
killed worker's in-flight requests end without an answer (connection errors,
counted and printed), never with a wrong one."""

from __future__ import annotations

from tests.load.harness import run


def test_sigkilled_workers_lose_no_acknowledged_write(tmp_path, database):
    url = None if database == "sqlite" else database
    outcome = run(tmp_path / "data", 16, 3, 2, workers=2, database=url)
    print(
        f"\n2 workers, 3 worker kills: {outcome.acknowledged} acknowledged writes, {outcome.requests} answers,"
        f" {outcome.connection_errors} requests cut off by the kills, {outcome.replaced} workers replaced"
    )
    assert outcome.integrity == "ok"
    assert outcome.server_errors == []
    assert outcome.lost == [], f"{len(outcome.lost)} of {outcome.acknowledged} acknowledged writes lost"
    assert outcome.replaced == 3
    assert all(count > 0 for count in outcome.by_kind.values()), outcome.by_kind
    assert outcome.acknowledged > 500
