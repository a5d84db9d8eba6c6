"""The one way wallet_core reaches the network, injected through VerifyOptions.

``Fetcher`` is a protocol: ``fetch(url) -> bytes`` raising ``FetchError``.
``HttpsFetcher`` is the default for servers: HTTPS only, public addresses only
(unless allowed), a total time limit, a size limit, and a small in-memory cache.
``StaticFetcher`` serves a fixed mapping of URL -> bytes (tests, offline bundles).

How ``HttpsFetcher`` keeps a credential from making the server fetch what it
should not (server-side request forgery; see docs/threat-model.md):

- the URL is parsed strictly: a malformed URL, port or host name is a
  ``FetchError``, never another exception;
- the host name is resolved **once**; every address it resolves to must be
  public (IPv6 addresses that embed an IPv4 address — IPv4-mapped, 6to4,
  NAT64, Teredo — are judged by the embedded address too), and the TCP
  connection is made to one of exactly those addresses, so a second DNS answer
  (DNS rebinding) is never used. TLS still checks the certificate against the
  host name (SNI), and the ``Host`` header names the host;
- redirects are not followed (a 3xx answer is a ``FetchError``);
- ``timeout`` is the total time for connecting, the TLS handshake, sending
  and reading everything: a server that drips one byte at a time is cut off
  when it runs out;
- at most ``max_bytes`` are read.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol
from urllib.parse import quote, urldefrag, urlsplit


class FetchError(Exception):
    """A document could not be fetched. ``kind`` says why, for plain-words messages:
    ``unresolved`` (no such host name), ``unreachable`` (no answer, connection
    refused), ``timeout``, ``tls``, ``http`` (an error status or a redirect),
    ``too_large``, ``refused`` (the URL or its address is not allowed) or
    ``unavailable`` (a fetcher that has no copy)."""

    def __init__(self, message: str, kind: str = "unreachable"):
        super().__init__(message)
        self.kind = kind


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
        except (KeyError, ValueError):  # ValueError: not even a URL (e.g. "https://[::1/")
            raise FetchError(f"{url[:200]} is not available", kind="unavailable") from None


# --- which addresses may be fetched ----------------------------------------------------

# Refused whatever the ipaddress module of this Python version thinks of them.
_REFUSED_V6 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "::/96",  # IPv4-compatible (deprecated), and :: / ::1
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215)
        "100::/64",  # discard-only
        "2001:db8::/32",  # documentation
        "fc00::/7",  # unique local
        "fec0::/10",  # site-local (deprecated)
        "fe80::/10",  # link-local
        "ff00::/8",  # multicast
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix (RFC 6052)


def _is_public_v4(ip: ipaddress.IPv4Address) -> bool:
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
    )


def _embedded_v4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to, where it embeds any."""
    found = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:  # 2002:AABB:CCDD::/48 routes to AA.BB.CC.DD
        found.append(ip.sixtofour)
    if ip.teredo is not None:  # (server, client); the client is de-obfuscated
        found.extend(ip.teredo)
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public_address(address: str) -> bool:
    """Whether a fetch may connect to this IP address (False for anything unparsable)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return _is_public_v4(ip)
    embedded = _embedded_v4(ip)
    if ip in _NAT64 or ip.ipv4_mapped is not None or ip.sixtofour is not None:
        # The address is only a way of reaching an IPv4 address: judge that
        # (and not Python's IPv6 tables, which differ between versions here).
        return all(_is_public_v4(v4) for v4 in embedded)
    if any(ip in net for net in _REFUSED_V6):
        return False
    if not all(_is_public_v4(v4) for v4 in embedded):
        return False
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_site_local
        or ip.is_private
    )


# --- the URL ----------------------------------------------------------------------------

_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$")


class _Target:
    """A URL taken apart: scheme, host (IDNA ASCII or an IP), port, request path."""

    def __init__(self, url: str, schemes: tuple[str, ...]):
        if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
            raise FetchError(f"{url[:200]!r} refused: spaces or control characters in the URL", kind="refused")
        try:
            parts = urlsplit(url)
            port = parts.port
            host = parts.hostname
        except ValueError as exc:  # bad port, unbalanced [ ], bad IPv6 literal
            raise FetchError(f"{url[:200]!r} refused: not a valid URL ({exc})", kind="refused") from None
        if parts.scheme not in schemes:
            raise FetchError(f"{url[:200]} refused: only {' and '.join(schemes)} URLs are fetched", kind="refused")
        if not host:
            raise FetchError(f"{url[:200]} refused: no host", kind="refused")
        if parts.username is not None or parts.password is not None:
            raise FetchError(f"{url[:200]} refused: user names in URLs are not sent", kind="refused")
        if port == 0:
            raise FetchError(f"{url[:200]} refused: port 0", kind="refused")
        self.scheme = parts.scheme
        self.port = port or (443 if parts.scheme == "https" else 80)
        self.ip: str | None = None
        try:
            self.ip = str(ipaddress.ip_address(host))
            self.host = self.ip
        except ValueError:
            self.host = _ascii_host(host, url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        # an IRI's non-ASCII characters are sent as UTF-8 percent-escapes (RFC 3987)
        self.path = re.sub(r"[^\x21-\x7e]+", lambda m: quote(m.group(), safe=""), target)


def _ascii_host(host: str, url: str) -> str:
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise FetchError(
            f"{url[:200]} refused: {host[:80]!r} is not a valid host name ({exc})", kind="refused"
        ) from None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(len(lb) <= 63 and _LABEL.match(lb) for lb in labels):
        raise FetchError(f"{url[:200]} refused: {host[:80]!r} is not a valid host name", kind="refused")
    return ascii_host


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolves ``host`` to (TCP), in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]


# --- the total deadline -----------------------------------------------------------------


class _TimeUp(Exception):
    pass


class _Deadline:
    """One clock for a whole fetch. Every socket operation gets the time that is
    left as its timeout, and when the time is up a timer shuts the socket down,
    which ends a read that is trickling in a byte at a time."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            raise _TimeUp
        return left

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            expired = self.expired
        if expired:
            _shutdown(sock)
            raise _TimeUp
        sock.settimeout(self.remaining())

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            sock = self._sock
        if sock is not None:
            _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown, also for an SSLSocket: no TLS bookkeeping
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _within(deadline: _Deadline, work: Callable[[], Iterable[str]]) -> list[str]:
    """Run ``work`` (a DNS lookup, which cannot be interrupted) on a helper thread
    and stop waiting for it when the deadline passes."""
    result: list = []

    def run() -> None:
        try:
            result.append(("ok", [str(a) for a in work()]))
        except (OSError, UnicodeError, ValueError, TypeError) as exc:  # for the caller
            result.append(("error", exc))

    worker = threading.Thread(target=run, daemon=True, name="satchel-resolve")
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        raise _TimeUp
    if not result:
        raise ValueError("the resolver failed")
    kind, value = result[0]
    if kind == "error":
        raise value
    return value


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to ``host`` whose TCP connection goes to ``address`` and nowhere else.

    ``host`` stays the name the request is for: it is sent in the Host header,
    as TLS SNI, and the certificate must be valid for it."""

    def __init__(self, target: _Target, address: str, deadline: _Deadline, context):
        super().__init__(target.host, target.port, timeout=deadline.remaining())
        self.default_port = 443 if target.scheme == "https" else 80
        self._address = address
        self._deadline = deadline
        self._tls = context if target.scheme == "https" else None

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self._deadline.remaining())
        self._deadline.track(raw)
        if self._tls is None:
            self.sock = raw
            return
        try:
            tls = self._tls.wrap_socket(
                raw, server_hostname=self.host, do_handshake_on_connect=False
            )
        except BaseException:
            raw.close()
            raise
        self.sock = tls
        self._deadline.track(tls)
        tls.do_handshake()


# --- the fetcher ------------------------------------------------------------------------


class HttpsFetcher:
    """Fetches over HTTPS with limits; refuses private, loopback and link-local hosts.

    ``timeout`` is the total time one fetch may take (connect, TLS, all reads).
    ``resolver(host, port) -> addresses`` and ``ssl_context`` can be replaced
    (tests, private certificate authorities); the default context verifies
    certificates against the system's trust store."""

    def __init__(
        self,
        *,
        timeout: float = 5.0,
        max_bytes: int = 1024 * 1024,
        allow_private: bool = False,
        allow_http: bool = False,
        cache_size: int = 256,
        cache_seconds: float = 300.0,
        resolver: Callable[[str, int], Iterable[str]] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.allow_http = allow_http
        self.cache_size = cache_size
        self.cache_seconds = cache_seconds
        self.resolver = resolver or system_resolver
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._cache: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def _addresses(self, target: _Target, url: str, deadline: _Deadline) -> list[str]:
        """The addresses to connect to: resolved once, every one of them checked."""
        if target.ip is not None:
            addresses = [target.ip]
        else:
            try:
                found = _within(deadline, lambda: self.resolver(target.host, target.port))
                addresses = list(dict.fromkeys(found))
            except (OSError, UnicodeError, ValueError, TypeError) as exc:
                raise FetchError(f"{target.host} could not be resolved: {exc}", kind="unresolved") from None
            if not addresses:
                raise FetchError(f"{target.host} could not be resolved: no addresses", kind="unresolved")
        if not self.allow_private:
            for address in addresses:
                if not is_public_address(address):
                    raise FetchError(
                        f"{url} refused: {target.host} is not a public address ({address})", kind="refused"
                    )
        return addresses

    def fetch(self, url: str) -> bytes:
        if not isinstance(url, str):
            raise FetchError(f"{url!r} is not a URL", kind="refused")
        try:
            url = urldefrag(url)[0]
        except ValueError as exc:  # "https://[::1/": urldefrag parses the whole URL
            raise FetchError(f"{url[:200]!r} refused: not a valid URL ({exc})", kind="refused") from None
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(url)
            if hit and now - hit[0] < self.cache_seconds:
                self._cache.move_to_end(url)
                return hit[1]
        body = self._fetch(url)
        with self._lock:
            self._cache[url] = (now, body)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return body

    def _fetch(self, url: str) -> bytes:
        target = _Target(url, ("https", "http") if self.allow_http else ("https",))
        deadline = _Deadline(self.timeout)
        try:
            addresses = self._addresses(target, url, deadline)
            return self._get(target, addresses, deadline, url)
        except _TimeUp:
            raise FetchError(
                f"{url} could not be fetched: it took longer than {self.timeout:g} s in all", kind="timeout"
            ) from None
        except (OSError, ssl.SSLError, http.client.HTTPException, ValueError) as exc:
            if deadline.expired:
                raise FetchError(
                    f"{url} could not be fetched: it took longer than {self.timeout:g} s in all", kind="timeout"
                ) from None
            kind = "tls" if isinstance(exc, ssl.SSLError) else "unreachable"
            raise FetchError(f"{url} could not be fetched: {exc}", kind=kind) from None
        finally:
            deadline.cancel()

    def _get(self, target: _Target, addresses: list[str], deadline: _Deadline, url: str):
        error: Exception | None = None
        for address in addresses:
            conn = _PinnedConnection(target, address, deadline, self.ssl_context)
            try:
                conn.connect()
            except (OSError, ssl.SSLError) as exc:
                conn.close()
                if isinstance(exc, ssl.SSLError) or deadline.expired:
                    raise
                error = exc
                continue
            try:
                return self._exchange(conn, target, deadline, url)
            finally:
                conn.close()
        raise error or FetchError(f"{url} could not be fetched: no address answered")

    def _exchange(self, conn: _PinnedConnection, target: _Target, deadline, url: str) -> bytes:
        conn.putrequest("GET", target.path, skip_accept_encoding=True)
        conn.putheader("Accept", "application/ld+json, application/json;q=0.9, */*;q=0.1")
        conn.putheader("User-Agent", "Satchel-wallet_core")
        conn.putheader("Connection", "close")
        conn.endheaders()
        sock = conn.sock  # the connection lets go of it when the answer says "close"
        sock.settimeout(deadline.remaining())
        response = conn.getresponse()
        if 300 <= response.status < 400:
            raise FetchError(
                f"{url} could not be fetched: HTTP {response.status} redirect (not followed)", kind="http"
            )
        if not 200 <= response.status < 300:
            raise FetchError(f"{url} could not be fetched: HTTP {response.status}", kind="http")
        length = response.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"{url} is larger than {self.max_bytes} bytes", kind="too_large")
        body = bytearray()
        while True:
            sock.settimeout(deadline.remaining())
            chunk = response.read1(65536)
            if deadline.expired:
                raise _TimeUp
            if not chunk:
                break
            body += chunk
            if len(body) > self.max_bytes:
                raise FetchError(f"{url} is larger than {self.max_bytes} bytes", kind="too_large")
        return bytes(body)
