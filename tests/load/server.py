"""The real Satchel app under uvicorn, for the load-and-kill harness: the same
create_app() as `satchel serve` (server/workers.py), with the per-client rate
limits lifted so that every request of the load is a write (all clients share
127.0.0.1).

    python -m tests.load.server --port P --data-dir D [--public-url U] [--online]
        [--workers N] [--trusted-proxies ADDRS] [--view-burst K] [--database URL]

Also the server of tests that make more requests than one client may (the
OpenID4VP verifier interop: ~25 requests, each fetched and answered), and of the
worker tests (tests/workers): ``--view-burst K`` keeps one limit, the share
page's, at K views per client address (refilled over an hour).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from server.settings import Settings
from server.shares import ShareConfig
from server.verifier import VerifierConfig
from server.workers import WorkerConfig, serve


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--public-url")
    parser.add_argument("--online", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--trusted-proxies", default="")
    parser.add_argument("--view-burst", type=int, default=None)
    parser.add_argument("--database", help="a PostgreSQL URL instead of the SQLite file in --data-dir")
    args = parser.parse_args()
    public_url = args.public_url or f"http://localhost:{args.port}"
    settings = Settings(
        data_dir=Path(args.data_dir),
        offline=not args.online,
        public_url=public_url,
        auth_rate_limit=1_000_000,
        token_rate_limit=1_000_000,
        trusted_proxies=args.trusted_proxies,
        database_url=args.database,
    )
    view_rate = (args.view_burst / 3600, args.view_burst) if args.view_burst else None
    shares = ShareConfig(create_rate=None, view_rate=view_rate, manage_rate=None)
    verifier = VerifierConfig(create_rate=None, read_rate=None, wallet_rate=None)
    serve(WorkerConfig(settings, shares, verifier), host="127.0.0.1", port=args.port, workers=args.workers, log_level="warning")


if __name__ == "__main__":
    main()
