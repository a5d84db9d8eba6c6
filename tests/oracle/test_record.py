"""The learner's record file (decision D29) made by the PWA's own code
(pwa/src/wallet/record.js, run under Node) from real credentials the live server
issued, checked by the field's libraries: Digital Bazaar's ``@digitalbazaar/vc``
verifies the holder's eddsa-jcs-2022 proof (authentication, no challenge) and the
embedded JSON-LD credentials; ``@jsonresume/schema`` validates the JSON Resume."""

from __future__ import annotations

import copy
import json

import pytest

from tests.oracle import check_record, server_documents, status_list_urls
from tests.records import record_for
from wallet_core.dids.did_key import did_key_from_ed25519_public
from wallet_core.encoding import b64url_decode


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


@pytest.fixture(scope="module")
def made(server):
    return record_for(server, name="Ada Lovelace")


def documents(server, record: dict) -> dict:
    """The server's DID document and the status lists the record's JSON-LD credentials name."""
    lists = sorted({u for c in record["verifiableCredential"] if "credentialStatus" in c for u in status_list_urls(c)})
    return server_documents(server.url, status_lists=lists)


def test_digital_bazaar_verifies_the_holders_proof_and_the_resume_is_valid(server, made):
    record, resume = made["record"], made["resume"]
    assert record["type"] == ["VerifiablePresentation", "SatchelRecord"]
    assert record["proof"]["proofPurpose"] == "authentication"
    assert "challenge" not in record["proof"] and "domain" not in record["proof"]
    out = check_record(record, resume, documents(server, record))
    assert out["holder_proof"] == {"verified": True, "errors": []}
    # the issued OB 3.0 credential (eddsa-rdfc-2022) and the self-asserted entry (eddsa-jcs-2022)
    # verify as they are; the SD-JWT VC is enveloped, which vc 7 does not open
    embedded = {c["id"]: c for c in out["credentials"] if c["id"] and not c["id"].startswith("data:")}
    assert len(embedded) == 2 and all(c["verified"] for c in embedded.values()), json.dumps(out["credentials"])[:1500]
    assert len([c for c in out["credentials"] if (c["id"] or "").startswith("data:application/dc+sd-jwt,")]) == 1
    assert out["resume"] == {"valid": True, "errors": []}


def test_the_resume_says_what_the_credentials_say_and_links_to_them(made):
    record, resume = made["record"], made["resume"]
    assert resume["basics"] == {"name": "Ada Lovelace"}
    # a Course and a MicroCredential: both education
    assert [e["area"] for e in resume["education"]] == ["AI Foundations for University Teaching Staff", "Green Finance"]
    assert [e["studyType"] for e in resume["education"]] == ["Course", "MicroCredential"]
    assert [e["institution"] for e in resume["education"]] == ["Satchel Demo Academy"] * 2
    assert [e["url"] for e in resume["education"]] == [f"{record['id']}#credential-1", f"{record['id']}#credential-2"]
    [work] = resume["work"]
    assert work == {"name": "Harbour Café", "position": "Barista", "startDate": "2024-01-08", "endDate": "2024-06-30",
                    "summary": "Opened the shop at six.", "url": f"{record['id']}#credential-3"}
    assert resume["skills"] == [{"name": "digital competence", "keywords": ["ESCO", "S5"]}]


@pytest.mark.parametrize("change", ["holder", "credential", "entry"])
def test_a_changed_record_fails_digital_bazaars_check(server, made, change):
    record = copy.deepcopy(made["record"])
    if change == "holder":
        record["holder"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    elif change == "credential":
        record["verifiableCredential"][0]["name"] = "Green Finance (Honours)"
    else:
        record["verifiableCredential"][2]["credentialSubject"]["achievement"]["name"] = "Head barista"
    out = check_record(record, made["resume"], documents(server, record))
    assert out["holder_proof"]["verified"] is False, json.dumps(out)[:800]


def test_the_holder_is_the_did_key_of_the_wallets_key(made):
    assert made["record"]["holder"] == did_key_from_ed25519_public(b64url_decode(made["jwk"]["x"]))
