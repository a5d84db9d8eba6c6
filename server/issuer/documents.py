"""The server's own public documents (DID document, status lists, the Status List
Token), and a fetcher
that serves them to the verifier straight from the database.

did:web requires HTTPS, and a local server (http://127.0.0.1:8000) has none; and a
server should not fetch itself over the network anyway. So the verifier's fetcher
answers URLs under this server's own origins from SQLite, and hands every other
URL to the ordinary (limited, public-addresses-only) fetcher.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import unquote, urldefrag, urlsplit

import sqlite_utils

from server.issuer.identity import did_document, did_web_for, public_origin
from server.issuer.status import LISTS, TOKEN_LISTS, status_list_credential, status_list_token
from wallet_core.fetcher import FetchError

STATUS_PATH = re.compile(r"^/issuer/status/([0-9]{1,3})$")
TOKEN_PATH = re.compile(r"^/issuer/status-token/([0-9]{1,3})$")


def own_document(db: sqlite_utils.Database, public_url: str, path: str) -> dict | None:
    if path == "/.well-known/did.json":
        return did_document(db, public_url)
    match = STATUS_PATH.match(path)
    if match and int(match.group(1)) in LISTS:
        return status_list_credential(db, public_url, int(match.group(1)))
    return None


def own_bytes(db: sqlite_utils.Database, public_url: str, path: str, max_age: int = 300) -> bytes | None:
    """A document of this server as served: JSON documents, or the Status List Token."""
    match = TOKEN_PATH.match(path)
    if match and int(match.group(1)) in TOKEN_LISTS:
        return status_list_token(db, public_url, max_age).encode("ascii")
    doc = own_document(db, public_url, path)
    return None if doc is None else json.dumps(doc).encode()


class OwnDocumentsFetcher:
    def __init__(self, get_db: Callable[[], sqlite_utils.Database], public_url: str, fallback=None):
        self.get_db = get_db
        self.public_url = public_url
        origin = public_origin(public_url)
        did_host = unquote(did_web_for(public_url)[len("did:web:") :])
        # The public origin, and the https:// origin a did:web resolver derives from the DID.
        self.origins = {origin, f"https://{did_host}"}
        self.fallback = fallback

    def fetch(self, url: str) -> bytes:
        try:
            url = urldefrag(url)[0]
            parts = urlsplit(url)
        except ValueError as exc:  # e.g. "https://[::1/": not a URL, so nothing to fetch
            raise FetchError(f"{url[:200]} refused: not a valid URL ({exc})") from None
        if f"{parts.scheme}://{parts.netloc.lower()}" in self.origins:
            body = own_bytes(self.get_db(), self.public_url, parts.path)
            if body is None:
                raise FetchError(f"{url} is not a document of this server")
            return body
        if self.fallback is None:
            raise FetchError(f"{url} not fetched: offline")
        return self.fallback.fetch(url)
