"""Everything the verifier depends on, injected (clock, network, trust list)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Imported at run time, not only for type checking: the server's routes take
# VerifyOptions as a dependency and Litestar resolves its type hints.
from .document_loader import DocumentLoader
from .fetcher import Fetcher

# Inputs larger than this are refused before any parsing.
MAX_INPUT_BYTES = 4 * 1024 * 1024


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class VerifyOptions:
    # The clock; verification dates are judged against now() ± max_clock_skew.
    now: Callable[[], datetime] = utc_now
    max_clock_skew: timedelta = timedelta(minutes=5)
    # The only way wallet_core reaches the network (hosted OB 2.0 documents,
    # did:web, status lists). None means offline: such checks are could_not_check.
    fetcher: Fetcher | None = None
    # The JSON-LD contexts a proof may use; None = the ones bundled with Satchel
    # (tests add the W3C examples context). With a fetcher, unknown contexts are
    # fetched through it.
    document_loader: DocumentLoader | None = None
    # Issuer ids (DIDs or URLs) on the configured trust list; None = no list.
    trust_list: frozenset[str] | None = None
    max_input_bytes: int = MAX_INPUT_BYTES
    # Presentations (SD-JWT + key binding): the audience and nonce this verifier
    # expects; with neither given, a key binding cannot prove freshness.
    audience: str | None = None
    nonce: str | None = None
    # Require a holder binding (a key binding JWT) instead of merely checking one.
    require_holder_binding: bool = False
    # How old a presentation (its iat, or a key binding JWT's) may be: the lifetime
    # of an in-person code (decision D6); max_clock_skew is allowed on top.
    max_presentation_age: timedelta = timedelta(minutes=15)

    def trusted(self, issuer_id: str | None) -> bool | None:
        """Whether the issuer is on the trust list; None when no list is configured."""
        if self.trust_list is None:
            return None
        return issuer_id is not None and issuer_id in self.trust_list
