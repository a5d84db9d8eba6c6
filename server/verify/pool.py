"""Verification with a hard deadline: a small pool of worker processes.

Canonicalisation bounds (wallet_core/canonical.py) stop the hostile inputs we
know about; the deadline stops the ones we do not. Each job runs in a worker
process (server/verify/worker.py) and is awaited without holding a thread, so
slow credentials can neither block the event loop nor exhaust the thread pool:

- at most ``workers`` jobs run at once; others wait for a free worker for at most
  ``queue_timeout`` seconds, then answer "the verifier is busy" (could_not_check);
- a job still running after ``timeout`` seconds has its worker killed (SIGKILL)
  and answers "verification took too long" (could_not_check); the next job starts
  a fresh worker;
- a worker's address space is limited to ``memory_mb``: a job that needs more
  answers "needed too much memory" (could_not_check).

Workers are forked from a multiprocessing fork server that has imported
wallet_core once, so replacing a killed worker costs milliseconds; they start on
first use (not counted against the deadline) and stay up for the next job.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec

from server.verify.worker import Job, Reply, WorkerSpec, serve
from wallet_core import errors, reasons
from wallet_core.presentations import PresentationVerdict
from wallet_core.verdict import Display, IssuerInfo, Verdict

STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class PoolSettings:
    workers: int = 2
    timeout: float = 1.5  # seconds one job may run
    queue_timeout: float = 10.0  # seconds a job may wait for a free worker
    memory_mb: int = 300  # address space of one worker


class _Stopped(Exception):
    """The job did not finish: ``code`` and ``params`` say why (a verify.* reason)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code, self.params = code, params


class _Worker:
    """One worker process and the parent's end of its pipe, awaited without threads."""

    def __init__(self, proc, conn):
        self.proc, self.conn = proc, conn

    async def _readable(self, fd: int) -> None:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await ready
        finally:
            loop.remove_reader(fd)

    async def call(self, body: bytes) -> bytes:
        self.conn.send_bytes(body)  # the worker is idle and reading: this does not wait
        return await self.read()

    async def read(self) -> bytes:
        await self._readable(self.conn.fileno())
        return self.conn.recv_bytes()

    async def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, ValueError):
            self.proc.kill()
        await self._reap()

    async def _reap(self) -> None:
        with contextlib.suppress(ValueError, OSError):
            if self.proc.exitcode is None:
                await self._readable(self.proc.sentinel)
        with contextlib.suppress(ValueError, OSError):
            self.proc.join(0)
            self.proc.close()
        self.conn.close()

    async def close(self) -> None:
        self.conn.close()  # the worker's recv ends: it exits
        try:
            await asyncio.wait_for(self._reap(), 2)
        except TimeoutError:
            await self.kill()


def _context():
    """The multiprocessing fork server, preloaded with the worker (wallet_core, PyLD)."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["server.verify.worker"])
    return _CONTEXT


_CONTEXT = None


class VerifierPool:
    def __init__(self, spec: WorkerSpec, settings: PoolSettings | None = None):
        self.settings = settings or PoolSettings()
        self.spec = msgspec.structs.replace(spec, memory_mb=self.settings.memory_mb)
        self._idle: list[_Worker] = []
        self._slots: asyncio.Semaphore | None = None
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(Reply)
        self.killed = 0  # workers killed for running too long (figures, tests)

    # -- public ---------------------------------------------------------------

    async def verify(self, data: bytes) -> Verdict:
        """Verify credential bytes; raises wallet_core InputError like ``verify``."""
        try:
            reply = await self._run(Job("credential", bytes(data)))
        except _Stopped as stop:
            return stopped_verdict(data, stop.code, stop.params)
        return msgspec.json.decode(reply.verdict, type=Verdict)

    async def verify_presentation(
        self, presentation: str, audience: str, nonce: str | None, accepted_at: float | None = None
    ) -> PresentationVerdict:
        """``server.shares.service.verify_for_share`` in a worker."""
        job = Job("presentation", presentation.encode("utf-8", "surrogatepass"), audience, nonce, accepted_at)
        try:
            reply = await self._run(job)
        except _Stopped as stop:
            return stopped_presentation(stop.code, stop.params)
        return msgspec.json.decode(reply.verdict, type=PresentationVerdict)

    async def verify_ldp_presentation(self, presentation: bytes, audience: str, nonce: str | None) -> PresentationVerdict:
        """``wallet_core.vp_ldp.verify_ldp_presentation`` (a JSON-LD presentation) in a worker."""
        try:
            reply = await self._run(Job("ldp_presentation", bytes(presentation), audience, nonce))
        except _Stopped as stop:
            return stopped_presentation(stop.code, stop.params)
        return msgspec.json.decode(reply.verdict, type=PresentationVerdict)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        await asyncio.gather(*(w.close() for w in idle), return_exceptions=True)

    # -- running a job --------------------------------------------------------

    async def _run(self, job: Job) -> Reply:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.settings.workers)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.settings.queue_timeout)
        except TimeoutError:
            raise _Stopped("verify.busy") from None
        try:
            worker = await self._idle_worker() or await self._start()
            reply = await self._call(worker, job)
        finally:
            self._slots.release()
        if reply.status == "input_error":
            cls = getattr(errors, reply.error, None)
            if not (isinstance(cls, type) and issubclass(cls, errors.InputError)):
                cls = errors.InputError
            raise cls(reply.message)
        if reply.status == "memory":
            raise _Stopped("verify.memory", mb=self.settings.memory_mb)
        if reply.status != "ok":
            raise _Stopped("verify.crashed")
        return reply

    async def _call(self, worker: _Worker, job: Job) -> Reply:
        try:
            body = await asyncio.wait_for(worker.call(self._encoder.encode(job)), self.settings.timeout)
            reply = self._decoder.decode(body)
        except TimeoutError:
            self.killed += 1
            await worker.kill()
            raise _Stopped("verify.timeout", seconds=f"{self.settings.timeout:g}") from None
        except (OSError, EOFError, msgspec.DecodeError):
            await worker.kill()  # died (e.g. killed by the kernel): start afresh next time
            raise _Stopped("verify.crashed") from None
        except BaseException:  # cancelled (the client went away): the job is still running
            await asyncio.shield(worker.kill())
            raise
        if reply.status == "memory":
            await worker.close()  # it exits by itself after MemoryError
        else:
            self._idle.append(worker)
        return reply

    async def _idle_worker(self) -> _Worker | None:
        while self._idle:
            worker = self._idle.pop()
            if worker.proc.is_alive():
                return worker
            await worker.kill()  # died while idle (e.g. the kernel's OOM killer): reap it
        return None

    async def _start(self) -> _Worker:
        ctx = _context()
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=serve, args=(child, self.spec), daemon=True, name="satchel-verify")
        # The first start also starts the fork server (imports wallet_core once): off the loop.
        await asyncio.to_thread(proc.start)
        child.close()
        worker = _Worker(proc, parent)
        try:
            ready = self._decoder.decode(await asyncio.wait_for(worker.read(), STARTUP_TIMEOUT))
        except BaseException:
            await asyncio.shield(worker.kill())
            raise
        if ready.status != "ready":
            await worker.kill()
            raise RuntimeError("the verification worker did not start")
        return worker


# -- verdicts for jobs that did not finish --------------------------------------


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stopped_check(code: str, params: dict):
    return reasons.check("proof", "could_not_check", code, **params)


def stopped_verdict(data: bytes, code: str, params: dict) -> Verdict:
    """The verdict of a credential whose verification was stopped: nothing about it
    was checked, so it is could_not_check, never valid."""
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    return Verdict(
        format="unknown",
        container="unknown",
        result="could_not_check",
        issuer=IssuerInfo(),
        subject=None,
        checks=[_stopped_check(code, params)],
        display=Display(),
        credential=text,
        checked_at=_now(),
    )


def stopped_presentation(code: str, params: dict) -> PresentationVerdict:
    check = reasons.check("holder_signature", "could_not_check", code, **params)
    return PresentationVerdict(
        format="unknown",
        result="could_not_check",
        holder=None,
        audience=None,
        nonce=None,
        issued_at=None,
        checks=[check],
        credentials=[],
        checked_at=_now(),
    )
