"""HttpsFetcher against real loopback servers: which addresses it refuses, that it
connects to the address it checked (DNS rebinding), TLS against the host name at
a pinned address, the total deadline (a slow drip), the size limit, redirects and
malformed URLs.

Loopback servers are private addresses, so those tests use ``allow_private=True``
(the filter itself is tested without connecting anywhere) and a ``resolver`` that
answers for made-up names such as ``rebind.test``.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import socket
import ssl
import threading
import time
from contextlib import contextmanager
from typing import ClassVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from wallet_core.fetcher import FetchError, HttpsFetcher, is_public_address

# --- the address filter ---------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # shared address space (carrier NAT)
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",  # site-local
        "ff02::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",  # IPv4-compatible
        "::8.8.8.8",  # IPv4-compatible is deprecated: refused whatever it embeds
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "2002:c0a8:101:1::1",  # 6to4 of 192.168.1.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "not an address",
        "",
    ],
)
def test_private_and_special_addresses_are_refused(address):
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "93.184.216.34",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",  # IPv4-mapped public address
        "64:ff9b::808:808",  # NAT64 of a public address (IPv6-only networks)
        "2002:808:808::1",  # 6to4 of a public address
    ],
)
def test_public_addresses_pass(address):
    assert is_public_address(address)


class Resolver:
    """Answers from a script, one answer per call; records the calls."""

    def __init__(self, *answers: list[str]):
        self.answers = list(answers)
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append((host, port))
        return self.answers[min(len(self.calls), len(self.answers)) - 1]


@pytest.mark.parametrize(
    "answer",
    [
        ["2002:7f00:1::1"],
        ["::ffff:127.0.0.1"],
        ["64:ff9b::a9fe:a9fe"],
        ["93.184.216.34", "127.0.0.1"],  # one bad address among good ones
        ["2606:4700:4700::1111", "fe80::1"],
    ],
)
def test_a_name_resolving_to_any_private_address_is_refused(answer):
    resolver = Resolver(answer)
    fetcher = HttpsFetcher(resolver=resolver)
    with pytest.raises(FetchError, match="not a public address"):
        fetcher.fetch("https://issuer.test/badge.json")
    assert resolver.calls == [("issuer.test", 443)]


@pytest.mark.parametrize(
    "url",
    [
        "https://[2002:7f00:1::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://127.0.0.1/x",
        "https://2130706433/x",  # 127.0.0.1 as one number: a name, resolved, then refused
    ],
)
def test_ip_literal_urls_of_private_addresses_are_refused(url):
    def resolver(host, port):
        return [str(ipaddress.ip_address(int(host)))]

    with pytest.raises(FetchError, match="refused"):
        HttpsFetcher(resolver=resolver).fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://x:99999/",
        "https://x:0/",
        "https://x:port/",
        "https://[::1/",
        "https://[not-v6]/",
        "https://a..b/",
        "https://" + "a" * 64 + ".example/",
        "https://" + ".".join(["abcdefghij"] * 24) + ".example/",  # longer than 253
        "https://exa mple.org/",
        "https://example.org/\r\nHost: evil",
        "https://user:secret@example.org/",
        "https:///nohost",
        "ftp://example.org/",
        "http://example.org/",  # http is off by default
        "https://-bad-.example/",
        "https://ex%41mple.org/",
        "",
    ],
)
def test_malformed_urls_are_a_fetch_error_before_any_lookup(url):
    resolver = Resolver(["93.184.216.34"])
    with pytest.raises(FetchError):
        HttpsFetcher(resolver=resolver).fetch(url)
    assert resolver.calls == []


def test_an_international_name_is_looked_up_as_its_ascii_form():
    resolver = Resolver(["127.0.0.1"])
    with pytest.raises(FetchError, match="not a public address"):
        HttpsFetcher(resolver=resolver).fetch("https://bücher.example/badge")
    assert resolver.calls == [("xn--bcher-kva.example", 443)]


def test_a_resolver_error_is_a_fetch_error():
    def resolver(host, port):
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(FetchError, match="could not be resolved"):
        HttpsFetcher(resolver=resolver).fetch("https://nowhere.test/")


# --- real loopback servers ----------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict] = {}
    seen: ClassVar[list] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.seen.append({"path": self.path, "host": self.headers.get("Host")})
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and "X-No-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def http_server(routes: dict, tls: ssl.SSLContext | None = None):
    handler = type("Handler", (_Handler,), {"routes": routes, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler.seen
    finally:
        server.shutdown()
        server.server_close()


def loopback_fetcher(**kwargs) -> HttpsFetcher:
    kwargs.setdefault("resolver", Resolver(["127.0.0.1"]))
    return HttpsFetcher(allow_private=True, allow_http=True, cache_seconds=0, **kwargs)


def test_fetches_a_document_from_a_real_server():
    with http_server({"/doc.json": (200, {}, b'{"ok": true}')}) as (port, seen):
        body = loopback_fetcher().fetch(f"http://issuer.test:{port}/doc.json#frag")
    assert body == b'{"ok": true}'
    assert seen == [{"path": "/doc.json", "host": f"issuer.test:{port}"}]


def test_non_ascii_paths_are_sent_percent_encoded():
    routes = {"/b%C3%A4dge.json?lang=%E4%B8%AD": (200, {}, b"{}")}
    with http_server(routes) as (port, seen):
        assert loopback_fetcher().fetch(f"http://a.test:{port}/bädge.json?lang=中") == b"{}"
    assert seen[0]["path"] == "/b%C3%A4dge.json?lang=%E4%B8%AD"


def test_connects_to_the_address_it_checked_not_to_a_second_answer():
    """DNS rebinding: the name answers a checked address first and another one
    after. The fetcher asks once and connects to the first answer; the Host
    header still names the host. (The system resolver does not know
    rebind.test, so a second lookup by anyone else would fail the fetch.)"""
    resolver = Resolver(["127.0.0.1"], ["192.0.2.1"])
    with http_server({"/k": (200, {}, b"key")}) as (port, seen):
        fetcher = loopback_fetcher(resolver=resolver)
        assert fetcher.fetch(f"http://rebind.test:{port}/k") == b"key"
    assert resolver.calls == [("rebind.test", port)]
    assert seen[0]["host"] == f"rebind.test:{port}"


def test_tries_the_next_checked_address_when_one_does_not_answer():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()
    with http_server({"/k": (200, {}, b"key")}) as (port, _seen):
        # ::1 may not be served at all; 127.0.0.1 is: both were checked
        resolver = Resolver(["::1", "127.0.0.1"])
        assert loopback_fetcher(resolver=resolver).fetch(f"http://two.test:{port}/k") == b"key"
    with pytest.raises(FetchError, match="could not be fetched"):
        loopback_fetcher().fetch(f"http://dead.test:{dead_port}/")


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_not_followed(status):
    routes = {"/a": (status, {"Location": "http://127.0.0.1:1/internal"}, b"")}
    with http_server(routes) as (port, seen), pytest.raises(FetchError, match="redirect"):
        loopback_fetcher().fetch(f"http://r.test:{port}/a")
    assert [s["path"] for s in seen] == ["/a"]


def test_an_error_status_is_a_fetch_error():
    with http_server({}) as (port, _seen), pytest.raises(FetchError, match="HTTP 404"):
        loopback_fetcher().fetch(f"http://r.test:{port}/missing")


@pytest.mark.parametrize("declared", [True, False])
def test_at_most_max_bytes_are_read(declared):
    headers = {} if declared else {"X-No-Length": "1"}
    routes = {"/big": (200, headers, b"x" * 5000), "/fits": (200, headers, b"y" * 1000)}
    with http_server(routes) as (port, _seen):
        fetcher = loopback_fetcher(max_bytes=1000)
        with pytest.raises(FetchError, match="larger than 1000 bytes"):
            fetcher.fetch(f"http://big.test:{port}/big")
        assert fetcher.fetch(f"http://big.test:{port}/fits") == b"y" * 1000


@contextmanager
def drip_server(prefix: bytes, interval: float):
    """Accepts connections and sends ``prefix`` then one byte every ``interval``
    seconds, for as long as the client stays."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve(conn):
        with conn:
            try:
                conn.recv(65536)
                data = prefix
                while not stop.is_set():
                    conn.sendall(data[:1] or b"x")
                    data = data[1:]
                    time.sleep(interval)
            except OSError:
                pass

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize(
    "prefix",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n",  # the body drips
        b"HTTP/1.1 200 OK\r\nX-Slow: ",  # a header line drips, never ending
        b"",  # the status line drips
    ],
)
def test_a_slow_drip_stops_at_the_total_deadline(prefix):
    # Every byte comes well within any per-read timeout; only a total deadline ends it.
    with drip_server(prefix, interval=0.05) as port:
        fetcher = loopback_fetcher(timeout=1.0, max_bytes=10_000_000)
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"longer than 1 s in all"):
            fetcher.fetch(f"http://drip.test:{port}/")
        # a hang guard, not a speed figure (the drip would go on for ever)
        assert time.monotonic() - started < 30


def test_a_slow_resolver_counts_against_the_deadline():
    def resolver(host, port):
        time.sleep(5)
        return ["127.0.0.1"]

    started = time.monotonic()
    with pytest.raises(FetchError, match="longer than 0.5 s"):
        HttpsFetcher(resolver=resolver, timeout=0.5).fetch("https://slow-dns.test/")
    assert time.monotonic() - started < 4.5


# --- TLS at a pinned address ---------------------------------------------------------


def _certificate(name: str) -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS server on 127.0.0.1 whose certificate is for satchel.test only,
    recording the SNI name each handshake asked for; and a client context
    that trusts that certificate."""

    @contextmanager
    def run(cert_name: str):
        cert_pem, key_pem = _certificate(cert_name)
        (tmp_path / "cert.pem").write_bytes(cert_pem)
        (tmp_path / "key.pem").write_bytes(key_pem)
        server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_ctx.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
        sni: list = []
        server_ctx.sni_callback = lambda sock, name, ctx: sni.append(name)
        client_ctx = ssl.create_default_context(cadata=cert_pem.decode())
        with http_server({"/did.json": (200, {}, b"{}")}, tls=server_ctx) as (port, seen):
            yield port, client_ctx, sni, seen

    return run


def test_tls_goes_to_the_pinned_address_but_verifies_the_host_name(tls_server):
    with tls_server("satchel.test") as (port, client_ctx, sni, seen):
        resolver = Resolver(["127.0.0.1"], ["192.0.2.1"])
        fetcher = HttpsFetcher(
            allow_private=True, resolver=resolver, ssl_context=client_ctx, cache_seconds=0
        )
        assert fetcher.fetch(f"https://satchel.test:{port}/did.json") == b"{}"
    assert resolver.calls == [("satchel.test", port)]
    assert sni == ["satchel.test"]
    assert seen == [{"path": "/did.json", "host": f"satchel.test:{port}"}]


def test_a_certificate_for_another_name_is_refused_at_the_pinned_address(tls_server):
    with tls_server("other.test") as (port, client_ctx, sni, seen):
        fetcher = HttpsFetcher(
            allow_private=True, resolver=Resolver(["127.0.0.1"]), ssl_context=client_ctx
        )
        with pytest.raises(FetchError, match="could not be fetched"):
            fetcher.fetch(f"https://satchel.test:{port}/did.json")
    assert sni == ["satchel.test"]
    assert seen == []


def test_an_untrusted_certificate_is_refused(tls_server):
    with tls_server("satchel.test") as (port, _client_ctx, _sni, seen):
        fetcher = HttpsFetcher(allow_private=True, resolver=Resolver(["127.0.0.1"]))
        with pytest.raises(FetchError, match="could not be fetched"):
            fetcher.fetch(f"https://satchel.test:{port}/did.json")
    assert seen == []
