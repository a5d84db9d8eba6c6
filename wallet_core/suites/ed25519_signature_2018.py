"""Ed25519Signature2018: RDF canonicalisation, detached JWS (``b64: false``, RFC 7797)."""

from __future__ import annotations

from .. import jsonsafe
from ..encoding import b64url_decode
from .data_integrity import verify_ed25519
from .eddsa_rdfc_2022 import canonicalize


def _parts(proof: dict) -> tuple[str, bytes]:
    jws = proof.get("jws")
    if not isinstance(jws, str) or jws.count(".") != 2:
        raise ValueError("jws missing or not a detached JWS")
    header_b64, payload, sig_b64 = jws.split(".")
    if payload:
        raise ValueError("jws payload must be detached")
    header = jsonsafe.loads(b64url_decode(header_b64))
    if (
        not isinstance(header, dict)
        or header.get("alg") != "EdDSA"
        or header.get("b64") is not False
        or not isinstance(header.get("crit"), list)
        or "b64" not in header["crit"]
    ):
        raise ValueError("jws header must be EdDSA with b64=false")
    return header_b64, b64url_decode(sig_b64)


def verify(document: dict, proof: dict, env):
    return verify_ed25519(
        document,
        proof,
        env,
        label="Ed25519Signature2018",
        canonicalize=canonicalize(env),
        signature=lambda p: _parts(p)[1],
        signing_input=lambda p, data: _parts(p)[0].encode("ascii") + b"." + data,
    )
