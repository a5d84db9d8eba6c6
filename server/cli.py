"""The `satchel` command: `satchel serve` and `satchel verify`."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

import msgspec

from server.settings import DEFAULT_PWA_DIR, Settings, parse_trusted_proxies
from server.storage_postgresql import is_postgresql_url


def _serve(args: argparse.Namespace) -> int:
    from server.issuer.identity import public_origin
    from server.workers import WorkerConfig, serve

    settings = Settings(
        data_dir=Path(args.data_dir),
        pwa_dir=Path(args.pwa_dir),
        offline=args.offline,
        demo=not args.no_demo,
        **({"issuer_names": {"en": args.issuer_name}} if args.issuer_name else {}),
        public_url=args.public_url or default_public_url(args.host, args.port),
        verify_timeout=args.verify_timeout,
        verify_workers=args.verify_workers,
        trusted_proxies=args.trusted_proxies,
        kek_file=Path(args.kek_file) if args.kek_file else None,
        database_url=_database_url(args.database),
    )
    public_origin(settings.public_url)  # refuse a malformed public URL before starting
    problem = _check_kek(settings)
    if problem:
        print(f"satchel serve: {problem}", file=sys.stderr, flush=True)
        return 2
    workers = f", {args.workers} worker processes" if args.workers > 1 else ""
    print(f"Satchel: {settings.public_url}/  (data in {settings.database_label}{workers})", flush=True)
    serve(WorkerConfig(settings), host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)
    return 0


def default_public_url(host: str, port: int) -> str:
    """Where a server listening on ``host`` is reached when no --public-url is given.
    On a loopback address that is ``http://localhost:PORT``: browsers refuse an IP
    address as a WebAuthn RP ID, and treat localhost as a secure context, so passkeys
    work at the address `make run` prints (decision D24)."""
    if host.lower() == "localhost" or is_loopback(host):
        return f"http://localhost:{port}"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_kek(settings: Settings) -> str | None:
    """Open the database and its issuer keys once before serving, so that an unreachable
    database or a missing or wrong key-encryption key is one line on stderr and exit
    status 2, not a traceback."""
    from server.security.kek import KekError, unlock
    from server.storage import one_process_at_a_time, open_database
    from server.storage_postgresql import DatabaseUnavailable

    try:
        db = open_database(settings.database)
    except DatabaseUnavailable as exc:
        return str(exc)
    try:
        with one_process_at_a_time(db):  # PostgreSQL: the first to start may create the KEK file
            unlock(db, settings.kek_path)
    except KekError as exc:
        return str(exc)
    finally:
        db.close()
    return None


DATABASE_ENV = "SATCHEL_DATABASE"


def _database_url(value: str | None) -> str | None:
    """--database, else $SATCHEL_DATABASE, else None (the SQLite file in --data-dir)."""
    value = value or os.environ.get(DATABASE_ENV) or None
    if value is not None and not is_postgresql_url(value):
        raise SystemExit(f"satchel: --database / {DATABASE_ENV} must be a postgresql:// URL (got {value.split(':')[0]}:…)")
    return value


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        default=None,
        metavar="URL",
        help=f"a PostgreSQL database (postgresql://user:password@host:port/name) instead of the SQLite file"
        f" in --data-dir (default: ${DATABASE_ENV}, else the SQLite file)",
    )


def _issuer_name(text: str) -> str:
    name = text.strip()
    if not name or len(name) > 200:
        raise argparse.ArgumentTypeError("the issuer name must be 1–200 characters")
    return name


def _workers(text: str) -> int:
    from server.workers import MAX_WORKERS

    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"the number of workers must be a whole number from 1 to {MAX_WORKERS}")
    return count


def _trusted_proxies(text: str) -> tuple[str, ...]:
    try:
        return parse_trusted_proxies(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _verify(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_verify_files(args))


async def _verify_files(args: argparse.Namespace) -> int:
    """Each file is verified in a worker process with a deadline (server/verify/pool.py):
    a file that takes too long is could_not_check, and the next file is checked."""
    from server.verify.pool import PoolSettings, VerifierPool
    from server.verify.service import worker_spec
    from wallet_core.errors import InputError

    settings = Settings(offline=args.offline)
    pool = VerifierPool(
        worker_spec(settings, with_database=False),
        PoolSettings(workers=1, timeout=args.timeout, memory_mb=settings.verify_memory_mb),
    )
    try:
        return await _verify_each(args, pool, InputError)
    finally:
        await pool.close()


async def _verify_each(args: argparse.Namespace, pool, InputError) -> int:
    all_valid = True
    for name in args.files:
        try:
            data = Path(name).read_bytes()
            verdict = await pool.verify(data)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
            all_valid = False
            if isinstance(exc, InputError):
                code, message = exc.code, exc.message
            elif isinstance(exc, OSError):
                code, message = "unreadable", str(exc)
            else:
                code, message = "internal_error", f"could not be checked ({type(exc).__name__})"
            if args.json:
                line = {"file": name, "result": "error", "error": code, "message": message}
                print(msgspec.json.encode(line).decode())
            else:
                print(f"{name}: error: {message}")
            continue
        all_valid = all_valid and verdict.result == "valid"
        if args.json:
            line = {"file": name, "result": verdict.result, "format": verdict.format, "checks": verdict.checks}
            print(msgspec.json.encode(line).decode())
        else:
            title = verdict.display.name or "untitled"
            print(f"{name}: {verdict.result.upper()} — {title} ({verdict.format}, {verdict.container})")
            for check in verdict.checks:
                print(f"  {check.status:<16} {check.check:<15} {check.reason}")
    return 0 if all_valid else 1


def _admin_token(args: argparse.Namespace) -> int:
    from server.issuer.console.admin import issue_admin_token
    from server.storage import open_database
    from server.storage_postgresql import DatabaseUnavailable

    try:
        db = open_database(Settings(data_dir=Path(args.data_dir), database_url=_database_url(args.database)).database)
    except DatabaseUnavailable as exc:
        print(f"satchel admin-token: {exc}", file=sys.stderr)
        return 2
    try:
        token = issue_admin_token(db)
    finally:
        db.close()
    print(f"One-time admin token (older unused tokens no longer work): {token}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="satchel", description="Satchel learner skills wallet")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the Satchel server (API, pages and the wallet app)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--data-dir", default="data", help="folder for the SQLite file (created on first run)")
    _database_option(serve)
    serve.add_argument("--pwa-dir", default=str(DEFAULT_PWA_DIR), help="built wallet app to serve")
    serve.add_argument("--offline", action="store_true", help="never fetch remote documents while verifying")
    serve.add_argument(
        "--no-demo", action="store_true", help="do not add the demo achievements to the issuer's catalogue"
    )
    serve.add_argument(
        "--issuer-name",
        type=_issuer_name,
        default=None,
        metavar="NAME",
        help="the issuer's name in its credentials, in every language (default: Satchel Demo Academy,"
        " with its Chinese names)",
    )
    serve.add_argument(
        "--public-url",
        default=None,
        help="scheme://host[:port] the server is reached at; names the issuer's did:web"
        " (default http://localhost:PORT when HOST is a loopback address, else http://HOST:PORT)",
    )
    serve.add_argument(
        "--trusted-proxies",
        type=_trusted_proxies,
        default=(),
        metavar="ADDRS",
        help="comma-separated IP addresses or networks of reverse proxies whose X-Forwarded-For"
        " names the client (default: none; the TCP peer is the client)",
    )
    serve.add_argument(
        "--kek-file",
        default=None,
        help="file holding the key-encryption key for the issuer's private keys"
        " (default DATA_DIR/issuer-kek, created on first start; SATCHEL_KEK overrides it)",
    )
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="server worker processes sharing the port and the database (default 1: this process serves)",
    )
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--verify-timeout",
        type=float,
        default=Settings.verify_timeout,
        metavar="SECONDS",
        help="stop verifying one credential after this long: it is could_not_check (default %(default)s)",
    )
    serve.add_argument(
        "--verify-workers",
        type=int,
        default=Settings.verify_workers,
        metavar="N",
        help="verification worker processes (default %(default)s)",
    )
    serve.set_defaults(func=_serve)

    verify = sub.add_parser("verify", help="verify credential files and print the verdicts")
    verify.add_argument("files", nargs="+", metavar="FILE")
    verify.add_argument("--offline", action="store_true", help="no network: remote checks become could_not_check")
    verify.add_argument("--json", action="store_true", help="print one JSON object per file")
    verify.add_argument(
        "--timeout",
        type=float,
        default=Settings.verify_timeout,
        metavar="SECONDS",
        help="stop checking a file after this long: it is could_not_check (default %(default)s)",
    )
    verify.set_defaults(func=_verify)

    token = sub.add_parser("admin-token", help="print a new one-time token for the issuer console")
    token.add_argument("--data-dir", default="data", help="folder of the SQLite file")
    _database_option(token)
    token.set_defaults(func=_admin_token)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
