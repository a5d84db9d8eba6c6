"""In-person QR codes (issue 14): how long the code of a typical presentation is in
SVP1 and SVP2, and which QR version it needs (segno, alphanumeric mode).

The presentations are shaped like the wallet's in-person code: a VP-JWT for the
audience ``satchel:offline`` with a phone-made nonce, carrying SD-JWT VCs shaped
like Satchel's own issuer's (twelve selectively disclosable achievement fields,
a status reference, a did:web issuer) with two fields disclosed besides ``sub``.
"""

from __future__ import annotations

import secrets
import time

import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wallet_core import sdjwt
from wallet_core.presentations import (
    create_sd_jwt_presentation,
    create_vp_jwt,
    qr_encode,
    qr_encode_parts,
    qr_encode_v1,
)
from wallet_core.sign import did_key_for

ISSUER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
HOLDER = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
ISSUER_DID = "did:web:skills.example.edu.hk"
AUD = "satchel:offline"


def satchel_sd_jwt(name: str, holder_did: str) -> str:
    achievement = {
        "id": f"https://skills.example.edu.hk/achievements/{name.lower().replace(' ', '-')}",
        "name": name,
        "type": "MicroCredential",
        "version": "1.0",
        "description": f"{name}: a short course on the principles and practice, with a final project.",
        "criteria": "Completed every module and passed the final assessment with at least 60 %.",
        "learning_outcomes": ["Explain the key ideas", "Apply them to a case study"],
        "assessment": "Project and written test",
        "credits": "5",
        "workload": "50 hours",
        "level": "HKQF Level 4",
        "mode": "blended",
        "quality_assurance": "HKCAAVQ",
        "prerequisites": "None",
        "stacks_into": ["Certificate in Sustainable Business"],
        "alignments": [{"name": "Sustainability reporting", "framework": "ESCO", "url": "http://data.europa.eu/esco/skill/x"}],
    }
    claims = {"sub": holder_did, "name": name, "issuer_name": "Example Institute", "lang": "en", "achievement": achievement,
              "status": {"status_list": {"idx": 17, "uri": "https://skills.example.edu.hk/api/v1/status/1"}}}
    paths = ["sub"] + [f"achievement.{k}" for k in ("description", "criteria", "learning_outcomes", "assessment", "credits",
                                                     "workload", "level", "mode", "quality_assurance", "prerequisites",
                                                     "stacks_into", "alignments")]
    return sdjwt.issue(claims, ISSUER, vct="https://skills.example.edu.hk/vct/achievement", disclosable=paths,
                       iat=int(time.time()) - 86400, issuer=ISSUER_DID, kid=f"{ISSUER_DID}#key-1",
                       holder_jwk=sdjwt.ed25519_jwk(HOLDER))


def in_person(count: int) -> str:
    """A VP-JWT as the wallet shows in person, with ``count`` SD-JWT credentials (two fields each)."""
    holder_did = did_key_for(HOLDER)[0]
    nonce, iat = secrets.token_urlsafe(16), int(time.time())
    names = ["Green Finance", "Data Literacy", "Team Leadership"]
    creds = [create_sd_jwt_presentation(satchel_sd_jwt(names[i], holder_did), ["sub", "achievement.level", "achievement.credits"],
                                        HOLDER, audience=AUD, nonce=nonce, iat=iat) for i in range(count)]
    return create_vp_jwt(creds, HOLDER, audience=AUD, nonce=nonce, iat=iat, exp=iat + 900)


def version(text: str, error: str) -> int:
    return segno.make(text, error=error, micro=False, boost_error=False).version


def qr_rows() -> list[tuple[str, int, int, int, int, str]]:
    """(what, presentation length, SVP1 length, SVP1 version at L, SVP2 length, SVP2 codes: version of each at L)."""
    rows = []
    for count in (1, 2):
        vp = in_person(count)
        v1, v2 = qr_encode_v1(vp), qr_encode(vp)
        parts = qr_encode_parts(vp)
        rows.append((f"{count} credential{'s' if count > 1 else ''}", len(vp), len(v1), version(v1, "l"), len(v2),
                     ", ".join(f"{len(p)} ch v{version(p, 'l')}" for p in parts)))
    return rows


def print_qr_sizes() -> bool:
    print("\n== in-person QR codes (VP-JWT of SD-JWT VCs, two fields each; alphanumeric mode, level L) ==")
    print(f"{'':<14}{'VP-JWT':>8}{'SVP1':>7}{'ver':>5}{'SVP2':>7}   SVP2 as shown (parts of 1,000 characters at most)")
    ok = True
    for what, n, l1, ver1, l2, parts in qr_rows():
        print(f"{what:<14}{n:>8,}{l1:>7,}{ver1:>5}{l2:>7,}   {parts}")
        ok = ok and l2 < l1
    return ok


if __name__ == "__main__":
    print_qr_sizes()
