"""did:jwk — the DID is a base64url-encoded public JWK; its one key is ``#0``."""

from __future__ import annotations

from .. import jsonsafe, reasons
from ..encoding import b64url_decode
from ..keys import KeyInvalid, from_jwk


def resolve(did: str, fetcher=None) -> dict:
    try:
        jwk = jsonsafe.loads(b64url_decode(did[len("did:jwk:") :]))
    except ValueError:
        raise reasons.error(KeyInvalid, "did.jwk_invalid", did=did[:40]) from None
    if not isinstance(jwk, dict) or "d" in jwk:
        raise reasons.error(KeyInvalid, "did.jwk_private")
    from_jwk(jwk)
    vm_id = f"{did}#0"
    return {
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "JsonWebKey", "controller": did, "publicKeyJwk": jwk}
        ],
        "assertionMethod": [vm_id],
        "authentication": [vm_id],
    }
