"""Fixtures for the account, backup and sync tests: an app whose public URL is
https://wallet.example (so the session cookie is the __Host- Secure one), a
software authenticator, and Device: one browser's view of the API (its own
session cookie and CSRF token), so several devices can share one server."""

from __future__ import annotations

import os

import httpx
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from litestar.testing import TestClient

from server.app import create_app
from server.security.sessions import ACCOUNT
from server.security.tokens import b64url, b64url_decode
from server.settings import Settings
from tests.accounts.authenticator import SoftAuthenticator

PUBLIC_URL = "https://wallet.example"


class Device:
    """One device: an HTTP client plus that device's session cookie and CSRF token."""

    def __init__(self, client: httpx.Client, public_url: str, authenticator: SoftAuthenticator) -> None:
        self.client = client
        self.cookie_name = ACCOUNT.cookie_name(public_url)
        self.origin = public_url
        self.authenticator = authenticator
        self.session: str | None = None
        self.csrf: str | None = None
        self.account: dict | None = None

    def request(self, method: str, path: str, *, csrf: bool = True, origin: bool = True, **kwargs) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.session:
            headers["Cookie"] = f"{self.cookie_name}={self.session}"
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            headers.setdefault("X-CSRF-Token", self.csrf)
        if origin and method not in ("GET", "HEAD"):
            headers.setdefault("Origin", self.origin)
        self.client.cookies.clear()
        response = self.client.request(method, path, headers=headers, **kwargs)
        self.client.cookies.clear()
        return response

    def _signed_in(self, response: httpx.Response) -> httpx.Response:
        if response.status_code in (200, 201):
            self.session = response.cookies.get(self.cookie_name)
            self.account = response.json()
            self.csrf = self.account["csrf_token"]
        return response

    def register(self, display_name: str = "Amina's wallet", **create_kwargs) -> httpx.Response:
        options = self.request("POST", "/api/v1/account/register/options", json={"display_name": display_name})
        assert options.status_code == 200, options.text
        credential = self.authenticator.create(options.json(), **create_kwargs)
        return self._signed_in(
            self.request("POST", "/api/v1/account/register/verify", json={"credential": credential, "name": "Phone"})
        )

    def signin_options(self) -> dict:
        response = self.request("POST", "/api/v1/account/signin/options")
        assert response.status_code == 200, response.text
        return response.json()

    def signin_with(self, credential: dict) -> httpx.Response:
        return self._signed_in(self.request("POST", "/api/v1/account/signin/verify", json={"credential": credential}))

    def signin(self, **get_kwargs) -> httpx.Response:
        return self.signin_with(self.authenticator.get(self.signin_options(), **get_kwargs))


def encrypt(key: bytes, plaintext: bytes) -> str:
    """What the PWA does: AES-256-GCM with a random 96-bit nonce, nonce || ciphertext+tag."""
    nonce = os.urandom(12)
    return b64url(nonce + AESGCM(key).encrypt(nonce, plaintext, None))


def decrypt(key: bytes, blob: str) -> bytes:
    raw = b64url_decode(blob)
    return AESGCM(key).decrypt(raw[:12], raw[12:], None)


@pytest.fixture
def settings(tmp_path, database) -> Settings:
    return Settings(data_dir=tmp_path / "data", offline=True, demo=False, public_url=PUBLIC_URL, database_url=database)


@pytest.fixture
def client(settings):
    with TestClient(app=create_app(settings), base_url=PUBLIC_URL) as client:
        yield client


@pytest.fixture
def authenticator() -> SoftAuthenticator:
    return SoftAuthenticator(origin=PUBLIC_URL, rp_id="wallet.example")


@pytest.fixture
def device(client, authenticator) -> Device:
    return Device(client, PUBLIC_URL, authenticator)


@pytest.fixture
def signed_in(device) -> Device:
    response = device.register()
    assert response.status_code == 201, response.text
    return device
