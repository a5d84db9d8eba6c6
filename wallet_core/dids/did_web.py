"""did:web — the DID document is fetched over HTTPS, through the injected fetcher."""

from __future__ import annotations

import re
from urllib.parse import unquote

from .. import jsonsafe, reasons
from ..fetch_reasons import unavailable
from ..fetcher import FetchError
from ..keys import KeyInvalid, KeyUnavailable

# A host name (or IP address), optionally with a port: did:web:example.com%3A8443
_HOST = re.compile(r"^[^\s/?#@\[\]:%\\]+(:[0-9]{1,5})?$")


def document_url(did: str) -> str:
    parts = did[len("did:web:") :].split(":")
    host = unquote(parts[0])
    if not _HOST.match(host) or int(host.partition(":")[2] or 443) > 65535:
        raise reasons.error(KeyInvalid, "did.web_host", did=did[:200])
    path = "/".join(unquote(p) for p in parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def resolve(did: str, fetcher) -> dict:
    url = document_url(did)
    if fetcher is None:
        raise KeyUnavailable(*unavailable("DID document", url, "offline"))
    try:
        body = fetcher.fetch(url)
    except FetchError as exc:
        raise KeyUnavailable(*unavailable("DID document", url, getattr(exc, "kind", "unreachable"), str(exc))) from None
    try:
        doc = jsonsafe.loads(body)
    except ValueError:
        raise reasons.error(KeyInvalid, "did.not_json", url=url) from None
    if not isinstance(doc, dict) or doc.get("id") != did:
        raise reasons.error(KeyInvalid, "did.other", url=url, did=did)
    return doc
