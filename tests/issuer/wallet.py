"""A tiny test wallet: an Ed25519 did:key and OID4VCI proof JWTs, written here
from the specs (not with the server's code), plus an independent
eddsa-rdfc-2022 verifier following the W3C vc-di-eddsa procedure with PyLD and
the JSON-LD contexts the repository bundles (read as files, not through
wallet_core's loader)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

CONTEXTS = Path(__file__).resolve().parents[2] / "wallet_core" / "contexts"
CONTEXT_FILES = {
    entry["url"]: entry["file"]
    for entry in json.loads((CONTEXTS / "manifest.json").read_text())["contexts"]
}
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(data: bytes) -> str:
    n, out = int.from_bytes(data, "big"), ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def unb58(text: str) -> bytes:
    n = 0
    for ch in text:
        n = n * 58 + B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Wallet:
    def __init__(self):
        self.key = Ed25519PrivateKey.generate()
        value = "z" + b58(b"\xed\x01" + self.key.public_key().public_bytes_raw())
        self.did = f"did:key:{value}"
        self.kid = f"{self.did}#{value}"

    def proof(self, aud: str, nonce: str | None, *, typ="openid4vci-proof+jwt", iat=None, kid=None) -> str:
        header = {"alg": "EdDSA", "typ": typ, "kid": kid or self.kid}
        payload = {"aud": aud, "iat": int(iat if iat is not None else time.time())}
        if nonce is not None:
            payload["nonce"] = nonce
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
        return signing_input + "." + b64url(self.key.sign(signing_input.encode()))


def offer_from_uri(uri: str) -> dict:
    assert uri.startswith("openid-credential-offer://?credential_offer=")
    return json.loads(parse_qs(urlsplit(uri).query)["credential_offer"][0])


def offer_uri_in_page(html: str) -> str:
    match = re.search(r'id="offer-link" href="([^"]+)"', html)
    assert match, "the award page shows no offer link"
    return unquote_html(match.group(1))


def unquote_html(text: str) -> str:
    return text.replace("&amp;", "&").replace("&#34;", '"').replace("&quot;", '"')


def csrf_in_page(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _loader(url, options=None):
    path = CONTEXT_FILES.get(url)
    if path is None:
        raise jsonld.JsonLdError("context not available offline", "loading document failed", {"url": url})
    return {"contextUrl": None, "documentUrl": url, "document": json.loads((CONTEXTS / path).read_text())}


def _canon(doc: dict) -> bytes:
    text = jsonld.normalize(
        doc, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _loader}
    )
    return text.encode()


def independent_eddsa_rdfc_verify(credential: dict, did_document: dict) -> bool:
    """vc-di-eddsa §3.3 (eddsa-rdfc-2022): transform, hash, verify — from the spec."""
    proof = dict(credential["proof"])
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    document = {k: v for k, v in credential.items() if k != "proof"}
    signature = unb58(proof.pop("proofValue")[1:])
    proof["@context"] = document["@context"]
    hash_data = hashlib.sha256(_canon(proof)).digest() + hashlib.sha256(_canon(document)).digest()
    method = next(m for m in did_document["verificationMethod"] if m["id"] == proof["verificationMethod"])
    raw = unb58(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"
    try:
        Ed25519PublicKey.from_public_bytes(raw[2:]).verify(signature, hash_data)
    except InvalidSignature:
        return False
    return True


def fresh_nonce(client) -> str:
    """A c_nonce from the issuer's nonce endpoint (OID4VCI 1.0: the only source)."""
    r = client.post("/oid4vci/nonce")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store", r.text
    return r.json()["c_nonce"]
