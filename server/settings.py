"""Server settings: where data lives, what is served, how verification reaches the network."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PWA_DIR = REPO_ROOT / "pwa" / "dist"
# The issuer's name when none is configured (the demo academy of `make run`).
DEFAULT_ISSUER_NAMES = {
    "en": "Satchel Demo Academy",
    "zh-Hans": "Satchel 演示学院",
    "zh-Hant": "Satchel 示範學院",
}


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    pwa_dir: Path = DEFAULT_PWA_DIR
    # Largest request body accepted by the API (the verify endpoint refuses more with 413).
    max_body_bytes: int = 4 * 1024 * 1024
    # When true the verifier never touches the network: remote checks are could_not_check.
    offline: bool = False
    # Allow the verifier's fetcher to reach loopback/private addresses (tests only).
    allow_private_network: bool = False
    # Create the demo achievements and pathway in the issuer's catalogue on first run.
    demo: bool = True
    # The issuer's name (server/issuer) in its credentials and OID4VCI metadata, by
    # language ("en", "zh-Hans", "zh-Hant"); a language without a name uses the "en" one.
    issuer_names: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_ISSUER_NAMES))
    # Where the server is reached from outside (scheme://host[:port], no path). The
    # issuer's did:web, credential ids, status list URLs and the OID4VCI issuer
    # identifier are all derived from it.
    public_url: str = "http://127.0.0.1:8000"
    # Lifetime (seconds) a verifier may cache a status list (Cache-Control max-age).
    status_list_max_age: int = 300
    # Lifetime (seconds) of a credential offer's pre-authorised code.
    offer_lifetime: int = 600
    # OID4VCI token endpoint: requests one client address may make per window (else 429).
    token_rate_limit: int = 60
    token_rate_window: int = 60
    # Lifetime (seconds) of a learner's claim link (/claim/<token>) from the award.
    claim_lifetime: int = 30 * 24 * 3600

    # Passkey accounts (server/accounts): the relying party's display name, how long a
    # WebAuthn challenge may be answered, how long a learner's session lasts, and how
    # many register / sign-in calls one client address may make per window (else 429).
    rp_name: str = "Satchel"
    challenge_lifetime: int = 300
    session_lifetime: int = 30 * 24 * 3600
    auth_rate_limit: int = 30
    auth_rate_window: int = 60
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (IP
    # addresses or networks). Empty: no forwarded header is believed, and every rate
    # limit counts the address of the TCP peer.
    trusted_proxies: tuple[str, ...] = ()
    # The key-encryption key that encrypts the issuer's private keys in SQLite: this
    # file (default DATA_DIR/issuer-kek, created on first start, mode 0600), unless
    # the SATCHEL_KEK environment variable holds it (server/security/kek.py).
    kek_file: Path | None = None
    # A PostgreSQL database (postgresql://user@host:port/name) instead of the SQLite
    # file in data_dir (server/storage.py, decision D31).
    database_url: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "trusted_proxies", parse_trusted_proxies(self.trusted_proxies))
        if not (self.issuer_names.get("en") or "").strip():
            raise ValueError("the issuer needs a name in English (issuer_names['en'])")

    def issuer_name(self, lang: str) -> str:
        """The issuer's name in ``lang``, else in English."""
        return self.issuer_names.get(lang) or self.issuer_names["en"]

    # Verification runs in worker processes with a hard deadline (server/verify/pool.py,
    # docs/threat-model.md "Hostile input bounds"): how many run at once, how long one
    # credential may take (seconds) before its worker is killed, how long a request may
    # wait for a free worker, and the address space of one worker (MB).
    verify_workers: int = 2
    verify_timeout: float = 1.5
    verify_queue_timeout: float = 10.0
    verify_memory_mb: int = 300

    @property
    def database_path(self) -> Path:
        return self.data_dir / "satchel.db"

    @property
    def database(self) -> Path | str:
        """What open_database opens: the PostgreSQL URL if one is set, else the SQLite file."""
        return self.database_url or self.database_path

    @property
    def database_label(self) -> str:
        """The database named for people (no password)."""
        from server.storage_postgresql import redacted

        return redacted(self.database_url) if self.database_url else str(self.database_path)

    @property
    def verifier_pool(self):
        """The worker pool's settings (server.verify.pool.PoolSettings)."""
        from server.verify.pool import PoolSettings

        return PoolSettings(
            workers=self.verify_workers,
            timeout=self.verify_timeout,
            queue_timeout=self.verify_queue_timeout,
            memory_mb=self.verify_memory_mb,
        )

    @property
    def kek_path(self) -> Path:
        return self.kek_file if self.kek_file is not None else self.data_dir / "issuer-kek"

    @property
    def origin(self) -> str:
        """The web origin passkey ceremonies must come from: scheme://host[:port] of public_url."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc.lower()}"

    @property
    def rp_id(self) -> str:
        """The WebAuthn relying party id: the public URL's host name. Browsers refuse IP
        addresses as RP ids, so passkeys need a name (``localhost`` in development)."""
        return (urlsplit(self.public_url).hostname or "").lower()


def parse_trusted_proxies(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """IP addresses or networks, comma-separated or as a sequence, normalised
    ("10.0.0.0/8", "::1"). Anything else, "*" included, is a ValueError: a typo must
    not silently trust nobody or everybody."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            out.append(str(ipaddress.ip_network(item, strict=False) if "/" in item else ipaddress.ip_address(item)))
        except ValueError:
            raise ValueError(f"trusted proxy {item!r} is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/8)") from None
    return tuple(out)
