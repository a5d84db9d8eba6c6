"""Open Badges 2.0 / 1.x: hosted and signed assertions, with real RSA signatures."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.own_vectors import (
    OB2_ASSERTION,
    OB2_BADGE,
    OB2_BADGE_NAME,
    OB2_HOST,
    OB2_ISSUER_NAME,
    ob2_badge_class,
    ob2_endorsement,
    ob2_hosted,
    ob2_world,
)
from wallet_core import NotACredential, verify
from wallet_core.encoding import b64url_encode
from wallet_core.fetcher import StaticFetcher

from .conftest import check_of, options

CTX = "https://w3id.org/openbadges/v2"
HOSTED = json.dumps(ob2_hosted()).encode()  # our own assertion (tests/own_vectors.py)


def test_hosted_assertion_offline_is_could_not_check_never_valid():
    verdict = verify(HOSTED, options())
    assert verdict.result == "could_not_check"
    assert verdict.format == "ob2-hosted"
    assert "offline" in check_of(verdict, "proof").reason
    assert check_of(verdict, "status").status == "could_not_check"


def test_hosted_assertion_served_by_its_issuer_is_valid_and_displayed():
    verdict = verify(HOSTED, options(fetcher=ob2_world(HOSTED)))
    assert verdict.result == "valid", verdict.checks
    assert verdict.issuer.name == OB2_ISSUER_NAME
    assert verdict.display.name == OB2_BADGE_NAME
    assert verdict.display.criteria == f"{OB2_HOST}/badges/robotics-criteria.html"
    assert verdict.display.image == f"{OB2_HOST}/badges/robotics.png"
    assert verdict.subject is None  # hashed recipient: never shown as an identity


def test_copy_that_differs_from_the_hosted_assertion_is_invalid():
    fetcher = ob2_world(HOSTED)
    doc = ob2_hosted(issuedOn="2015-01-01T00:00:00Z")
    verdict = verify(json.dumps(doc).encode(), options(fetcher=fetcher))
    assert check_of(verdict, "proof").status == "failed"
    assert verdict.result == "invalid"


def test_hosted_assertion_marked_revoked_is_invalid():
    data = json.dumps(ob2_hosted(revoked=True)).encode()
    verdict = verify(data, options(fetcher=ob2_world(data)))
    assert check_of(verdict, "status").status == "failed"


def test_assertion_hosted_outside_the_issuers_origin_fails_the_issuer_check():
    data = json.dumps(ob2_hosted(id="https://evil.example/robotics-7.json")).encode()
    verdict = verify(data, options(fetcher=ob2_world(data)))
    issuer = check_of(verdict, "issuer")
    assert issuer.status == "failed" and "badges.harbour.example" in issuer.reason


def test_hosted_assertion_given_as_a_url_is_fetched():
    verdict = verify(OB2_ASSERTION.encode(), options(fetcher=ob2_world(HOSTED)))
    assert verdict.result == "valid", verdict.checks


def test_svg_baked_with_a_hosted_assertion_url_is_verified():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="' + OB2_ASSERTION.encode() + b'"/></svg>'
    )
    verdict = verify(svg, options(fetcher=ob2_world(HOSTED)))
    assert verdict.container == "svg"
    assert verdict.result == "valid", verdict.checks


def test_endorsements_alignments_and_language_reach_the_display():
    endorsements = [
        ob2_endorsement(i, OB2_ASSERTION if i < 2 else OB2_BADGE, "Well built") for i in range(4)
    ]
    badge = ob2_badge_class(endorsement=[e["id"] for e in endorsements[2:]])
    data = json.dumps(ob2_hosted(endorsement=[e["id"] for e in endorsements[:2]])).encode()
    verdict = verify(data, options(fetcher=ob2_world(data, *endorsements, badge=badge)))
    assert verdict.result == "valid", verdict.checks
    comments = {e.comment for e in verdict.display.endorsements}
    assert comments == {"Well built"} and len(verdict.display.endorsements) == 4
    assert verdict.display.endorsements[0].issuer_name == "Harbour Engineering Guild"
    assert [a.name for a in verdict.display.alignments] == ["Programming"]
    spanish = ob2_badge_class(**{"@language": "es", "name": "Constructor de robots"})
    assert verify(HOSTED, options(fetcher=ob2_world(HOSTED, badge=spanish))).display.language == "es"


def test_badge_class_alone_is_not_a_credential():
    with pytest.raises(NotACredential):
        verify(json.dumps(ob2_badge_class()).encode(), options())


# --- signed assertions, with our own RSA key ----------------------------------

ISSUER = "https://issuer.example/profile.json"
KEY_URL = "https://issuer.example/key.json"
BADGE = "https://issuer.example/badge.json"


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(private) -> str:
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _jws(payload: dict, private) -> bytes:
    head = b64url_encode(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    body = b64url_encode(json.dumps(payload).encode())
    sig = private.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64url_encode(sig)}".encode()


def _assertion(**extra) -> dict:
    doc = {
        "@context": CTX,
        "type": "Assertion",
        "id": "urn:uuid:2f6c3e0a-8d5b-4c1e-9f7a-1b2c3d4e5f60",
        "recipient": {"type": "email", "hashed": False, "identity": "learner@example.org"},
        "badge": BADGE,
        "issuedOn": "2024-05-01T00:00:00Z",
        "verification": {"type": "SignedBadge", "creator": KEY_URL},
    }
    doc.update(extra)
    return doc


def _signed_world(private, *, owner=ISSUER, listed=(KEY_URL,), revoked=()) -> StaticFetcher:
    issuer = {
        "@context": CTX,
        "type": "Issuer",
        "id": ISSUER,
        "name": "Green Finance Institute",
        "url": "https://issuer.example",
        "publicKey": list(listed),
        "revocationList": "https://issuer.example/revoked.json",
    }
    badge = {
        "@context": CTX,
        "type": "BadgeClass",
        "id": BADGE,
        "name": "Green finance",
        "description": "A 5-credit micro-credential.",
        "criteria": {"narrative": "Pass the assessment."},
        "image": "https://issuer.example/badge.png",
        "issuer": ISSUER,
        "alignment": [{"targetName": "Sustainable finance", "targetUrl": "https://esco.example/x"}],
    }
    key = {"@context": CTX, "type": "CryptographicKey", "id": KEY_URL, "owner": owner}
    key["publicKeyPem"] = _pem(private)
    revocations = {
        "@context": CTX,
        "id": "https://issuer.example/revoked.json",
        "type": "RevocationList",
        "revokedAssertions": [{"id": r, "revocationReason": "issued in error"} for r in revoked],
    }
    return StaticFetcher(
        {
            ISSUER: json.dumps(issuer),
            BADGE: json.dumps(badge),
            KEY_URL: json.dumps(key),
            "https://issuer.example/revoked.json": json.dumps(revocations),
        }
    )


def test_signed_assertion_is_valid_and_displayed(rsa_key):
    verdict = verify(_jws(_assertion(), rsa_key), options(fetcher=_signed_world(rsa_key)))
    assert verdict.result == "valid", verdict.checks
    assert verdict.format == "ob2-signed"
    assert verdict.subject == "learner@example.org"
    assert verdict.display.criteria == "Pass the assessment."
    assert verdict.display.alignments[0].name == "Sustainable finance"


def test_signed_assertion_offline_is_could_not_check(rsa_key):
    verdict = verify(_jws(_assertion(), rsa_key), options())
    assert verdict.result == "could_not_check"


def test_tampered_signed_assertion_fails(rsa_key):
    token = _jws(_assertion(), rsa_key).decode()
    head, _body, sig = token.split(".")
    forged = b64url_encode(json.dumps(_assertion(issuedOn="2020-01-01T00:00:00Z")).encode())
    verdict = verify(f"{head}.{forged}.{sig}".encode(), options(fetcher=_signed_world(rsa_key)))
    assert check_of(verdict, "proof").status == "failed"
    assert verdict.result == "invalid"


def test_signature_by_another_key_fails(rsa_key):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verdict = verify(_jws(_assertion(), other), options(fetcher=_signed_world(rsa_key)))
    assert check_of(verdict, "proof").status == "failed"


def test_key_owned_by_someone_else_fails_the_issuer_check(rsa_key):
    world = _signed_world(rsa_key, owner="https://other.example/profile.json")
    verdict = verify(_jws(_assertion(), rsa_key), options(fetcher=world))
    assert check_of(verdict, "proof").status == "passed"
    assert check_of(verdict, "issuer").status == "failed"


def test_key_not_listed_by_the_issuer_fails_the_issuer_check(rsa_key):
    world = _signed_world(rsa_key, listed=())
    verdict = verify(_jws(_assertion(), rsa_key), options(fetcher=world))
    assert "does not list" in check_of(verdict, "issuer").reason


def test_signed_assertion_on_the_revocation_list_is_invalid(rsa_key):
    doc = _assertion()
    world = _signed_world(rsa_key, revoked=(doc["id"],))
    verdict = verify(_jws(doc, rsa_key), options(fetcher=world))
    status = check_of(verdict, "status")
    assert status.status == "failed" and "issued in error" in status.reason


def test_unreachable_revocation_list_is_could_not_check(rsa_key):
    world = _signed_world(rsa_key)
    del world.documents["https://issuer.example/revoked.json"]
    verdict = verify(_jws(_assertion(), rsa_key), options(fetcher=world))
    assert check_of(verdict, "status").status == "could_not_check"
    assert verdict.result == "could_not_check"


def test_expired_signed_assertion_is_invalid(rsa_key):
    doc = _assertion(expires="2025-01-01T00:00:00Z")
    verdict = verify(_jws(doc, rsa_key), options(fetcher=_signed_world(rsa_key)))
    assert check_of(verdict, "validity").status == "failed"


def test_signed_assertion_given_as_bare_json_has_no_signature(rsa_key):
    verdict = verify(json.dumps(_assertion()).encode(), options(fetcher=_signed_world(rsa_key)))
    assert check_of(verdict, "proof").status == "failed"


# --- Open Badges 1.x (our own assertions, from the OB 1.0 text) ------------

OB1 = {
    "uid": "harbour-1",
    "recipient": {"identity": "learner@harbour.example", "hashed": False, "type": "email"},
    "badge": "http://a.harbour.example/badgeclass",
    "issuedOn": "2015-04-30",
    "verify": {"type": "hosted", "url": "http://a.harbour.example/instance"},
}


def _ob1_png() -> bytes:
    text = json.dumps(OB1).encode()
    # a tEXt chunk with the keyword "openbadges" (OB 1.0 baking)
    from tests.unit.test_containers import _png

    return _png((b"IHDR", b"\0\0\0\1\0\0\0\1\x08\x02\0\0\0"), (b"tEXt", b"openbadges\0" + text))


def test_ob1_baked_png_offline_is_could_not_check():
    verdict = verify(_ob1_png(), options())
    assert verdict.format == "ob1-hosted"
    assert verdict.result == "could_not_check"
    assert verdict.subject == "learner@harbour.example"


def test_ob1_impossible_date_is_invalid():
    verdict = verify(json.dumps(dict(OB1, issuedOn="2015-04-31")).encode())
    assert check_of(verdict, "validity").status == "failed"


def test_ob1_hosted_assertion_served_by_its_origin_is_valid():
    data = json.dumps(OB1).encode()
    fetcher = StaticFetcher(
        {
            "http://a.harbour.example/instance": data,
            "http://a.harbour.example/badgeclass": json.dumps(
                {
                    "name": "Basic badge",
                    "description": "OB 1.0",
                    "image": "http://a.harbour.example/img.png",
                    "criteria": "http://a.harbour.example/criteria",
                    "issuer": "http://a.harbour.example/issuer",
                }
            ),
            "http://a.harbour.example/issuer": json.dumps({"name": "Basic Issuer", "url": "http://a.harbour.example"}),
        }
    )
    verdict = verify(data, options(fetcher=fetcher))
    assert verdict.result == "valid", verdict.checks
    assert verdict.display.issuer_name == "Basic Issuer"
