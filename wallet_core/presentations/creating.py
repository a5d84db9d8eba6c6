"""Building presentations (tests and tools; the wallet app does this in JavaScript)."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric import ed25519

from ..encoding import b64url_encode
from .model import VP_CONTEXT


def _jws(header: dict, payload: dict, key) -> str:
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    return f"{head}.{body}.{b64url_encode(key.sign(f'{head}.{body}'.encode('ascii')))}"


def create_vp_jwt(
    credentials: list,
    holder_key: ed25519.Ed25519PrivateKey,
    *,
    audience: str,
    nonce: str,
    iat: int,
    exp: int | None = None,
    holder: str | None = None,
) -> str:
    """A VP-JWT signed with the holder's Ed25519 key (holder defaults to its did:key).

    ``credentials``: JSON credential objects and/or compact JWT / SD-JWT strings."""
    if holder is None:
        from ..dids.did_key import did_key_from_ed25519_public

        holder = did_key_from_ed25519_public(holder_key.public_key().public_bytes_raw())
    kid = f"{holder}#{holder[len('did:key:'):]}" if holder.startswith("did:key:") else f"{holder}#0"
    payload = {
        "iss": holder,
        "aud": audience,
        "nonce": nonce,
        "iat": iat,
        "vp": {
            "@context": [VP_CONTEXT],
            "type": ["VerifiablePresentation"],
            "holder": holder,
            "verifiableCredential": list(credentials),
        },
    }
    if exp is not None:
        payload["exp"] = exp
    return _jws({"alg": "EdDSA", "typ": "JWT", "kid": kid}, payload, holder_key)


def create_sd_jwt_presentation(sd_jwt: str, disclose, holder_key, *, audience: str, nonce: str, iat: int) -> str:
    """An SD-JWT+KB keeping only the claim paths in ``disclose``."""
    from ..sdjwt import present

    return present(sd_jwt, disclose, holder_key, aud=audience, nonce=nonce, iat=iat)
