"""The server's own public documents (DID document, status lists), and a fetcher
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
from server.issuer.status import LISTS, status_list_credential
from wallet_core.fetcher import FetchError

STATUS_PATH = re.compile(r"^/issuer/status/([0-9]{1,3})$")


def own_document(db: sqlite_utils.Database, public_url: str, path: str) -> dict | None:
    if path == "/.well-known/did.json":
        return did_document(db, public_url)
    match = STATUS_PATH.match(path)
    if match and int(match.group(1)) in LISTS:
        return status_list_credential(db, public_url, int(match.group(1)))
    return None


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
        url = urldefrag(url)[0]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc.lower()}" in self.origins:
            doc = own_document(self.get_db(), self.public_url, parts.path)
            if doc is None:
                raise FetchError(f"{url} is not a document of this server")
            return json.dumps(doc).encode()
        if self.fallback is None:
            raise FetchError(f"{url} not fetched: offline")
        return self.fallback.fetch(url)
