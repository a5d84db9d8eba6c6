"""Load-and-kill harness: many clients call every write route of a real Satchel
server at once (routes served on the event loop and routes served from worker
threads), the server is SIGKILLed and restarted on the same data folder several
times, and afterwards every write the server acknowledged must be in the
database (the SQLite file, or the PostgreSQL database). On PostgreSQL the
database server itself is also crash-restarted (``pg_ctl restart -m
immediate``) mid-load, and the Satchel server must carry on without a restart.

A write is *acknowledged* when the client received its success status; a
request cut off by a kill is not acknowledged (it may or may not be stored).
A 5xx is an error unless its request was in flight while PostgreSQL restarted.
Used by tests/load/test_writes_survive_kills.py and by `make bench`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from server.security.tokens import hash_secret
from server.storage import is_postgresql, open_database
from tests.accounts.authenticator import SoftAuthenticator
from tests.accounts.conftest import Device
from tests.conftest import REPO, free_port
from tests.issuer.wallet import Wallet, csrf_in_page, offer_from_uri, offer_uri_in_page
from tests.shares.helpers import Learner

AWARD_ID = re.compile(r"/console/awards/([^/\"]+)/claim")
PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def child_processes(parent: int, marker: str) -> list[int]:
    """Live child processes of ``parent`` whose command line contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, …
        if int(fields[1]) == parent and fields[0] != "Z" and marker in cmdline:
            found.append(int(entry.name))
    return sorted(found)


class Server:
    """tests/load/server.py in a child process; kill() is SIGKILL, start() reuses the port.
    With ``workers`` > 1 the process is uvicorn's supervisor and the workers are its
    children (``worker_pids``); kill() kills the supervisor first, then them."""

    def __init__(
        self,
        data_dir: Path,
        workers: int = 1,
        extra_args: list[str] | None = None,
        *,
        public_is_url: bool = False,
        database: str | None = None,
    ) -> None:
        """``public_is_url``: the server's public URL is ``url`` (http://127.0.0.1:PORT),
        not http://localhost:PORT."""
        self.data_dir = data_dir
        self.workers = workers
        self.database = database
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.public_url = self.url if public_is_url else f"http://localhost:{self.port}"
        self.extra_args = [*(["--workers", str(workers)] if workers > 1 else []), *(extra_args or [])]
        self.extra_args += ["--public-url", self.public_url]
        self.proc: subprocess.Popen | None = None
        self.logs: list[Path] = []

    def start(self) -> None:
        log_path = self.data_dir.parent / f"load-server-{len(self.logs)}.log"
        self.logs.append(log_path)
        args = [sys.executable, "-m", "tests.load.server", "--port", str(self.port), "--data-dir", str(self.data_dir)]
        args += self.extra_args
        args += ["--database", self.database] if self.database else []
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(args, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        started = time.monotonic()
        deadline = started + 90  # a hang guard: a loaded machine may take long to start Python
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=1).status_code == 200 and (
                    len(self.worker_pids()) == self.workers or self.workers == 1
                ):
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def wait_for_database(self, timeout: float = 60) -> float:
        """Seconds until the running server answers from its database again (the
        health route reads the applied migrations); raises after ``timeout``."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=timeout).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the server did not reach its database again within {timeout} s")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            workers = self.worker_pids()
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            for pid in workers:  # orphans now: nobody else stops them
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        """SIGTERM: uvicorn stops its workers, and each its verifier pool."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def worker_pids(self) -> list[int]:
        """The uvicorn worker processes serving now (children of the supervisor)."""
        if self.workers == 1 or self.proc is None:
            return [self.proc.pid] if self.proc else []
        return child_processes(self.proc.pid, "spawn_main")

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs if p.exists())


@dataclass
class Ledger:
    """What the server acknowledged, and every answer it gave."""

    oid4vci_nonces: list[str] = field(default_factory=list)
    share_nonces: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)  # hash_secret(challenge)
    accounts: list[str] = field(default_factory=list)
    backups: dict[str, int] = field(default_factory=dict)  # account id -> newest acknowledged version
    sync_items: dict[tuple[str, str], int] = field(default_factory=dict)  # (account, item) -> version
    shares: list[str] = field(default_factory=list)
    revoked_shares: list[str] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    revoked_awards: list[str] = field(default_factory=list)
    access_tokens: list[str] = field(default_factory=list)  # hash_secret(access token)
    issued: list[tuple[str, str]] = field(default_factory=list)  # (token hash, configuration) fetched
    statuses: Counter = field(default_factory=Counter)
    # (time.monotonic() of the answer, "METHOD path -> 5xx body" or "unexpected answer: …")
    problems: list[tuple[float, str]] = field(default_factory=list)
    connection_errors: int = 0  # requests cut off (a killed process): no answer at all
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, response: httpx.Response) -> httpx.Response:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500 or "database is locked" in response.text:
                self.problem(f"{response.request.method} {response.request.url.path} -> "
                             f"{response.status_code} {response.text[:200]}")
        return response

    def problem(self, text: str) -> None:
        self.problems.append((time.monotonic(), text))

    def split_problems(self, restarts: list[tuple[float, float]]) -> tuple[list[str], list[str]]:
        """(errors, answers to requests in flight while PostgreSQL restarted): a
        statement cut off by the restart fails at once, so such an answer comes
        between the restart's start and its end (plus a second of slack)."""
        errors, in_flight = [], []
        for at, text in self.problems:
            during = any(start <= at <= end + 1.0 for start, end in restarts)
            (in_flight if during else errors).append(text)
        return errors, in_flight

    KINDS = (
        "oid4vci_nonces", "share_nonces", "challenges", "accounts", "backups", "sync_items",
        "shares", "revoked_shares", "awards", "revoked_awards", "access_tokens", "issued",
    )

    def by_kind(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in self.KINDS}


class Load:
    """Client threads, each looping over one kind of write until stop()."""

    def __init__(self, server: Server, ledger: Ledger, clients_per_kind: int = 2) -> None:
        self.server = server
        self.ledger = ledger
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, args=(work,), daemon=True)
            for work in (
                self._oid4vci_nonces, self._share_nonces, self._register_options,
                self._accounts, self._shares, self._awards,
            )
            for _ in range(clients_per_kind)
        ]
        self.writes = 0
        # The share writers' credentials are awarded by the issuer before the load and
        # the kills start (tests/issued.py writes to the database beside the server).
        self.share_learners = []
        for _ in range(clients_per_kind):
            learner = Learner()
            self.share_learners.append((learner, learner.credential(server)))
        self._share_turn = itertools.count()

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def stop(self) -> None:
        self.stopping.set()
        for t in self.threads:
            t.join(60)

    def _run(self, work) -> None:
        with httpx.Client(base_url=self.server.url, timeout=30) as http:
            while not self.stopping.is_set():
                try:
                    work(http)
                except (httpx.TransportError, ConnectionError):
                    with self.ledger.lock:
                        self.ledger.connection_errors += 1
                    time.sleep(0.05)  # the server is down (killed); not acknowledged
                except AssertionError as exc:  # a helper's expectation (tests/shares/helpers.py) failed
                    with self.ledger.lock:
                        self.ledger.problem(f"unexpected answer: {str(exc)[:200]}")

    def _post(self, http: httpx.Client, path: str, **kwargs) -> httpx.Response:
        return self.ledger.answer(http.post(path, **kwargs))

    # -- event-loop and worker-thread nonces, passkey challenges -----------------
    def _oid4vci_nonces(self, http: httpx.Client) -> None:
        r = self._post(http, "/oid4vci/nonce")
        if r.status_code == 200:
            with self.ledger.lock:
                self.ledger.oid4vci_nonces.append(r.json()["c_nonce"])

    def _share_nonces(self, http: httpx.Client) -> None:
        r = self._post(http, "/api/v1/shares/nonce")
        if r.status_code == 200:
            with self.ledger.lock:
                self.ledger.share_nonces.append(r.json()["nonce"])

    def _register_options(self, http: httpx.Client) -> None:
        r = self._post(http, "/api/v1/account/register/options", json={"display_name": "load"},
                       headers={"Origin": self.server.public_url})
        if r.status_code == 200:
            with self.ledger.lock:
                self.ledger.challenges.append(hash_secret(r.json()["challenge"]))

    # -- accounts, encrypted backups, sync items --------------------------------
    def _accounts(self, http: httpx.Client) -> None:
        device = Device(http, self.server.public_url, SoftAuthenticator(self.server.public_url, "localhost"))
        device.client = _Answering(http, self.ledger)
        if device.register().status_code != 201:
            return
        account = device.account["id"]
        with self.ledger.lock:
            self.ledger.accounts.append(account)
        version = 0
        for round_ in range(40):
            if self.stopping.is_set():
                return
            r = device.request("PUT", "/api/v1/backup", json={"ciphertext": "AAAA" * 8, "keys": {"round": round_}},
                               headers={"If-Match": str(version)})
            if r.status_code == 200:
                version = r.json()["version"]
                with self.ledger.lock:
                    self.ledger.backups[account] = version
            elif r.status_code == 412:  # an earlier upload landed but its answer was cut off by a kill
                version = device.request("GET", "/api/v1/backup").json()["version"]
            items = [{"id": f"i{round_}x{n}", "base_version": 0, "ciphertext": "QUJD"} for n in range(5)]
            r = device.request("POST", "/api/v1/sync", json={"items": items})
            if r.status_code == 200:
                with self.ledger.lock:
                    for result in r.json()["results"]:
                        if result["status"] == "accepted":
                            self.ledger.sync_items[(account, result["id"])] = result["version"]

    # -- share links ------------------------------------------------------------
    def _shares(self, http: httpx.Client) -> None:
        learner, credential = self.share_learners[next(self._share_turn) % len(self.share_learners)]
        for n in range(200):
            if self.stopping.is_set():
                return
            body = learner.share_body(learner.present(http, [credential]))
            r = self._post(http, "/api/v1/shares", json=body)
            if r.status_code != 201:
                continue
            share = r.json()["id"]
            with self.ledger.lock:
                self.ledger.shares.append(share)
            if n % 4 == 0:
                gone = self.ledger.answer(http.delete(f"/api/v1/shares/{share}", headers=learner.auth))
                if gone.status_code == 200:
                    with self.ledger.lock:
                        self.ledger.revoked_shares.append(share)

    # -- issuer console awards (signed in a worker thread) ----------------------
    def _awards(self, http: httpx.Client) -> None:
        database = ["--database", self.server.database] if self.server.database else []
        token = subprocess.run(
            [sys.executable, "-m", "server.cli", "admin-token", "--data-dir", str(self.server.data_dir), *database],
            cwd=REPO, capture_output=True, text=True, check=True,
        ).stdout.strip().rsplit(" ", 1)[-1]
        origin = {"Origin": self.server.public_url}
        http.cookies.clear()
        if self._post(http, "/console/login", data={"token": token}, headers=origin).status_code != 303:
            return
        csrf = csrf_in_page(self.ledger.answer(http.get("/console")).text)
        wallet = Wallet()
        for n in range(200):
            if self.stopping.is_set():
                return
            form = {"csrf": csrf, "achievement": "green-finance", "subject": wallet.did, "lang": "en"}
            r = self._post(http, "/console/awards", data=form, headers=origin)
            if r.status_code != 303:  # POST-redirect-GET: the award page shows the offer once
                continue
            r = self.ledger.answer(http.get(r.headers["location"]))
            if r.status_code != 200:
                continue
            award = AWARD_ID.search(r.text).group(1)
            with self.ledger.lock:
                self.ledger.awards.append(award)
            if n % 2 == 0:
                self._redeem(http, wallet, offer_from_uri(offer_uri_in_page(r.text)))
            if n % 4 == 0:
                form = {"csrf": csrf, "action": "revoke"}
                r = self._post(http, f"/console/awards/{award}/status", data=form, headers=origin)
                if r.status_code == 303:
                    with self.ledger.lock:
                        self.ledger.revoked_awards.append(award)

    def _redeem(self, http: httpx.Client, wallet: Wallet, offer: dict) -> None:
        """The OID4VCI exchange (token and credential endpoints run in worker threads)."""
        code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
        r = self._post(http, "/oid4vci/token", data={"grant_type": PRE_AUTH, "pre-authorized_code": code})
        if r.status_code != 200:
            return
        token = r.json()
        token_hash = hash_secret(token["access_token"])
        with self.ledger.lock:
            self.ledger.access_tokens.append(token_hash)
        configuration = offer["credential_configuration_ids"][0]
        r = self._post(http, "/oid4vci/nonce")  # OID4VCI 1.0: the only source of nonces
        if r.status_code != 200:
            return
        body = {
            "credential_configuration_id": configuration,
            "proofs": {"jwt": [wallet.proof(self.server.public_url, r.json()["c_nonce"])]},
        }
        r = self._post(http, "/oid4vci/credential", json=body,
                       headers={"Authorization": f"Bearer {token['access_token']}"})
        if r.status_code == 200:
            with self.ledger.lock:
                self.ledger.issued.append((token_hash, configuration))


class _Answering:
    """An httpx.Client whose every answer is counted in the ledger (for Device)."""

    def __init__(self, http: httpx.Client, ledger: Ledger) -> None:
        self._http = http
        self._ledger = ledger
        self.cookies = http.cookies

    def request(self, *args, **kwargs) -> httpx.Response:
        return self._ledger.answer(self._http.request(*args, **kwargs))


@dataclass
class Outcome:
    seconds: float
    kills: int
    requests: int
    by_kind: dict[str, int]
    lost: list[str]
    server_errors: list[str]
    integrity: str
    workers: int = 1
    connection_errors: int = 0
    replaced: int = 0  # killed workers that uvicorn's supervisor replaced
    database_restarts: int = 0
    restart_errors: list[str] = field(default_factory=list)
    # seconds from the end of each PostgreSQL restart until the same server process
    # answered from the database again
    reconnect_seconds: list[float] = field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return sum(self.by_kind.values())

    @property
    def writes_per_second(self) -> float:
        return self.acknowledged / self.seconds


def kill_one_worker(server: Server, turn: int) -> bool:
    """SIGKILL one of the server's worker processes (the others keep serving);
    True once uvicorn's supervisor has started a worker in its place."""
    before = server.worker_pids()
    victim = before[turn % len(before)]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = server.worker_pids()
        if victim not in now and len(now) == len(before):
            return True
        time.sleep(0.05)
    return False


def run(
    data_dir: Path,
    seconds: float = 20.0,
    kills: int = 3,
    clients_per_kind: int = 2,
    workers: int = 1,
    server_args: list[str] | None = None,
    *,
    database: str | None = None,
    cluster=None,
    database_restarts: int = 0,
) -> Outcome:
    """Load the server for ``seconds``; at even intervals SIGKILL and restart it
    ``kills`` times (with ``workers`` > 1 each kill is one worker process's, and the
    supervisor replaces it) and (PostgreSQL: ``database`` in the tests/pg.py
    ``cluster``) crash-restart PostgreSQL ``database_restarts`` times; stop it with a
    last SIGKILL, then check the database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    server = Server(data_dir, workers, server_args, database=database)
    server.start()
    replaced = 0
    ledger = Ledger()
    load = Load(server, ledger, clients_per_kind)
    events = ["kill"] * kills
    for n in range(database_restarts):  # between the kills
        events.insert(1 + 2 * n, "database restart")
    restarts: list[tuple[float, float]] = []
    reconnected: list[float] = []
    started = time.monotonic()
    load.start()
    try:
        for n, event in enumerate(events):
            time.sleep(seconds / (len(events) + 1))
            if event == "kill":
                if workers > 1:
                    replaced += kill_one_worker(server, n)
                else:
                    server.kill()
                    server.start()
            else:
                begun = time.monotonic()
                cluster.restart_immediate()
                restarts.append((begun, time.monotonic()))
                reconnected.append(server.wait_for_database())
        time.sleep(seconds / (len(events) + 1))
    finally:
        server.kill()
        load.stop()
    elapsed = time.monotonic() - started
    lost, integrity = missing_writes(database or data_dir / "satchel.db", ledger)
    log = server.log_text()
    errors, in_flight = ledger.split_problems(restarts)
    if database_restarts:  # the in-flight requests' tracebacks: as many as their 5xx answers
        # A verification that could not read a status list from the restarting database
        # logs its traceback and answers "could not check" (a verdict, not a 5xx).
        tracebacks = sum(
            "wallet_core/verifier.py" not in block for block in log.split("Traceback")[1:]
        )
        if tracebacks > len(in_flight):
            errors.append(f"{tracebacks} tracebacks in the log for {len(in_flight)} in-flight requests")
        errors += [line for line in log.splitlines() if "database is locked" in line]
    else:
        errors += [line for line in log.splitlines() if "Traceback" in line or "database is locked" in line]
    return Outcome(
        elapsed, kills, sum(ledger.statuses.values()), ledger.by_kind(), lost, errors, integrity,
        workers, ledger.connection_errors, replaced, len(restarts), in_flight, reconnected,
    )


def missing_writes(database: Path | str, ledger: Ledger) -> tuple[list[str], str]:
    """Every acknowledged write not found in the database (read on a fresh connection
    after the last kill), and SQLite's PRAGMA integrity_check ("ok" on PostgreSQL,
    whose crash recovery replays its WAL)."""
    db = open_database(database)
    try:
        integrity = "ok" if is_postgresql(db) else db.execute("PRAGMA integrity_check").fetchone()[0]
        lost: list[str] = []

        # (query that finds the write, [(arguments, what the write was)] for each acknowledged one)
        checks = [
            ("select 1 from nonces where nonce = ?",
             [([n], f"oid4vci nonce {n}") for n in ledger.oid4vci_nonces]),
            ("select 1 from share_nonces where nonce = ?",
             [([n], f"share nonce {n}") for n in ledger.share_nonces]),
            ("select 1 from webauthn_challenges where challenge_hash = ?",
             [([k], f"passkey challenge {k}") for k in ledger.challenges]),
            ("select 1 from accounts where id = ?",
             [([a], f"account {a}") for a in ledger.accounts]),
            ("select 1 from backups where account_id = ? and version >= ?",
             [([a, v], f"backup v{v} of {a}") for a, v in ledger.backups.items()]),
            ("select 1 from sync_items where account_id = ? and item_id = ? and version >= ?",
             [([a, i, v], f"sync item {i} of {a}") for (a, i), v in ledger.sync_items.items()]),
            ("select 1 from shares where id = ?",
             [([s], f"share {s}") for s in ledger.shares]),
            ("select 1 from shares where id = ? and revoked is not null",
             [([s], f"revocation of share {s}") for s in ledger.revoked_shares]),
            ("select 1 from awards where id = ?",
             [([a], f"award {a}") for a in ledger.awards]),
            ("select 1 from awards where id = ? and revoked = 1",
             [([a], f"revocation of award {a}") for a in ledger.revoked_awards]),
            ("select 1 from access_tokens where token_hash = ?",
             [([t], f"access token {t}") for t in ledger.access_tokens]),
            ("select 1 from access_tokens where token_hash = ? and replace(configs_used || ',', ?, '') <> configs_used || ','",
             [([t, f",{c},"], f"issuance of {c} for {t}") for t, c in ledger.issued]),
        ]
        for sql, writes in checks:
            lost += [what for args, what in writes if db.execute(sql, args).fetchone() is None]
        return lost, integrity
    finally:
        db.close()
