"""server/verify/pool.py with real worker processes: the deadline, the memory
limit, the queue bound, input errors, and replacing a stopped worker."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json

import pytest

from server.verify.pool import PoolSettings, VerifierPool
from server.verify.worker import WorkerSpec
from tests.hostile import credential, slow_within_bounds
from tests.own_vectors import ob3_bytes
from wallet_core.errors import MalformedInput, UnsupportedFormat

SIMPLE = ob3_bytes()
SLOW = json.dumps(slow_within_bounds()).encode()


def run(coro):
    # a loop of its own in a thread of its own: another test's Playwright may keep
    # an event loop running in this thread
    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coro).result()


async def _with_pool(settings: PoolSettings, body, max_bytes: int = 4 * 1024 * 1024):
    pool = VerifierPool(WorkerSpec(offline=True, max_body_bytes=max_bytes), settings)
    try:
        return await body(pool)
    finally:
        await pool.close()


def test_a_job_past_the_deadline_is_killed_and_the_next_job_gets_a_fresh_worker():
    async def body(pool):
        stopped = await pool.verify(SLOW)
        after = await pool.verify(SIMPLE)
        return stopped, after, pool.killed

    stopped, after, killed = run(_with_pool(PoolSettings(workers=1, timeout=0.3), body))
    assert stopped.result == "could_not_check"
    assert [(c.check, c.status, c.code) for c in stopped.checks] == [("proof", "could_not_check", "verify.timeout")]
    assert killed == 1
    assert after.format == "ob3-ldp"
    assert next(c for c in after.checks if c.check == "proof").status == "passed"


def test_a_job_over_the_memory_limit_is_could_not_check():
    big = json.dumps(credential(value=[{"k": "x" * 10} for _ in range(120_000)])).encode()

    async def body(pool):
        return await pool.verify(big), await pool.verify(SIMPLE)

    stopped, after = run(_with_pool(PoolSettings(workers=1, timeout=30, memory_mb=100), body, 8 * 1024 * 1024))
    assert stopped.result == "could_not_check"
    assert stopped.checks[0].code == "verify.memory"
    assert stopped.checks[0].reason == "not checked: verification needed more than 100 MB of memory and was stopped"
    assert next(c for c in after.checks if c.check == "proof").status == "passed"


def test_a_job_that_waits_too_long_for_a_worker_is_told_the_verifier_is_busy():
    async def body(pool):
        return await asyncio.gather(pool.verify(SLOW), pool.verify(SIMPLE))

    first, second = run(_with_pool(PoolSettings(workers=1, timeout=60, queue_timeout=0.2), body))
    assert first.result == "invalid"  # finished: the eight proofs do not match
    assert second.checks[0].code == "verify.busy"
    assert second.result == "could_not_check"


def test_input_errors_are_raised_as_in_process():
    async def body(pool):
        with pytest.raises(UnsupportedFormat):
            await pool.verify(b"hello")
        with pytest.raises(MalformedInput):
            await pool.verify(b'{"a": ')
        return await pool.verify(SIMPLE)

    assert run(_with_pool(PoolSettings(workers=1), body)).format == "ob3-ldp"


def test_a_cancelled_job_kills_its_worker_and_a_worker_killed_from_outside_is_replaced():
    import os
    import signal

    async def body(pool):
        task = asyncio.create_task(pool.verify(SLOW))  # the client goes away mid-job
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert (await pool.verify(SIMPLE)).format == "ob3-ldp"
        worker = pool._idle[0]
        killer = asyncio.get_running_loop().call_later(0.3, os.kill, worker.proc.pid, signal.SIGKILL)
        crashed = await pool.verify(SLOW)
        killer.cancel()
        return crashed, await pool.verify(SIMPLE)

    crashed, after = run(_with_pool(PoolSettings(workers=1, timeout=60), body))
    assert crashed.result == "could_not_check"
    assert crashed.checks[0].code == "verify.crashed"
    assert crashed.checks[0].reason == "not checked: the verifier stopped unexpectedly"
    assert after.format == "ob3-ldp"
