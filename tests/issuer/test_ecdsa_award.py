"""Awards signed ecdsa-rdfc-2019 on request, with the issuer's P-256 did:web key:
Satchel's verifier and Digital Bazaar's (vc + ecdsa-rdfc-2019-cryptosuite, safe
mode, with a document loader serving the server's own did.json and the bundled
contexts) both accept them, and both refuse them once changed."""

from __future__ import annotations

import copy

from tests.p256 import oracle

from .test_console import award_id_from
from .test_oid4vci import verdict_of
from .wallet import Wallet

DID = "did:web:testserver.local"


def award(console, proof: str, achievement: str = "green-finance") -> dict:
    form = {"csrf": console.csrf, "achievement": achievement, "subject": Wallet().did, "proof": proof}
    page = console.post("/console/awards", data=form)
    assert [r.status_code for r in page.history] == [303] and page.status_code == 200, page.text
    return console.get(f"/console/awards/{award_id_from(page.text)}/credential.json").json()


def test_the_did_document_publishes_the_p256_key(client):
    doc = client.get("/.well-known/did.json").json()
    p256 = [m for m in doc["verificationMethod"] if m["id"] == f"{DID}#p256-key-1"]
    assert len(p256) == 1 and p256[0]["type"] == "Multikey"
    assert p256[0]["publicKeyMultibase"].startswith("zDn")  # a P-256 multikey
    assert p256[0]["id"] in doc["assertionMethod"]
    # the Ed25519 key stays, and is still the first one
    assert doc["verificationMethod"][0]["id"] == f"{DID}#key-1"


def test_an_ecdsa_award_verifies_in_satchel_and_in_the_oracle(console, client):
    credential = award(console, "ecdsa-rdfc-2019")  # every micro-credential field
    proof = credential["proof"]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "ecdsa-rdfc-2019"
    assert proof["verificationMethod"] == f"{DID}#p256-key-1"
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"

    verdict = verdict_of(client, credential)
    assert verdict["result"] == "valid", verdict["checks"]
    reason = next(c for c in verdict["checks"] if c["check"] == "proof")["reason"]
    assert "ecdsa-rdfc-2019" in reason and "did:web" in reason

    documents = {DID: client.get("/.well-known/did.json").json()}
    answer = oracle.run(
        "verify",
        credential=credential,
        cryptosuite="ecdsa-rdfc-2019",
        documents=documents,
        signatureOnly=True,
    )
    assert answer["verified"] is True, answer

    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["volumeOfLearning"] = "PT500H"
    assert verdict_of(client, tampered)["result"] == "invalid"
    answer = oracle.run(
        "verify",
        credential=tampered,
        cryptosuite="ecdsa-rdfc-2019",
        documents=documents,
        signatureOnly=True,
    )
    assert answer["verified"] is False, answer


def test_the_p256_key_is_made_once_and_reused(console, db):
    first = award(console, "ecdsa-rdfc-2019")["proof"]["verificationMethod"]
    second = award(console, "ecdsa-rdfc-2019")["proof"]["verificationMethod"]
    assert first == second == f"{DID}#p256-key-1"
    assert db["issuer_p256_keys"].count == 1
    # the default stays eddsa-rdfc-2022 with the Ed25519 key
    default = award(console, "eddsa-rdfc-2022")["proof"]
    assert default["cryptosuite"] == "eddsa-rdfc-2022" and default["verificationMethod"] == f"{DID}#key-1"
