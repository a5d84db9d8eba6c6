"""Open Badges 2.0 / 1.x: hosted and signed assertions, with real RSA signatures."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from wallet_core import NotACredential, verify
from wallet_core.encoding import b64url_encode
from wallet_core.fetcher import StaticFetcher

from .conftest import INTEROP, ONE_EDTECH, check_of, options
from .fixture_world import fixture_fetcher

OB2 = ONE_EDTECH / "ob20"
CTX = "https://w3id.org/openbadges/v2"


def _world(data: bytes) -> StaticFetcher:
    return fixture_fetcher(data)


def test_hosted_assertion_offline_is_could_not_check_never_valid():
    verdict = verify((OB2 / "basic-assertion.json").read_bytes(), options())
    assert verdict.result == "could_not_check"
    assert verdict.format == "ob2-hosted"
    assert "offline" in check_of(verdict, "proof").reason
    assert check_of(verdict, "status").status == "could_not_check"


def test_hosted_assertion_served_by_its_issuer_is_valid_and_displayed():
    data = (OB2 / "basic-assertion.json").read_bytes()
    verdict = verify(data, options(fetcher=_world(data)))
    assert verdict.result == "valid", verdict.checks
    assert verdict.issuer.name == "An Example Badge Issuer"
    assert verdict.display.name == "Awesome Robotics Badge"
    assert verdict.display.criteria == "https://example.org/badgecriteria.json"
    assert verdict.display.image == "https://example.org/beths-robot-badge.png"
    assert verdict.subject is None  # hashed recipient: never shown as an identity


def test_copy_that_differs_from_the_hosted_assertion_is_invalid():
    data = (OB2 / "basic-assertion.json").read_bytes()
    fetcher = _world(data)
    doc = json.loads(data)
    doc["issuedOn"] = "2015-01-01T00:00:00Z"
    verdict = verify(json.dumps(doc).encode(), options(fetcher=fetcher))
    assert check_of(verdict, "proof").status == "failed"
    assert verdict.result == "invalid"


def test_hosted_assertion_marked_revoked_is_invalid():
    doc = json.loads((OB2 / "basic-assertion.json").read_bytes())
    doc["revoked"] = True
    data = json.dumps(doc).encode()
    verdict = verify(data, options(fetcher=_world(data)))
    assert check_of(verdict, "status").status == "failed"


def test_assertion_hosted_outside_the_issuers_origin_fails_the_issuer_check():
    doc = json.loads((OB2 / "basic-assertion.json").read_bytes())
    doc["id"] = "https://evil.example/beths-robotics-badge.json"
    data = json.dumps(doc).encode()
    verdict = verify(data, options(fetcher=_world(data)))
    issuer = check_of(verdict, "issuer")
    assert issuer.status == "failed" and "example.org" in issuer.reason


def test_hosted_assertion_given_as_a_url_is_fetched():
    data = (OB2 / "basic-assertion.json").read_bytes()
    verdict = verify(
        b"https://example.org/beths-robotics-badge.json", options(fetcher=_world(data))
    )
    assert verdict.result == "valid", verdict.checks


def test_svg_baked_with_a_hosted_assertion_url_is_verified():
    data = (OB2 / "basic-assertion.json").read_bytes()
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://example.org/beths-robotics-badge.json"/></svg>'
    )
    verdict = verify(svg, options(fetcher=_world(data)))
    assert verdict.container == "svg"
    assert verdict.result == "valid", verdict.checks


def test_endorsements_alignments_and_language_reach_the_display():
    data = (OB2 / "assertion-with-endorsements.json").read_bytes()
    verdict = verify(data, options(fetcher=_world(data)))
    assert verdict.result == "valid", verdict.checks
    comments = {e.comment for e in verdict.display.endorsements}
    assert comments == {"Pretty good"} and len(verdict.display.endorsements) == 4
    assert verdict.display.endorsements[0].issuer_name == "Example Issuer"
    lang = (OB2 / "basic-assertion-with-language.json").read_bytes()
    assert verify(lang, options(fetcher=_world(lang))).display.language == "es"


def test_badge_class_alone_is_not_a_credential():
    with pytest.raises(NotACredential):
        verify((OB2 / "assets" / "badgeclass1.json").read_bytes(), options())


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


# --- Open Badges 1.x (the badgr fixtures) -------------------------------------


def test_ob1_baked_png_offline_is_could_not_check():
    verdict = verify((INTEROP / "badgr" / "baked_image.png").read_bytes(), options())
    assert verdict.format == "ob1-hosted"
    assert verdict.result == "could_not_check"
    assert verdict.subject == "test@example.com"


def test_ob1_impossible_date_is_invalid():
    verdict = verify((INTEROP / "badgr" / "1_0_basic_instance_with_bad_date.json").read_bytes())
    assert check_of(verdict, "validity").status == "failed"


def test_ob1_hosted_assertion_served_by_its_origin_is_valid():
    data = (INTEROP / "badgr" / "1_0_basic_instance.json").read_bytes()
    fetcher = StaticFetcher(
        {
            "http://a.com/instance": data,
            "http://a.com/badgeclass": json.dumps(
                {
                    "name": "Basic badge",
                    "description": "OB 1.0",
                    "image": "http://a.com/img.png",
                    "criteria": "http://a.com/criteria",
                    "issuer": "http://a.com/issuer",
                }
            ),
            "http://a.com/issuer": json.dumps({"name": "Basic Issuer", "url": "http://a.com"}),
        }
    )
    verdict = verify(data, options(fetcher=fetcher))
    assert verdict.result == "valid", verdict.checks
    assert verdict.display.issuer_name == "Basic Issuer"
