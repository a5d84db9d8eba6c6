"""A software WebAuthn authenticator for the tests, written from the WebAuthn
Level 3 data formats: it makes real key pairs (ES256 or EdDSA), builds the
attestation object (format "none"), authenticator data and clientDataJSON by
hand and signs assertions, so py_webauthn on the server checks real
signatures. Knobs let a test lie about the origin, the RP ID, the UV flag or
the signature counter."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass, field

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server.security.tokens import b64url, b64url_decode

UP, UV, BE, BS, AT = 0x01, 0x04, 0x08, 0x10, 0x40


@dataclass
class StoredCredential:
    credential_id: bytes
    key: ec.EllipticCurvePrivateKey | Ed25519PrivateKey
    rp_id: str
    user_handle: bytes
    counter: int = 0


@dataclass
class SoftAuthenticator:
    origin: str
    rp_id: str
    alg: str = "ES256"
    counting: bool = True  # False: like synced passkeys, the counter stays 0
    credentials: dict[bytes, StoredCredential] = field(default_factory=dict)

    # -- helpers -----------------------------------------------------------

    def _cose_public_key(self, key) -> bytes:
        if isinstance(key, Ed25519PrivateKey):
            raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            return cbor2.dumps({1: 1, 3: -8, -1: 6, -2: raw})
        numbers = key.public_key().public_numbers()
        return cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
        )

    def _sign(self, key, data: bytes) -> bytes:
        if isinstance(key, Ed25519PrivateKey):
            return key.sign(data)
        return key.sign(data, ec.ECDSA(hashes.SHA256()))

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin or self.origin, "crossOrigin": False},
            separators=(",", ":"),
        ).encode()

    # -- ceremonies --------------------------------------------------------

    def create(
        self, options: dict, *, origin: str | None = None, rp_id: str | None = None, uv: bool = True, rk: bool = True
    ) -> dict:
        """navigator.credentials.create() → RegistrationResponseJSON."""
        rp = rp_id or options["rp"]["id"]
        key = Ed25519PrivateKey.generate() if self.alg == "EdDSA" else ec.generate_private_key(ec.SECP256R1())
        cred_id = os.urandom(16)
        user_handle = b64url_decode(options["user"]["id"])
        flags = UP | AT | (UV if uv else 0)
        auth_data = (
            hashlib.sha256(rp.encode()).digest()
            + bytes([flags])
            + struct.pack(">I", 0)
            + bytes(16)  # AAGUID: none
            + struct.pack(">H", len(cred_id))
            + cred_id
            + self._cose_public_key(key)
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        self.credentials[cred_id] = StoredCredential(cred_id, key, rp, user_handle)
        return {
            "id": b64url(cred_id),
            "rawId": b64url(cred_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": rk}},
            "authenticatorAttachment": "platform",
        }

    def get(
        self,
        options: dict,
        *,
        credential_id: bytes | None = None,
        origin: str | None = None,
        rp_id: str | None = None,
        uv: bool = True,
        counter: int | None = None,
        user_handle: bytes | None = None,
    ) -> dict:
        """navigator.credentials.get() with a discoverable credential → AuthenticationResponseJSON."""
        rp = rp_id or options["rpId"]
        if credential_id is None:
            matching = [c for c in self.credentials.values() if c.rp_id == options["rpId"]]
            cred = matching[0]
        else:
            cred = self.credentials[credential_id]
        if counter is None:
            if self.counting:
                cred.counter += 1
            counter = cred.counter
        auth_data = hashlib.sha256(rp.encode()).digest() + bytes([UP | (UV if uv else 0)]) + struct.pack(">I", counter)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self._sign(cred.key, auth_data + hashlib.sha256(client_data).digest())
        return {
            "id": b64url(cred.credential_id),
            "rawId": b64url(cred.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(user_handle or cred.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
