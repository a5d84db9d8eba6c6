"""DID methods, one module each, registered in ``METHODS``.

Each module offers ``resolve(did, fetcher) -> dict`` returning a DID document.
"""

from __future__ import annotations

from .. import reasons
from ..keys import KeyInvalid
from . import did_jwk, did_key, did_web

METHODS = {
    "key": did_key,
    "jwk": did_jwk,
    "web": did_web,
}


def method_of(did: str) -> str:
    parts = did.split(":", 2)
    if len(parts) < 3 or parts[0] != "did" or not parts[1] or not parts[2]:
        raise reasons.error(KeyInvalid, "did.invalid", did=repr(did))
    return parts[1]


def resolve(did: str, fetcher) -> dict:
    """Resolve a DID to its DID document (raises KeyInvalid / KeyUnavailable)."""
    method = method_of(did)
    module = METHODS.get(method)
    if module is None:
        raise reasons.error(KeyInvalid, "did.method", method=method)
    return module.resolve(did, fetcher)
