"""The one way wallet_core reaches the network, injected through VerifyOptions.

``Fetcher`` is a protocol: ``fetch(url) -> bytes`` raising ``FetchError``.
``HttpsFetcher`` is the default for servers: HTTPS only, public addresses only
(unless allowed), time and size limits, and a small in-memory cache.
``StaticFetcher`` serves a fixed mapping of URL -> bytes (tests, offline bundles).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.request
from collections import OrderedDict
from collections.abc import Mapping
from typing import Protocol
from urllib.parse import urldefrag, urlsplit


class FetchError(Exception):
    pass


class Fetcher(Protocol):
    def fetch(self, url: str) -> bytes: ...


class StaticFetcher:
    """Serves documents from memory, keyed by URL (fragment ignored)."""

    def __init__(self, documents: Mapping[str, bytes | str] | None = None):
        self.documents: dict[str, bytes] = {}
        self.requested: list[str] = []
        for url, body in (documents or {}).items():
            self.add(url, body)

    def add(self, url: str, body: bytes | str) -> None:
        self.documents[urldefrag(url)[0]] = body.encode() if isinstance(body, str) else body

    def fetch(self, url: str) -> bytes:
        self.requested.append(url)
        try:
            return self.documents[urldefrag(url)[0]]
        except KeyError:
            raise FetchError(f"{url} is not available") from None


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpsFetcher:
    """Fetches over HTTPS with limits; refuses private, loopback and link-local hosts."""

    def __init__(
        self,
        *,
        timeout: float = 5.0,
        max_bytes: int = 1024 * 1024,
        allow_private: bool = False,
        allow_http: bool = False,
        cache_size: int = 256,
        cache_seconds: float = 300.0,
    ):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.allow_http = allow_http
        self.cache_size = cache_size
        self.cache_seconds = cache_seconds
        self._cache: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener(_NoRedirect)

    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        allowed = ("https", "http") if self.allow_http else ("https",)
        if parts.scheme not in allowed:
            raise FetchError(f"{url} refused: only https URLs are fetched")
        if not parts.hostname:
            raise FetchError(f"{url} refused: no host")
        if self.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise FetchError(f"{parts.hostname} could not be resolved: {exc}") from None
        for info in infos:
            if not _is_public(info[4][0]):
                raise FetchError(f"{url} refused: {parts.hostname} is not a public address")

    def fetch(self, url: str) -> bytes:
        url = urldefrag(url)[0]
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(url)
            if hit and now - hit[0] < self.cache_seconds:
                self._cache.move_to_end(url)
                return hit[1]
        self._check_url(url)
        request = urllib.request.Request(
            url, headers={"Accept": "application/ld+json, application/json;q=0.9, */*;q=0.1"}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
        except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts: "not fetched"
            raise FetchError(f"{url} could not be fetched: {exc}") from None
        if len(body) > self.max_bytes:
            raise FetchError(f"{url} is larger than {self.max_bytes} bytes")
        with self._lock:
            self._cache[url] = (now, body)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return body
