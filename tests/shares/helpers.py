"""A test learner: an Ed25519 did:key wallet that asks for nonces, signs
presentations (wallet_core.presentations, real signatures) and creates shares.
Works with Litestar's TestClient and with httpx against a live server."""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.issued import award_credential
from wallet_core.presentations import create_vp_jwt
from wallet_core.sign import did_key_for, sign_eddsa_jcs_2022

DEMO_SLUGS = ["ai-foundations", "cloud-computing-basics", "green-finance", "teacher-cpd"]


class Learner:
    def __init__(self, seed: int | None = None):
        self.key = (
            Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32) if seed is not None else Ed25519PrivateKey.generate()
        )
        self.did = did_key_for(self.key)[0]
        self.secret = secrets.token_urlsafe(32)

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.secret}"}

    def credential(self, where, slug: str = "green-finance", lang: str = "en") -> dict:
        """An OB 3.0 credential for this learner from ``where``'s issuer (tests/issued.py)."""
        return award_credential(where, self.did, slug, lang)

    def nonce(self, client) -> dict:
        r = client.post("/api/v1/shares/nonce")
        assert r.status_code == 200, r.text
        return r.json()

    def present(self, client, credentials: list, *, audience=None, nonce=None, iat=None, key=None) -> str:
        fresh = self.nonce(client)
        return create_vp_jwt(
            credentials,
            key or self.key,
            audience=audience or fresh["audience"],
            nonce=nonce or fresh["nonce"],
            iat=int(iat if iat is not None else time.time()),
            holder=self.did,
        )

    def share_body(self, presentation: str, label: str = "For Acme Ltd", days: float = 7) -> dict:
        expires = datetime.now(UTC) + timedelta(days=days)
        return {
            "presentation": presentation,
            "label": label,
            "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "manage_secret": self.secret,
        }

    def share(self, client, credentials: list, label: str = "For Acme Ltd", days: float = 7) -> dict:
        r = client.post("/api/v1/shares", content=json.dumps(self.share_body(self.present(client, credentials), label, days)))
        assert r.status_code == 201, r.text
        return r.json()


def signed_credential(subject: str, issuer_key: Ed25519PrivateKey | None = None, **fields) -> dict:
    """An OB 3.0 credential to ``subject`` signed (eddsa-jcs-2022) by a did:key issuer;
    ``fields`` override achievement fields (name, description, …) and the issuer name."""
    issuer_key = issuer_key or Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did, vm = did_key_for(issuer_key)
    achievement = {
        "id": "https://example.com/achievements/hostile",
        "type": ["Achievement"],
        "name": fields.get("name", "Teamwork"),
        "description": fields.get("description", "Works well in teams."),
        "criteria": {"narrative": fields.get("criteria", "Peer nomination.")},
    }
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:9f0b3c1e-2d4a-4b6c-8e1f-0a1b2c3d4e5f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": fields.get("issuer_name", "Example Corp")},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": achievement["name"],
        "credentialSubject": {"id": subject, "type": ["AchievementSubject"], "achievement": achievement},
    }
    return sign_eddsa_jcs_2022(credential, issuer_key, vm, "2025-01-01T00:00:00Z")


def signed_clr(subject: str) -> dict:
    """A CLR 2.0 transcript (six nested achievement credentials, ``tests/own_vectors.py``)
    issued to ``subject`` and signed (eddsa-rdfc-2022) by a did:key issuer."""
    from tests.own_vectors import clr

    return clr(subject)
