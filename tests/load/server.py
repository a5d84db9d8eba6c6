"""The real Satchel app under uvicorn, for the load-and-kill harness: the same
create_app() as `satchel serve`, with the per-client rate limits lifted so that
every request of the load is a write (all clients share 127.0.0.1).

    python -m tests.load.server --port P --data-dir D [--public-url U] [--online] [--database URL]

Also the server of tests that make more requests than one client may (the
OpenID4VP verifier interop: ~25 requests, each fetched and answered).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from server.app import create_app
from server.settings import Settings
from server.shares import ShareConfig
from server.verifier import VerifierConfig


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--public-url")
    parser.add_argument("--online", action="store_true")
    parser.add_argument("--database", help="a PostgreSQL URL instead of the SQLite file in --data-dir")
    args = parser.parse_args()
    public_url = args.public_url or f"http://localhost:{args.port}"
    settings = Settings(
        data_dir=Path(args.data_dir),
        offline=not args.online,
        public_url=public_url,
        auth_rate_limit=1_000_000,
        token_rate_limit=1_000_000,
        database_url=args.database,
    )
    shares = ShareConfig(create_rate=None, view_rate=None, manage_rate=None)
    verifier = VerifierConfig(create_rate=None, read_rate=None, wallet_rate=None)
    uvicorn.run(create_app(settings, shares, verifier_config=verifier), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
