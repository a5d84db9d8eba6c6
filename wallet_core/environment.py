"""What one verification runs against: clock, loader, fetcher, trust list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .document_loader import DocumentLoader, FetchingLoader, default_loader
from .fetcher import Fetcher
from .options import VerifyOptions


@dataclass(frozen=True)
class Environment:
    options: VerifyOptions
    now: datetime
    loader: DocumentLoader | FetchingLoader
    fetcher: Fetcher | None

    @classmethod
    def from_options(cls, options: VerifyOptions) -> Environment:
        now = options.now()
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        loader = options.document_loader or default_loader()
        if options.fetcher is not None:
            loader = FetchingLoader(loader, options.fetcher)
        return cls(options=options, now=now, loader=loader, fetcher=options.fetcher)
