"""VC-JWT with real keys: EdDSA via did:key, ES256 via did:jwk; tampering and alg games."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from wallet_core import verify
from wallet_core.encoding import b64url_encode
from wallet_core.sign import did_key_for

from .conftest import check_of, options
from .test_negative import ob3_credential


def _jwt(header: dict, payload: dict, sign) -> str:
    head = b64url_encode(json.dumps(header).encode())
    body = b64url_encode(json.dumps(payload).encode())
    return f"{head}.{body}.{b64url_encode(sign(f'{head}.{body}'.encode()))}"


def eddsa_jwt(vc_claim: bool = True, tamper: bool = False) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did, method = did_key_for(key)
    cred = ob3_credential(did)
    payload = {"vc": cred, "iss": did, "sub": cred["credentialSubject"]["id"]} if vc_claim else cred
    token = _jwt({"alg": "EdDSA", "kid": method, "typ": "JWT"}, payload, key.sign)
    if tamper:
        payload = dict(payload, iss=did, extra="x")
        head, _body, sig = token.split(".")
        token = f"{head}.{b64url_encode(json.dumps(payload).encode())}.{sig}"
    return token


def test_eddsa_vc_claim_jwt_signed_by_did_key_is_valid():
    verdict = verify(eddsa_jwt().encode(), options())
    assert verdict.result == "valid", verdict.checks
    assert verdict.format == "ob3-jwt" and verdict.container == "jwt"


def test_vc_as_payload_jwt_is_valid():
    assert verify(eddsa_jwt(vc_claim=False).encode(), options()).result == "valid"


def test_tampered_jwt_payload_fails():
    verdict = verify(eddsa_jwt(tamper=True).encode(), options())
    assert check_of(verdict, "proof").status == "failed"


def test_alg_none_is_refused():
    head, body, _sig = eddsa_jwt().split(".")
    none_head = b64url_encode(
        json.dumps(
            {
                "alg": "none",
                "kid": json.loads(__import__("base64").urlsafe_b64decode(head + "=="))["kid"],
            }
        ).encode()
    )
    verdict = verify(f"{none_head}.{body}.".encode(), options())
    assert check_of(verdict, "proof").status == "failed"
    assert verdict.result == "invalid"


def test_es256_jwt_signed_by_did_jwk_is_valid():
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url_encode(numbers.x.to_bytes(32, "big")),
        "y": b64url_encode(numbers.y.to_bytes(32, "big")),
    }
    did = "did:jwk:" + b64url_encode(json.dumps(jwk).encode())

    def sign(data: bytes) -> bytes:
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    token = _jwt({"alg": "ES256", "kid": f"{did}#0"}, {"vc": ob3_credential(did), "iss": did}, sign)
    verdict = verify(token.encode(), options())
    assert verdict.result == "valid", verdict.checks
    assert check_of(verdict, "issuer").status == "passed"
