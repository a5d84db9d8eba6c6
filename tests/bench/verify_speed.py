"""`make bench`: Satchel's eddsa-rdfc-2022 verification (safe mode included)
against Digital Bazaar's verifier (@digitalbazaar/vc, safe mode) on the same
credential in the same run, one core each. Rates per wall-clock second and per
CPU second of the process (the second is steadier when the machine is busy).
Target (issue 11): Satchel >= 4x Digital Bazaar."""

from __future__ import annotations

import json
import subprocess
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.conftest import REPO
from wallet_core import VerifyOptions, verify
from wallet_core.document_loader import bundled_contexts
from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022

NODE_SCRIPT = REPO / "tests" / "bench" / "node" / "db_verify_rate.mjs"


def award() -> dict:
    """An Open Badges 3.0 micro-credential using only defined terms, from a did:key issuer."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did, method = did_key_for(key)
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:6a1f3c2e-0d5b-4f7e-9a8c-1b2d3e4f5a6b",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Green Finance",
        "credentialSubject": {
            "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.com/achievements/green-finance",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Green Finance",
                "description": "Sustainable investment, green bonds and climate risk disclosure.",
                "criteria": {"narrative": "Passed a written case-study assessment."},
                "creditsAvailable": 5,
                "inLanguage": "en",
                "fieldOfStudy": "Finance",
            },
        },
    }
    return sign_eddsa_rdfc_2022(credential, key, method, "2025-01-01T00:00:00Z")


def satchel_rates(credential: dict, seconds: float) -> tuple[str, float, float]:
    data = json.dumps(credential).encode()
    options = VerifyOptions()
    result = verify(data, options).result
    count = 0
    wall, cpu = time.perf_counter(), time.process_time()
    end = wall + seconds
    while time.perf_counter() < end:
        verify(data, options)
        count += 1
    return result, count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def digital_bazaar_rates(credential: dict, seconds: float) -> dict:
    job = {"credential": credential, "contexts": dict(bundled_contexts()), "seconds": seconds}
    out = subprocess.run(
        ["node", str(NODE_SCRIPT)], input=json.dumps(job), capture_output=True, text=True, cwd=REPO, check=True
    )
    return json.loads(out.stdout)


def print_verify_speed(seconds: float = 5.0) -> bool:
    print("\n== eddsa-rdfc-2022 verification: Satchel vs Digital Bazaar (same credential, same run) ==")
    credential = award()
    ours, wall, cpu = satchel_rates(credential, seconds)
    theirs = digital_bazaar_rates(credential, seconds)
    print(f"Satchel (wallet_core, safe mode)    {wall:8.0f}/s wall  {cpu:8.0f}/s CPU   verdict {ours}")
    print(f"Digital Bazaar (@digitalbazaar/vc)  {theirs['wall_rate']:8.0f}/s wall  {theirs['cpu_rate']:8.0f}/s CPU   "
          f"verified {theirs['verified']}")
    wall_ratio, cpu_ratio = wall / theirs["wall_rate"], cpu / theirs["cpu_rate"]
    print(f"ratio                               {wall_ratio:8.2f}x wall {cpu_ratio:8.2f}x CPU   (target >= 4x)")
    return ours == "valid" and theirs["verified"] is True
