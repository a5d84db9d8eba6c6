"""A verification worker process (started by server/verify/pool.py).

The server and ``satchel verify`` never verify in their own process: they hand
each credential or presentation to a worker (server/verify/pool.py), which the
pool kills when it runs past its deadline. The worker limits its own address
space, so a credential that needs too much memory ends in ``MemoryError`` here,
not in the server.

Workers are forked from a multiprocessing fork server that has already imported
this module (and with it wallet_core and PyLD), so starting one takes
milliseconds. Protocol, over a multiprocessing pipe: msgpack messages; the
worker first sends one ``Reply(status="ready")``, then answers each ``Job`` with
one ``Reply``. It exits when the pipe closes.
"""

from __future__ import annotations

import resource
import sys
import traceback
from pathlib import Path
from typing import Literal

import msgspec


class WorkerSpec(msgspec.Struct, frozen=True):
    """What a worker needs to build the server's VerifyOptions (server/verify/service.py)."""

    offline: bool = False
    allow_private_network: bool = False
    public_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 4 * 1024 * 1024
    # The server's SQLite file (its own did:web and status lists), opened read-only;
    # None for ``satchel verify``, which has no database.
    database: str | None = None
    memory_mb: int = 300
    # The server's key-encryption key file: the server's own status lists are signed
    # when asked for, so a worker that serves them needs the issuer key too.
    kek_file: str | None = None


class Job(msgspec.Struct, frozen=True):
    kind: Literal["credential", "presentation", "ldp_presentation"]
    data: bytes
    audience: str | None = None
    nonce: str | None = None
    accepted_at: float | None = None


class Reply(msgspec.Struct, frozen=True):
    # ready: started; ok: verdict holds the JSON verdict; input_error: not a
    # credential (error names the wallet_core.errors class); memory / crashed: not checked.
    status: Literal["ready", "ok", "input_error", "memory", "crashed"]
    verdict: bytes = b""
    error: str = ""
    message: str = ""


def limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class _ReadOnlyDatabase:
    """The server's database (a SQLite file or a PostgreSQL URL), opened read-only on first use (never shared with the
    server process: each process has its own connection)."""

    def __init__(self, path: str, kek_file: str | None = None):
        self.path = path
        self.kek_file = kek_file
        self.db = None

    def __call__(self):
        if self.db is None:
            from server.storage_postgresql import PostgresDatabase, is_postgresql_url

            if is_postgresql_url(self.path):
                self.db = PostgresDatabase(self.path, max_size=1, read_only=True)
            else:
                import sqlite3

                import sqlite_utils

                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.db = sqlite_utils.Database(sqlite3.connect(uri, uri=True))
            if self.kek_file:
                from server.security.kek import register

                register(self.db, Path(self.kek_file))
        return self.db


def build_options(spec: WorkerSpec):
    from server.settings import Settings
    from server.verify.service import build_verify_options

    settings = Settings(
        offline=spec.offline,
        allow_private_network=spec.allow_private_network,
        public_url=spec.public_url,
        max_body_bytes=spec.max_body_bytes,
    )
    get_db = _ReadOnlyDatabase(spec.database, spec.kek_file) if spec.database else None
    return build_verify_options(settings, get_db)


def handle(job: Job, options) -> Reply:
    from wallet_core.errors import InputError

    try:
        if job.kind == "credential":
            from server.verify.service import verify_bytes

            verdict = verify_bytes(job.data, options)
        elif job.kind == "ldp_presentation":
            from dataclasses import replace
            from datetime import UTC, datetime

            from wallet_core.vp_ldp import verify_ldp_presentation

            at = datetime.fromtimestamp(job.accepted_at, UTC) if job.accepted_at is not None else None
            opts = replace(options, audience=job.audience, nonce=job.nonce)
            verdict = verify_ldp_presentation(job.data, opts, accepted_at=at)
        else:
            from server.shares.service import verify_for_share

            verdict = verify_for_share(
                job.data.decode("utf-8", "surrogatepass"), options, job.audience, job.nonce, job.accepted_at
            )
        return Reply("ok", verdict=msgspec.json.encode(verdict))
    except InputError as exc:
        return Reply("input_error", error=type(exc).__name__, message=exc.message)
    except MemoryError:
        return Reply("memory")
    except RecursionError:
        return Reply("crashed", message="recursion too deep")
    except Exception as exc:  # noqa: BLE001 - a bug: logged; the verdict is could_not_check, never valid
        traceback.print_exc(file=sys.stderr)
        return Reply("crashed", message=f"{type(exc).__name__}: {exc}")


def serve(conn, spec: WorkerSpec) -> None:
    """The worker's life: build the options, limit memory, answer jobs until the
    connection closes (the pool's end) or a job ran out of memory."""
    options = build_options(spec)
    limit_memory(spec.memory_mb)
    encoder = msgspec.msgpack.Encoder()
    decoder = msgspec.msgpack.Decoder(Job)
    try:
        conn.send_bytes(encoder.encode(Reply("ready")))
        while True:
            frame = conn.recv_bytes()
            reply = handle(decoder.decode(frame), options)
            conn.send_bytes(encoder.encode(reply))
            if reply.status == "memory":
                return  # the heap may be fragmented: the pool starts a fresh worker
    except (EOFError, OSError):
        return  # the pool's end is gone (it closed the worker, or the server was killed)


def _preload() -> None:
    """Import and warm what every job needs, once, in the fork server."""
    import server.issuer.documents
    import server.shares.service
    import server.verify.service  # noqa: F401
    import wallet_core.vp_ldp  # noqa: F401
    from wallet_core.document_loader import bundled_contexts

    bundled_contexts()


_preload()
