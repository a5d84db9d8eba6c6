"""Scale bench (`make bench`): Satchel on SQLite and PostgreSQL, with 1 and 2 workers.

Each row starts the real `satchel serve` on a free loopback port with a temporary
data folder (and, for PostgreSQL, a fresh database in a throwaway cluster of
tests/pg.py, durable as SQLite's file is: fsync on), with --trusted-proxies 127.0.0.1: every simulated client names
itself in X-Forwarded-For as Caddy does for real ones (docs/deploy.md), so the
per-client rate limits apply as in production and no single test address hits them.
Everything goes through HTTP, so every row runs the same code whatever the engine.

Measured in each row:
- share page, cold: the first view of each of SHARES share links (three
  credentials each), verification runs. The verdict cached when a share is made
  lives VERDICT_TTL seconds, so the cold views start that long after the last
  share was made; the award and backup figures are taken meanwhile.
- share page, warm: wrk on one share page (cached verdict), a new client
  address per request (Lua).
- award: issuer console awards (POST /console/awards: an OB 3.0 credential
  signed and stored), CLIENTS clients on one console session.
- backup upload: PUT /api/v1/backup of 64 KiB of ciphertext, one passkey account
  per client.
The figure to watch is PG-2 / PG-1: how far a second worker lifts throughput on
this 2-core machine, where the load generator and the database share the cores.
"""

from __future__ import annotations

import itertools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from server.security.tokens import b64url
from tests import pg
from tests.bench.shares import wrk
from tests.conftest import REPO, free_port

VERDICT_TTL = 60.0  # server/shares ShareConfig.verdict_ttl
SHARES = 150
CLIENTS = 8
SECONDS = 8
BACKUP_BYTES = 64 * 1024
SLUGS = ["ai-foundations", "cloud-computing-basics", "green-finance"]
TOKEN_LINE = re.compile(r"One-time admin token \(shown once\): (\S+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
AWARD_ID = re.compile(r"/console/awards/([^/?\"]+)")
# wrk: each request from its own client address (4,096 of them, reused in turn).
WRK_CLIENTS_LUA = """
local n = 0
request = function()
  n = n + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.200.%d.%d", math.floor(n / 256) % 16, n % 256)
  return wrk.format(nil)
end
"""


@dataclass(frozen=True)
class Row:
    label: str
    engine: str  # "sqlite" or "postgresql"
    workers: int


ROWS = [
    Row("SQLite, 1 worker", "sqlite", 1),
    Row("PostgreSQL, 1 worker", "postgresql", 1),
    Row("PostgreSQL, 2 workers", "postgresql", 2),
    Row("SQLite, 2 workers", "sqlite", 2),
]
METRICS = [("cold", "share page, cold"), ("warm", "share page, warm"), ("award", "award"), ("backup", "backup upload")]


@dataclass
class Figures:
    rps: float
    p50: float  # ms
    p99: float  # ms
    errors: int
    problems: list[str] = field(default_factory=list)  # the first few failures, described


_addresses = itertools.count(1)


def client_address() -> str:
    """A client address not used before in this run (10.0.0.0/9)."""
    n = next(_addresses)
    return f"10.{(n >> 16) & 127}.{(n >> 8) & 255}.{n & 255}"


class Tally:
    """Latencies of the requests that succeeded, and the failures."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.problems: list[str] = []
        self.lock = threading.Lock()

    def add(self, seconds: float, problem: str | None) -> None:
        with self.lock:
            if problem is None:
                self.latencies.append(seconds)
            else:
                self.problems.append(problem)

    def figures(self, elapsed: float) -> Figures:
        if len(self.latencies) < 2:
            raise RuntimeError(f"too few answers to measure ({len(self.latencies)}; failures: {self.problems[:3]})")
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return Figures(len(self.latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000,
                       len(self.problems), sorted(set(self.problems))[:3])


def failure(r: httpx.Response, expected: int) -> str | None:
    """None when ``r`` has the expected status, else what it was."""
    return None if r.status_code == expected else f"{r.request.method} {r.status_code}: {r.text[:120]}"


def load(clients: list[Callable[[], str | None]], seconds: float) -> Figures:
    """Closed loop: each client calls its function (one request; None when it
    succeeded, else what went wrong) again and again for ``seconds``."""
    tally = Tally()
    stop = time.monotonic() + seconds

    def run(step: Callable[[], str | None]) -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            problem = step()
            tally.add(time.perf_counter() - started, problem)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.figures(time.monotonic() - started)


def once_each(items: list, step: Callable[[httpx.Client, object], str | None], base_url: str, clients: int) -> Figures:
    """Every item handled once by ``step``, ``clients`` at a time."""
    tally = Tally()
    lock = threading.Lock()
    queue = iter(items)

    def run() -> None:
        with httpx.Client(base_url=base_url, timeout=60) as http:
            while True:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                started = time.perf_counter()
                problem = step(http, item)
                tally.add(time.perf_counter() - started, problem)

    started = time.monotonic()
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.figures(time.monotonic() - started)


class Satchel:
    """`satchel serve` in a child process, stdout kept for the first-start admin token."""

    def __init__(self, data: Path, workers: int, database: str | None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.public_url = f"http://localhost:{self.port}"
        self.log_path = data.parent / f"satchel-{self.port}.log"
        args = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port), "--data-dir", str(data),
                "--offline", "--trusted-proxies", "127.0.0.1", "--log-level", "warning"]
        if workers > 1:
            args += ["--workers", str(workers)]
        env = dict(os.environ)
        for name in ("SATCHEL_DATABASE", "SATCHEL_KEK"):  # this row's engine; its own new KEK file
            env.pop(name, None)
        if database:
            args += ["--database", database]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(args, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"satchel serve did not start:\n{self.log_path.read_text()[-2000:]}")
            time.sleep(0.1)

    def admin_token(self) -> str:
        match = TOKEN_LINE.search(self.log_path.read_text())
        if not match:
            raise RuntimeError("satchel serve printed no first-start admin token")
        return match.group(1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class Console:
    """The issuer console, signed in once with the first-start token."""

    def __init__(self, server: Satchel):
        self.server = server
        self.origin = {"Origin": server.public_url}
        with httpx.Client(base_url=server.url, timeout=60) as http:
            r = http.post("/console/login", data={"token": server.admin_token()}, headers=self.origin)
            assert r.status_code == 303, r.text
            self.cookies = dict(http.cookies)
            self.csrf = CSRF.search(http.get("/console").text).group(1)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.server.url, timeout=60, cookies=self.cookies)

    def award(self, http: httpx.Client, subject: str, slug: str = "green-finance") -> httpx.Response:
        form = {"csrf": self.csrf, "achievement": slug, "subject": subject, "lang": "en"}
        return http.post("/console/awards", data=form, headers=self.origin)

    def credential(self, http: httpx.Client, subject: str, slug: str) -> dict:
        r = self.award(http, subject, slug)
        assert r.status_code == 303, r.text
        award_id = AWARD_ID.search(r.headers["location"]).group(1)
        r = http.get(f"/console/awards/{award_id}/credential.json")
        assert r.status_code == 200, r.text
        return r.json()


def make_shares(server: Satchel, console: Console) -> list[str]:
    """SHARES share links of one learner's three credentials; returns their page paths."""
    from tests.shares.helpers import Learner

    learner = Learner()
    with console.client() as http:
        credentials = [console.credential(http, learner.did, slug) for slug in SLUGS]

    def make(_n: int) -> str:
        # On a loaded machine a presentation can outrun the verification deadline
        # (refused, "presentation_not_checked"): the set-up tries again.
        for _attempt in range(5):
            with httpx.Client(base_url=server.url, timeout=60, headers={"X-Forwarded-For": client_address()}) as http:
                body = learner.share_body(learner.present(http, credentials), label="Scale bench")
                r = http.post("/api/v1/shares", json=body)
            if r.status_code != 422 or r.json().get("error") != "presentation_not_checked":
                break
        assert r.status_code == 201 and r.json()["result"] == "valid", r.text
        return f"/s/{r.json()['token']}"

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(make, range(SHARES)))


def view(http: httpx.Client, path: str) -> str | None:
    r = http.get(path, headers={"X-Forwarded-For": client_address()})
    shown = r.text.count('class="cred"')
    if r.status_code == 200 and shown != len(SLUGS):
        return f"the page shows {shown} credentials, not {len(SLUGS)}"
    if r.status_code == 200 and 'class="banner valid"' not in r.text:
        banner = re.search(r'class="banner ([a-z_]+)"', r.text)
        return f"the verdict is {banner.group(1) if banner else 'missing'}, not valid"
    return failure(r, 200)


def award_load(console: Console) -> Figures:
    from tests.shares.helpers import Learner

    def client() -> Callable[[], str | None]:
        http = console.client()
        subject = Learner().did
        return lambda: failure(console.award(http, subject), 303)

    return load([client() for _ in range(CLIENTS)], SECONDS)


def backup_load(server: Satchel) -> Figures:
    from tests.accounts.authenticator import SoftAuthenticator
    from tests.accounts.conftest import Device

    ciphertext = b64url(os.urandom(BACKUP_BYTES))  # what the PWA uploads: AES-GCM output, base64url

    def client() -> Callable[[], str | None]:
        http = httpx.Client(base_url=server.url, timeout=60, headers={"X-Forwarded-For": client_address()})
        device = Device(http, server.public_url, SoftAuthenticator(server.public_url, "localhost"))
        assert device.register().status_code == 201
        version = [0]

        def put() -> str | None:
            r = device.request("PUT", "/api/v1/backup", json={"ciphertext": ciphertext, "keys": {"v": 1}},
                               headers={"If-Match": str(version[0])})
            if r.status_code == 200:
                version[0] = r.json()["version"]
            return failure(r, 200)

        return put

    return load([client() for _ in range(CLIENTS)], SECONDS)


def warm_page(server: Satchel, path: str, script: Path) -> Figures:
    url = server.url + path
    wrk(url, 2, script=script)  # warm-up
    r = wrk(url, SECONDS, script=script)
    return Figures(r["rps"], r["p50"], r["p99"], r["non2xx"], ["non-2xx answers to wrk"] if r["non2xx"] else [])


def measure(row: Row, database: str | None) -> dict[str, Figures]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        script = Path(tmp) / "clients.lua"
        script.write_text(WRK_CLIENTS_LUA)
        server = Satchel(data, row.workers, database)
        try:
            console = Console(server)
            paths = make_shares(server, console)
            shared_at = time.monotonic()
            results = {"award": award_load(console), "backup": backup_load(server)}
            time.sleep(max(0.0, shared_at + VERDICT_TTL + 1 - time.monotonic()))
            results["cold"] = once_each(paths, view, server.url, CLIENTS)
            results["warm"] = warm_page(server, paths[0], script)
            return results
        finally:
            server.stop()


def run_rows(rows: list[Row] = ROWS) -> dict[str, dict[str, Figures]]:
    results: dict[str, dict[str, Figures]] = {}
    cluster = pg.Cluster(settings=pg.DURABLE) if any(row.engine == "postgresql" for row in rows) else None
    try:
        for row in rows:
            database = cluster.create_database(migrated=False) if cluster and row.engine == "postgresql" else None
            try:
                results[row.label] = measure(row, database)
            finally:
                if database:
                    cluster.drop_database(database)
            print_row(row.label, results[row.label])
    finally:
        if cluster:
            cluster.stop()
    return results


def print_row(label: str, result: dict[str, Figures]) -> None:
    for key, name in METRICS:
        f = result[key]
        print(f"{label:<24} {name:<18} {f.rps:8.1f} req/s   p50 {f.p50:7.1f} ms   p99 {f.p99:7.1f} ms"
              + (f"   ({f.errors} errors)" if f.errors else ""), flush=True)
        for problem in f.problems:
            print(f"{'':<24}   failed: {problem}", flush=True)


RATIOS = [
    ("PG-1 / SQLite-1", "PostgreSQL, 1 worker", "SQLite, 1 worker"),
    ("PG-2 / PG-1 (scaling)", "PostgreSQL, 2 workers", "PostgreSQL, 1 worker"),
    ("SQLite-2 / SQLite-1", "SQLite, 2 workers", "SQLite, 1 worker"),
]


def print_ratios(results: dict[str, dict[str, Figures]]) -> None:
    print(f"{'throughput ratio':<24} " + "".join(f"{name:>18}" for _key, name in METRICS))
    for label, top, bottom in RATIOS:
        if top in results and bottom in results:
            cells = "".join(f"{results[top][k].rps / results[bottom][k].rps:>17.2f}x" for k, _n in METRICS)
        else:
            cells = f"{'waiting for the rows above':>72}"
        print(f"{label:<24} {cells}")


def print_scale() -> bool:
    print(f"\n== Scale: satchel serve on SQLite / PostgreSQL, 1 and 2 workers ({CLIENTS} clients, {SECONDS} s each;"
          f" cold = first views of {SHARES} shares of 3 credentials) ==", flush=True)
    results = run_rows()
    print_ratios(results)
    return all(f.errors == 0 for result in results.values() for f in result.values())


if __name__ == "__main__":
    sys.exit(0 if print_scale() else 1)
