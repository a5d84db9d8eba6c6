"""SD-JWT (IETF selective disclosure for JWTs): reading, checking, issuing, presenting.

Compact form: ``<issuer-jwt>~<disclosure>~...~<disclosure>~[<kb-jwt>]``.

- A disclosure is base64url(JSON ``[salt, name, value]``) for an object
  property, or ``[salt, value]`` for an array element. Its digest is
  base64url(SHA-256(the disclosure's ASCII text)); the issuer signs the digests
  (``_sd`` arrays in objects, ``{"...": digest}`` elements in arrays).
- The key binding JWT (``typ: kb+jwt``) is signed by the key in the issuer-signed
  ``cnf.jwk`` and carries ``iat``, ``aud``, ``nonce`` and ``sd_hash`` (the digest
  of everything before it, ``<issuer-jwt>~<disclosures>~``).

``reveal`` and ``check_key_binding`` raise ``SdJwtError`` with a coded reason;
the format module turns that into a failed check. ``issue`` and ``present`` are
the helpers the issuer and the selective-disclosure features use.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import jsonsafe, reasons
from .dates import parse_epoch
from .encoding import b64url_decode, b64url_encode
from .jose import JoseError, verify_compact
from .keys import KeyInvalid, from_jwk

SD_ALG = "sha-256"
MAX_DISCLOSURES = 1000
MAX_DEPTH = 32
RESERVED = {"_sd", "...", "_sd_alg"}


class SdJwtError(Exception):
    pass


@dataclass(frozen=True)
class SdJwtParts:
    issuer_jwt: str
    disclosures: list[str]
    kb_jwt: str | None

    @property
    def presented(self) -> str:
        """What the key binding JWT's sd_hash covers: ``<jwt>~<d>~...~``."""
        return "~".join([self.issuer_jwt, *self.disclosures]) + "~"


def split(text: str) -> SdJwtParts:
    pieces = text.strip().split("~")
    if len(pieces) < 2:
        raise reasons.error(SdJwtError, "sd_jwt.no_tilde")
    last = pieces[-1]
    kb = last or None
    if kb is not None and kb.count(".") != 2:
        raise reasons.error(SdJwtError, "sd_jwt.bad_kb_part")
    disclosures = pieces[1:-1]
    if any(not d for d in disclosures):
        raise reasons.error(SdJwtError, "sd_jwt.empty_disclosure")
    if len(disclosures) > MAX_DISCLOSURES:
        raise reasons.error(SdJwtError, "sd_jwt.too_many")
    return SdJwtParts(pieces[0], disclosures, kb)


def digest(disclosure: str) -> str:
    return b64url_encode(hashlib.sha256(disclosure.encode("ascii")).digest())


def _decode_disclosure(disclosure: str) -> list:
    try:
        value = jsonsafe.loads_jose(b64url_decode(disclosure))
    except (ValueError, UnicodeDecodeError):
        raise reasons.error(SdJwtError, "sd_jwt.disclosure_json") from None
    if not isinstance(value, list) or len(value) not in (2, 3) or not isinstance(value[0], str):
        raise reasons.error(SdJwtError, "sd_jwt.disclosure_shape")
    if len(value) == 3 and (not isinstance(value[1], str) or value[1] in RESERVED):
        raise reasons.error(SdJwtError, "sd_jwt.disclosure_claim", claim=repr(value[1]))
    return value


def reveal(payload: dict, disclosures: list[str]) -> tuple[dict, dict[str, str]]:
    """The claims with the given disclosures put back, and disclosed path -> digest.

    Raises SdJwtError for an unknown hash algorithm, a disclosure the issuer did
    not sign, a digest used twice, or a claim disclosed over an existing one.
    """
    alg = payload.get("_sd_alg", SD_ALG)
    if alg != SD_ALG:
        raise reasons.error(SdJwtError, "sd_jwt.sd_alg", alg=repr(alg))
    by_digest: dict[str, list] = {}
    for d in disclosures:
        key = digest(d)
        if key in by_digest:
            raise reasons.error(SdJwtError, "sd_jwt.disclosure_twice")
        by_digest[key] = _decode_disclosure(d)
    used: set[str] = set()
    paths: dict[str, str] = {}

    def take(dig: object) -> list | None:
        if not isinstance(dig, str):
            raise reasons.error(SdJwtError, "sd_jwt.digest_type")
        if dig in used:
            raise reasons.error(SdJwtError, "sd_jwt.digest_twice")
        found = by_digest.get(dig)
        if found is not None:
            used.add(dig)
        return found

    def walk(node, path: str, depth: int):
        if depth > MAX_DEPTH:
            raise reasons.error(SdJwtError, "sd_jwt.too_deep")
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k in ("_sd", "_sd_alg"):
                    continue
                out[k] = walk(v, f"{path}.{k}" if path else k, depth + 1)
            sd = node.get("_sd", [])
            if not isinstance(sd, list):
                raise reasons.error(SdJwtError, "sd_jwt.sd_not_array")
            for dig in sd:
                found = take(dig)
                if found is None:
                    continue  # not disclosed (or a decoy)
                if len(found) != 3:
                    raise reasons.error(SdJwtError, "sd_jwt.element_for_property")
                _salt, name, value = found
                if name in out:
                    raise reasons.error(SdJwtError, "sd_jwt.overwrites", claim=repr(name))
                sub = f"{path}.{name}" if path else name
                out[name] = walk(value, sub, depth + 1)
                paths[sub] = dig
            return out
        if isinstance(node, list):
            out_list = []
            for i, item in enumerate(node):
                if isinstance(item, dict) and set(item) == {"..."}:
                    found = take(item["..."])
                    if found is None:
                        continue
                    if len(found) != 2:
                        raise reasons.error(SdJwtError, "sd_jwt.property_for_element")
                    out_list.append(walk(found[1], f"{path}[{i}]", depth + 1))
                    paths[f"{path}[{i}]"] = item["..."]
                else:
                    out_list.append(walk(item, f"{path}[{i}]", depth + 1))
            return out_list
        return node

    claims = walk(payload, "", 0)
    unused = set(by_digest) - used
    if unused:
        raise reasons.error(SdJwtError, "sd_jwt.unused", count=len(unused))
    return claims, paths


def _key_binding_dates(claims: dict, *, now: int, skew: int, max_age: int) -> None:
    """``iat`` must be a recent NumericDate; an ``nbf`` or ``exp`` it carries counts
    too (the latest start and the earliest end decide, as for credentials)."""
    iat = claims.get("iat")
    if parse_epoch(iat) is None:
        raise reasons.error(SdJwtError, "kb.iat")
    nbf, exp = claims.get("nbf"), claims.get("exp")
    for name, value in (("nbf", nbf), ("exp", exp)):
        if value is not None and parse_epoch(value) is None:
            raise reasons.error(SdJwtError, "kb.bad_date", claim=name)
    if max(iat, nbf if nbf is not None else iat) > now + skew:
        raise reasons.error(SdJwtError, "kb.future")
    if iat < now - max_age - skew:
        raise reasons.error(SdJwtError, "kb.too_old")
    if exp is not None and exp < now - skew:
        raise reasons.error(SdJwtError, "kb.expired")


def check_key_binding(
    parts: SdJwtParts,
    payload: dict,
    *,
    now: int,
    skew: int,
    audience: str | None,
    nonce: str | None,
    max_age: int,
) -> str:
    """Verify the key binding JWT; return its audience (``repr``), raise SdJwtError otherwise."""
    cnf = payload.get("cnf")
    if not isinstance(cnf, dict) or not isinstance(cnf.get("jwk"), dict):
        raise reasons.error(SdJwtError, "kb.no_cnf")
    try:
        holder_key = from_jwk(cnf["jwk"])
    except KeyInvalid as exc:
        raise reasons.error(SdJwtError, "kb.bad_cnf", exc) from None
    head_b64, body_b64, _sig = parts.kb_jwt.split(".")
    try:
        header = jsonsafe.loads_jose(b64url_decode(head_b64))
        claims = jsonsafe.loads_jose(b64url_decode(body_b64))
    except (ValueError, UnicodeDecodeError):
        raise reasons.error(SdJwtError, "kb.not_json") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise reasons.error(SdJwtError, "kb.malformed")
    if header.get("typ") != "kb+jwt":
        raise reasons.error(SdJwtError, "kb.typ")
    try:
        ok = verify_compact(parts.kb_jwt, header.get("alg"), holder_key)
    except JoseError as exc:
        raise reasons.error(SdJwtError, "kb.jose", exc) from None
    if not ok:
        raise reasons.error(SdJwtError, "kb.signature")
    if claims.get("sd_hash") != digest(parts.presented):
        raise reasons.error(SdJwtError, "kb.sd_hash")
    _key_binding_dates(claims, now=now, skew=skew, max_age=max_age)
    if audience is not None and claims.get("aud") != audience:
        raise reasons.error(SdJwtError, "kb.audience", aud=repr(claims.get("aud")), wanted=repr(audience))
    if nonce is not None and claims.get("nonce") != nonce:
        raise reasons.error(SdJwtError, "kb.nonce")
    return repr(claims.get("aud"))


# --- issuing and presenting ----------------------------------------------------


def _jws(header: dict, payload: dict, key: Ed25519PrivateKey) -> str:
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(payload, separators=(",", ":")).encode())
    sig = key.sign(f"{head}.{body}".encode("ascii"))
    return f"{head}.{body}.{b64url_encode(sig)}"


def make_disclosure(name: str | None, value, salt: bytes | None = None) -> str:
    salt_text = b64url_encode(salt if salt is not None else os.urandom(16))
    item = [salt_text, value] if name is None else [salt_text, name, value]
    return b64url_encode(json.dumps(item, ensure_ascii=False).encode("utf-8"))


def issue(
    claims: dict,
    private_key: Ed25519PrivateKey,
    *,
    vct: str,
    disclosable: Iterable[str],
    iat: int,
    exp: int | None = None,
    issuer: str | None = None,
    kid: str | None = None,
    holder_jwk: dict | None = None,
    salt: Callable[[], bytes] | None = None,
) -> str:
    """Issue an SD-JWT VC signed with Ed25519 (EdDSA).

    ``disclosable`` lists claim paths (``"name"``, ``"achievement.level"``) that
    become selectively disclosable; every other claim is always visible. The
    issuer defaults to the key's did:key. Returns ``<jwt>~<d1>~...~<dn>~``.
    """
    from .sign import did_key_for

    if issuer is None:
        issuer, default_kid = did_key_for(private_key)
        kid = kid or default_kid
    payload = json.loads(json.dumps(claims))
    disclosures: list[str] = []
    for path in sorted(set(disclosable), key=lambda p: -p.count(".")):
        *parents, name = path.split(".")
        node = payload
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or name not in node:
            raise ValueError(f"no claim {path!r} to make disclosable")
        if name in RESERVED:
            raise ValueError(f"{name!r} cannot be disclosable")
        d = make_disclosure(name, node.pop(name), salt() if salt else None)
        disclosures.append(d)
        node.setdefault("_sd", []).append(digest(d))
    for node in _objects(payload):
        if "_sd" in node:
            node["_sd"].sort()
    payload.update({"iss": issuer, "iat": iat, "vct": vct, "_sd_alg": SD_ALG})
    if exp is not None:
        payload["exp"] = exp
    if holder_jwk is not None:
        payload["cnf"] = {"jwk": holder_jwk}
    header = {"alg": "EdDSA", "typ": "dc+sd-jwt"}
    if kid:
        header["kid"] = kid
    return "~".join([_jws(header, payload, private_key), *disclosures]) + "~"


def _objects(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _objects(v)
    elif isinstance(node, list):
        for v in node:
            yield from _objects(v)


def disclosed_paths(sd_jwt: str) -> dict[str, str]:
    """Claim path -> disclosure, for the disclosures of an SD-JWT (no checks)."""
    parts = split(sd_jwt)
    payload = jsonsafe.loads_jose(b64url_decode(parts.issuer_jwt.split(".")[1]))
    by_digest = {digest(d): d for d in parts.disclosures}
    _claims, paths = reveal(payload, parts.disclosures)
    return {path: by_digest[dig] for path, dig in paths.items()}


def present(
    sd_jwt: str,
    disclose: Iterable[str],
    holder_key: Ed25519PrivateKey | None,
    *,
    aud: str,
    nonce: str,
    iat: int,
) -> str:
    """A presentation keeping only the disclosures of ``disclose`` (claim paths),
    with a key binding JWT signed by ``holder_key`` (omitted when None)."""
    wanted = set(disclose)
    available = disclosed_paths(sd_jwt)
    missing = wanted - set(available)
    if missing:
        raise ValueError(f"not disclosable in this credential: {', '.join(sorted(missing))}")
    # a nested claim is only visible with the disclosures of its parents
    chosen = {
        available[p] for p in available if any(w == p or w.startswith(p + ".") for w in wanted)
    }
    parts = split(sd_jwt)
    kept = [d for d in parts.disclosures if d in chosen]
    base = SdJwtParts(parts.issuer_jwt, kept, None)
    if holder_key is None:
        return base.presented
    kb = _jws(
        {"alg": "EdDSA", "typ": "kb+jwt"},
        {"iat": iat, "aud": aud, "nonce": nonce, "sd_hash": digest(base.presented)},
        holder_key,
    )
    return base.presented + kb


def ed25519_jwk(private_key: Ed25519PrivateKey) -> dict:
    """The public JWK of an Ed25519 key (for ``cnf``)."""
    raw = private_key.public_key().public_bytes_raw()
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}


def public_jwk(public_key) -> dict:
    """The JWK of an Ed25519 or P-256 public key (for ``cnf``)."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(public_key.public_bytes_raw())}
    if isinstance(public_key, ec.EllipticCurvePublicKey) and isinstance(public_key.curve, ec.SECP256R1):
        numbers = public_key.public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url_encode(numbers.x.to_bytes(32, "big")),
            "y": b64url_encode(numbers.y.to_bytes(32, "big")),
        }
    raise ValueError("only Ed25519 and P-256 keys can be written as a JWK here")
