"""Serving the app under uvicorn, in one process or in N worker processes (D32).

With one worker the app is built here and served in this process, as always.
With more, this process prepares the database once (migrations, issuer keys,
demo catalogue, the first admin token), puts the configuration in the
environment, and uvicorn's supervisor starts N processes that each build the
same app from it (``app_from_environment``), share one listening socket, and
share everything else through the database. A worker that dies is replaced by
the supervisor.
"""

from __future__ import annotations

import os
from pathlib import Path

import msgspec

from server.settings import Settings
from server.shares import ShareConfig
from server.verifier import VerifierConfig

CONFIG_ENV = "SATCHEL_WORKER_CONFIG"
MAX_WORKERS = 64


class WorkerConfig(msgspec.Struct, frozen=True):
    settings: Settings
    shares: ShareConfig = ShareConfig()
    verifier: VerifierConfig = VerifierConfig()


def _enc_path(value: object) -> str:
    if isinstance(value, Path):
        return str(value)
    raise NotImplementedError(type(value))


def _dec_path(kind: type, value: object) -> Path:
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError(kind)


def encode_config(config: WorkerConfig) -> str:
    return msgspec.json.encode(config, enc_hook=_enc_path).decode()


def decode_config(text: str) -> WorkerConfig:
    return msgspec.json.decode(text, type=WorkerConfig, dec_hook=_dec_path)


def app_from_environment():
    """uvicorn's app factory in each worker process: the app of ``CONFIG_ENV``."""
    from server.app import create_app

    config = decode_config(os.environ[CONFIG_ENV])
    return create_app(config.settings, config.shares, config.verifier)


def serve(
    config: WorkerConfig,
    *,
    host: str,
    port: int,
    workers: int = 1,
    log_level: str = "info",
) -> None:
    """Serve until stopped: one process when ``workers`` is 1, else N workers."""
    import uvicorn

    if not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers must be 1–{MAX_WORKERS}")
    settings = config.settings
    options = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "access_log": False,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise; only
        # the configured proxies may name the client (rate limits count that address).
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": list(settings.trusted_proxies),
    }
    if workers == 1:
        from server.app import create_app

        uvicorn.run(create_app(settings, config.shares, config.verifier), **options)
        return
    from server.app import open_prepared_database

    open_prepared_database(settings).close()
    os.environ[CONFIG_ENV] = encode_config(config)
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, **options)
