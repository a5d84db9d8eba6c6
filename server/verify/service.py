"""How the server runs wallet_core's verifier: options built once from settings."""

from __future__ import annotations

from collections.abc import Callable

from server.settings import Settings
from wallet_core import Verdict, VerifyOptions, verify
from wallet_core.fetcher import HttpsFetcher


def build_verify_options(settings: Settings, get_db: Callable | None = None) -> VerifyOptions:
    """Options for the verifier. With ``get_db`` the server's own DID document and
    status lists are served from the database (never over the network)."""
    fetcher = None
    if not settings.offline:
        fetcher = HttpsFetcher(allow_private=settings.allow_private_network)
    if get_db is not None:
        from server.issuer.documents import OwnDocumentsFetcher

        fetcher = OwnDocumentsFetcher(get_db, settings.public_url, fallback=fetcher)
    return VerifyOptions(fetcher=fetcher, max_input_bytes=settings.max_body_bytes)


def worker_spec(settings: Settings, with_database: bool = True):
    """What a verification worker needs to build the same options in its own process
    (it opens the database read-only itself)."""
    from server.verify.worker import WorkerSpec

    return WorkerSpec(
        offline=settings.offline,
        allow_private_network=settings.allow_private_network,
        public_url=settings.public_url,
        max_body_bytes=settings.max_body_bytes,
        database=str(settings.database) if with_database else None,
        memory_mb=settings.verify_memory_mb,
        kek_file=str(settings.kek_path) if with_database else None,
    )


def verify_bytes(data: bytes, options: VerifyOptions) -> Verdict:
    return verify(data, options)
