"""X-Forwarded-For is believed only from configured proxies: from loopback, a
rotating header does not escape the share-page or sign-in rate limits, unless
the operator named loopback with --trusted-proxies (then each forwarded client
has its own budget, which shows the header really is what is being ignored)."""

from __future__ import annotations

import httpx
import pytest

from server.cli import build_parser
from server.settings import Settings
from tests.conftest import LiveServer

UNKNOWN_SHARE = "/s/" + "A" * 43  # token-shaped: the rate limit is taken before the lookup
SIGNIN = "/api/v1/account/signin/options"
VIEW_BURST = 60  # ShareConfig.view_rate: 60 a minute, burst 60
SIGNIN_BURST = 30  # Settings.auth_rate_limit


def _server(tmp_path_factory, name: str, extra: list[str]) -> LiveServer:
    data = tmp_path_factory.mktemp(name) / "data"
    data.mkdir()
    return LiveServer(data, ["--no-demo", "--offline", *extra])


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    server = _server(tmp_path_factory, "xff-plain", [])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    server = _server(tmp_path_factory, "xff-proxied", ["--trusted-proxies", "127.0.0.1,::1"])
    yield server
    server.stop()


def _statuses(server: LiveServer, method: str, path: str, count: int) -> list[int]:
    with httpx.Client(base_url=server.url, timeout=20) as client:
        return [
            client.request(method, path, headers={"X-Forwarded-For": f"203.0.113.{i % 250 + 1}"}).status_code
            for i in range(count)
        ]


def test_rotating_x_forwarded_for_from_loopback_does_not_escape_the_share_page_limit(plain):
    codes = _statuses(plain, "GET", UNKNOWN_SHARE, VIEW_BURST + 5)
    assert codes[:VIEW_BURST] == [404] * VIEW_BURST
    assert codes[VIEW_BURST:] == [429] * 5


def test_rotating_x_forwarded_for_from_loopback_does_not_escape_the_sign_in_limit(plain):
    codes = _statuses(plain, "POST", SIGNIN, SIGNIN_BURST + 3)
    assert codes[:SIGNIN_BURST] == [200] * SIGNIN_BURST
    assert codes[SIGNIN_BURST:] == [429] * 3


def test_a_trusted_proxy_names_the_client_for_the_limits(proxied):
    # every request comes from a different forwarded client: none is limited
    assert set(_statuses(proxied, "GET", UNKNOWN_SHARE, VIEW_BURST + 5)) == {404}
    assert set(_statuses(proxied, "POST", SIGNIN, SIGNIN_BURST + 3)) == {200}
    # one forwarded client still has one budget
    with httpx.Client(base_url=proxied.url, timeout=20) as client:
        same = [
            client.get(UNKNOWN_SHARE, headers={"X-Forwarded-For": "198.51.100.7"}).status_code
            for _ in range(VIEW_BURST + 1)
        ]
    assert same[-1] == 429


def test_trusted_proxies_must_be_addresses_or_networks(capsys):
    parser = build_parser()
    args = parser.parse_args(["serve", "--trusted-proxies", "10.0.0.5, 10.1.0.0/16"])
    assert args.trusted_proxies == ("10.0.0.5", "10.1.0.0/16")
    assert parser.parse_args(["serve"]).trusted_proxies == ()
    for bad in ("*", "proxy.example", "10.0.0.300"):
        with pytest.raises(SystemExit):
            parser.parse_args(["serve", "--trusted-proxies", bad])
        assert "is not an IP address or network" in capsys.readouterr().err
    with pytest.raises(ValueError):
        Settings(trusted_proxies=("10.0.0.1", "everyone"))
