"""How the server runs wallet_core's verifier: options built once from settings."""

from __future__ import annotations

from wallet_core import VerifyOptions, Verdict, verify
from wallet_core.fetcher import HttpsFetcher

from server.settings import Settings


def build_verify_options(settings: Settings) -> VerifyOptions:
    fetcher = None
    if not settings.offline:
        fetcher = HttpsFetcher(allow_private=settings.allow_private_network)
    return VerifyOptions(fetcher=fetcher, max_input_bytes=settings.max_body_bytes)


def verify_bytes(data: bytes, options: VerifyOptions) -> Verdict:
    return verify(data, options)
