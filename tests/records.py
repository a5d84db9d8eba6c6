"""Learner's record files (decision D29) for tests: real credentials from a live server
(tests/issued.py) in two formats, a self-asserted entry, and the record the PWA's own
code makes of them (tests/oracle/record_make.mjs)."""

from __future__ import annotations

import httpx

from tests.issued import award_credential
from tests.oracle import make_record, new_wallet_key

ENTRY = {"kind": "work", "title": "Barista", "organisation": "Harbour Café", "description": "Opened the shop at six.",
         "start": "2024-01-08", "end": "2024-06-30"}


def verdict_of(server, text: str) -> dict:
    r = httpx.post(server.url + "/api/v1/verify", content=text.encode(), headers={"Content-Type": "text/plain"}, timeout=30)
    r.raise_for_status()
    return r.json()["verdict"]


def held_credentials(server, did: str, jwk: dict) -> list[dict]:
    """An OB 3.0 course (JSON-LD, eddsa-rdfc-2022, with an ESCO alignment) and an SD-JWT VC bound
    to the wallet's key, as the wallet stores them: {credential, verdict}."""
    public = {k: jwk[k] for k in ("kty", "crv", "x")}
    texts = [
        award_credential(server, did, "ai-foundations", form="json"),
        award_credential(server, did, "green-finance", form="sd_jwt", holder_jwk=public),
    ]
    held = []
    for text in texts:
        verdict = verdict_of(server, text)
        assert verdict["result"] == "valid", verdict["checks"]
        held.append({"credential": verdict["credential"], "verdict": verdict})
    return held


def record_for(server, name: str = "") -> dict:
    """{"did", "record", "resume", "jwk"}: a new wallet's record of two issued credentials and ENTRY."""
    jwk = new_wallet_key()
    did = make_record(jwk, [], [])["did"]
    made = make_record(jwk, held_credentials(server, did, jwk), [ENTRY], name=name)
    assert made["did"] == did
    return {**made, "jwk": jwk}
