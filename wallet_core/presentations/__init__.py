"""Presentations: a holder shows credentials to one verifier, once.

Two shapes are accepted by ``verify_presentation``:

- **VP-JWT** (W3C VC-JWT 1.1 presentation): header ``{"alg": "EdDSA" | "ES256",
  "typ": "JWT", "kid": "<holder DID>#<key>"}``, payload ``{"iss": holder DID,
  "aud": verifier audience, "nonce": verifier nonce, "iat", "exp"?, "vp":
  {"@context", "type": ["VerifiablePresentation"], "holder"?: holder DID,
  "verifiableCredential": [...]}}``. Each credential is a JSON credential
  object or a compact string (VC-JWT, SD-JWT, SD-JWT+KB). The holder is a
  ``did:key`` or ``did:jwk`` (resolved locally, never over the network).
- **SD-JWT+KB** presented alone: the key binding JWT is the holder's signature,
  the holder is the key in ``cnf.jwk`` (named by ``sub`` when the disclosed
  ``sub`` is a DID of that key, else as a ``did:jwk``).

The result is a ``PresentationVerdict``: presentation checks (``holder_signature``,
``audience``, ``nonce``, ``freshness``; the rules are in ``checks.py`` and
decision D6) and, per credential, the credential's own ``Verdict`` plus a
``holder_binding`` check (the credential was issued to the holder who signed:
``credentialSubject.id`` / ``sub`` equals the holder DID, or the SD-JWT's
``cnf`` key is the holder's key). Nothing unchecked reads as valid: no expected
audience or nonce is ``could_not_check``, never ``passed``. Every check carries
a reason code (``wallet_core/i18n``).

A nonce is single-use; that is the caller's job (the server stores and consumes
nonces). ``verify_presentation(accepted_at=...)`` re-checks an accepted
presentation later: freshness is judged at the moment it was accepted, while the
credentials' own dates and status are judged now.

The modules: ``reading`` (shape, parts, ``claimed``), ``checks`` (one function
per check), ``verifying`` (``verify_presentation``), ``creating``
(``create_vp_jwt``, ``create_sd_jwt_presentation``: tests, CLI; the wallet app
does the same in JavaScript) and ``qr`` (``qr_encode``/``qr_decode``: the
``SVP2:`` QR text, parts of one, and the older ``SVP1:``; see ``docs/api.md``).
"""

from __future__ import annotations

import msgspec

from .creating import create_sd_jwt_presentation, create_vp_jwt
from .model import (
    HOLDER_METHODS,
    IN_PERSON_AUDIENCE,
    MAX_CREDENTIALS,
    PRESENTATION_ALGS,
    PRESENTATION_LIFETIME,
    QR_PREFIX,
    VP_CONTEXT,
    Claimed,
    PresentationVerdict,
    PresentedCredential,
)
from .qr import qr_decode, qr_encode, qr_encode_parts, qr_encode_v1, qr_join
from .reading import claimed
from .verifying import verify_presentation


def to_json(verdict: PresentationVerdict) -> bytes:
    return msgspec.json.encode(verdict)


__all__ = [
    "HOLDER_METHODS",
    "IN_PERSON_AUDIENCE",
    "MAX_CREDENTIALS",
    "PRESENTATION_ALGS",
    "PRESENTATION_LIFETIME",
    "QR_PREFIX",
    "VP_CONTEXT",
    "Claimed",
    "PresentationVerdict",
    "PresentedCredential",
    "claimed",
    "create_sd_jwt_presentation",
    "create_vp_jwt",
    "qr_decode",
    "qr_encode",
    "qr_encode_parts",
    "qr_encode_v1",
    "qr_join",
    "to_json",
    "verify_presentation",
]
