"""Hostile inputs (issue 10): how fast each is answered, and what the worker pool costs.

- in-process (`wallet_core.verify`): each hostile credential in its own fresh
  process, its answer time and the process's peak RSS;
- on a real server (`POST /api/v1/verify` on loopback, default settings): each
  one's answer time at the client, plus a chain of 8 proofs over a document inside
  the per-document bounds (the per-verification budget or the 1.5 s deadline stops it);
- `satchel verify` (a real subprocess) on all of them, one file after another;
- the OB 3.0 eddsa-rdfc-2022 verification rate in-process and through the pool.
Target: every hostile input answers within 2 s and 300 MB.

Run alone with `python -m tests.bench.hostile`.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.conftest import REPO, LiveServer
from tests.hostile import HOSTILE, hostile_bytes, slow_within_bounds

TARGET_SECONDS = 2.0
TARGET_MB = 300

ONE = """
import json, resource, sys, time
from tests.hostile import hostile_bytes
from wallet_core import verify
data = hostile_bytes(sys.argv[1])
start = time.perf_counter()
verdict = verify(data)
elapsed = time.perf_counter() - start
proof = next(c for c in verdict.checks if c.check == "proof")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "result": verdict.result, "reason": proof.reason}))
"""


def in_process(name: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", ONE, name], cwd=REPO, capture_output=True, text=True, timeout=600, check=True
    )
    return json.loads(out.stdout)


def post(url: str, body: bytes) -> tuple[float, dict]:
    start = time.perf_counter()
    request = urllib.request.Request(url + "/api/v1/verify", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        verdict = json.loads(response.read())["verdict"]
    return time.perf_counter() - start, verdict


def _signed_rdfc() -> bytes:
    from tests.bench.run import _bench_credentials

    return next(data for label, data, _ in _bench_credentials() if label.startswith("OB 3.0 eddsa-rdfc-2022 (did:key)"))


def pool_rates(seconds: float = 3.0) -> dict[str, float]:
    from server.verify.pool import PoolSettings, VerifierPool
    from server.verify.worker import WorkerSpec
    from wallet_core import VerifyOptions, verify

    data = _signed_rdfc()
    options = VerifyOptions()
    assert verify(data, options).result == "valid"
    rates = {}
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        verify(data, options)
        n += 1
    rates["in-process, one core"] = n / (time.perf_counter() - start)

    async def through_pool(workers: int, clients: int) -> float:
        pool = VerifierPool(WorkerSpec(offline=True), PoolSettings(workers=workers))
        try:
            for _ in range(workers * 3):  # start the workers, warm their caches
                await asyncio.gather(*(pool.verify(data) for _ in range(workers)))
            count = 0
            deadline = time.perf_counter() + seconds

            async def client():
                nonlocal count
                while time.perf_counter() < deadline:
                    verdict = await pool.verify(data)
                    assert verdict.result == "valid"
                    count += 1

            begin = time.perf_counter()
            await asyncio.gather(*(client() for _ in range(clients)))
            return count / (time.perf_counter() - begin)
        finally:
            await pool.close()

    rates["pool, 1 worker, 1 client"] = asyncio.run(through_pool(1, 1))
    rates["pool, 2 workers, 4 clients"] = asyncio.run(through_pool(2, 4))
    return rates


def print_hostile_inputs() -> bool:
    ok = True
    print("\n== Hostile inputs (issue 10): wallet_core in a fresh process ==")
    worst_time, worst_mb = 0.0, 0.0
    for name in HOSTILE:
        r = in_process(name)
        worst_time, worst_mb = max(worst_time, r["seconds"]), max(worst_mb, r["peak_mb"])
        print(f"{name:<34} {r['seconds'] * 1000:8.0f} ms  peak RSS {r['peak_mb']:6.1f} MB  {r['result']}")
        print(f"{'':<34} {r['reason']}")
    ok = ok and worst_time <= TARGET_SECONDS and worst_mb <= TARGET_MB

    print("\n== Hostile inputs: POST /api/v1/verify on a real server (default settings) ==")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        server = LiveServer(data, ["--offline"])
        try:
            post(server.url, hostile_bytes("nesting 900 deep"))  # start a worker
            cases = [(name, hostile_bytes(name)) for name in HOSTILE]
            cases.append(("8 chained proofs, ~15,000 values", json.dumps(slow_within_bounds()).encode()))
            for name, body in cases:
                seconds, verdict = post(server.url, body)
                worst_time = max(worst_time, seconds)
                code = next(c for c in verdict["checks"] if c["check"] == "proof").get("code")
                print(f"{name:<40} {seconds * 1000:8.0f} ms  {verdict['result']} ({code})")
            worker_mb = _worker_peak_mb(server.proc.pid)
            print(f"largest worker peak RSS afterwards: {worker_mb:.1f} MB (address space limit {TARGET_MB} MB)")
            begin = time.perf_counter()
            bodies = [b for _, b in cases]
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(40) as attack:
                futures = [attack.submit(post, server.url, bodies[i % len(bodies)]) for i in range(40)]
                time.sleep(0.3)
                health_start = time.perf_counter()
                with urllib.request.urlopen(server.url + "/api/v1/health", timeout=30) as r:
                    r.read()
                health = time.perf_counter() - health_start
                answers = [f.result()[0] for f in futures]
            print(
                f"40 hostile requests at once: all answered in {time.perf_counter() - begin:.1f} s "
                f"(slowest {max(answers):.1f} s); /api/v1/health meanwhile {health * 1000:.0f} ms"
            )
        finally:
            server.stop()
    ok = ok and worst_time <= TARGET_SECONDS

    print("\n== Hostile inputs: satchel verify, one file after another ==")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, name in enumerate(HOSTILE):
            path = Path(tmp) / f"hostile-{i}.json"
            path.write_bytes(hostile_bytes(name))
            files.append(str(path))
        slow = Path(tmp) / "slow.json"
        slow.write_text(json.dumps(slow_within_bounds()))
        files.append(str(slow))
        begin = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "server.cli", "verify", "--offline", "--json", *files],
            cwd=REPO, capture_output=True, timeout=600, check=False,
        )
        total = time.perf_counter() - begin
        print(f"{len(files)} files (5 hostile + the proof chain): {total:.1f} s in all, start-up included")
    print(f"target: every hostile input answered within {TARGET_SECONDS:g} s and {TARGET_MB} MB "
          f"(worst {worst_time:.2f} s, {worst_mb:.0f} MB in-process)")

    print("\n== OB 3.0 eddsa-rdfc-2022 verification rate: in-process vs the worker pool ==")
    for label, rate in pool_rates().items():
        print(f"{label:<30} {rate:8.1f} /s")
    return ok


def _worker_peak_mb(server_pid: int) -> float:
    """Largest peak RSS (VmHWM) among the server's child processes (the fork server
    and the verification workers it forked), from /proc."""
    peak = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        pid = int(status.parent.name)
        if pid == server_pid or not _descends_from(pid, server_pid):
            continue
        try:
            text = status.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
    return peak


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False
        pid = int(next(line for line in text.splitlines() if line.startswith("PPid:")).split()[1])
    return False


if __name__ == "__main__":
    sys.exit(0 if print_hostile_inputs() else 1)
