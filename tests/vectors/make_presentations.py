"""Write tests/vectors/presentations.json: the golden vectors of decision D6.

Run from the repository root: ``python -m tests.vectors.make_presentations``.

Every key comes from a fixed seed (sha256 of a name), every presentation is
really signed (Ed25519 with ``cryptography``; ES256 signatures are randomised,
so re-running changes their bytes but not their meaning). This script builds
the JWTs, SD-JWTs, did:key and did:jwk identifiers itself, without wallet_core,
and the expected checks are written here by hand from the rule set (D6), not
computed by either verifier; ``tests/vectors/oracle.mjs`` reads every vector
with independent libraries (jose, @sd-jwt/core) and the unit test checks that
they agree with those expectations. ``tests/unit/test_presentation_vectors.py`` runs
every vector against wallet_core and ``tests/e2e/test_presentation_vectors.py``
against the PWA's ``checkvp.js`` in Chromium: both must produce exactly these
codes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

OUT = Path(__file__).with_name("presentations.json")
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
T = int(NOW.timestamp())
AUD = "https://verifier.example/api/v1/shares"
NONCE = "n-vectors-0001"
OFFLINE = "satchel:offline"
LIFETIME = 15 * 60  # an in-person code's lifetime (the wallet writes exp = iat + this)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def seed(name: str) -> bytes:
    return hashlib.sha256(f"satchel vectors: {name}".encode()).digest()


def ed_key(name: str) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(seed(name))


def p256_key(name: str) -> ec.EllipticCurvePrivateKey:
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    return ec.derive_private_key(int.from_bytes(seed(name), "big") % (n - 1) + 1, ec.SECP256R1())


def jwk(key) -> dict:
    pub = key.public_key()
    if isinstance(pub, ed25519.Ed25519PublicKey):
        return {"kty": "OKP", "crv": "Ed25519", "x": b64(pub.public_bytes_raw())}
    nums = pub.public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": b64(nums.x.to_bytes(32, "big")), "y": b64(nums.y.to_bytes(32, "big"))}


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def did_key(key: ed25519.Ed25519PrivateKey) -> tuple[str, str]:
    """(did, key id) of an Ed25519 did:key (multicodec 0xed01, base58btc)."""
    mb = "z" + base58(b"\xed\x01" + key.public_key().public_bytes_raw())
    return f"did:key:{mb}", f"did:key:{mb}#{mb}"


def did_jwk(key) -> tuple[str, str]:
    did = "did:jwk:" + b64(json.dumps(jwk(key), separators=(",", ":")).encode())
    return did, did + "#0"


def jws(header: dict, payload: dict, key) -> str:
    head = b64(json.dumps(header, separators=(",", ":")).encode())
    body = b64(json.dumps(payload, separators=(",", ":")).encode())
    data = f"{head}.{body}".encode("ascii")
    if isinstance(key, ed25519.Ed25519PrivateKey):
        sig = key.sign(data)
    else:
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{head}.{body}.{b64(sig)}"


ISSUER = ed_key("issuer")
ISSUER_DID, ISSUER_KID = did_key(ISSUER)
HOLDER = ed_key("holder")
HOLDER_DID, HOLDER_KID = did_key(HOLDER)
HOLDER_JWK_ED = ed_key("holder did:jwk")
HOLDER_P256 = p256_key("holder did:jwk P-256")
STRANGER = ed_key("stranger")
STRANGER_DID = did_key(STRANGER)[0]


def vc_jwt(subject: str) -> str:
    """An Open Badges 3.0 credential as a VC-JWT, issued by a did:key to ``subject``."""
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:7d4f2a60-0e1b-4c55-9d1e-3b8a5f0c2e71",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER_DID, "type": ["Profile"], "name": "Vector Institute"},
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00Z",
        "name": "Golden vectors",
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:1f0e5d3c-8b7a-4c2d-9e6f-0a1b2c3d4e5f",
                "type": ["Achievement"],
                "name": "Golden vectors",
                "description": "Checked the same way in Python and JavaScript.",
                "criteria": {"narrative": "Agree on every code."},
            },
        },
    }
    payload = {"iss": ISSUER_DID, "sub": subject, "nbf": 1735689600, "exp": 1893456000, "jti": vc["id"], "vc": vc}
    return jws({"alg": "EdDSA", "typ": "JWT", "kid": ISSUER_KID}, payload, ISSUER)


def disclosure(salt: str, name: str, value) -> str:
    return b64(json.dumps([salt, name, value], separators=(",", ":")).encode())


def digest(text: str) -> str:
    return b64(hashlib.sha256(text.encode("ascii")).digest())


def sd_jwt(holder_key) -> tuple[str, list[str]]:
    """An SD-JWT VC (issuer JWT, disclosures) bound to ``holder_key`` (cnf.jwk)."""
    disclosures = [
        disclosure("c2FsdC1uYW1l", "name", "Golden vectors"),
        disclosure("c2FsdC1hY2hp", "achievement", {"name": "Golden vectors", "description": "Agree on every code."}),
    ]
    payload = {
        "iss": ISSUER_DID,
        "iat": 1735689600,
        "exp": 1893456000,
        "vct": "urn:satchel:vectors",
        "cnf": {"jwk": jwk(holder_key)},
        "_sd": sorted(digest(d) for d in disclosures),
        "_sd_alg": "sha-256",
    }
    return jws({"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": ISSUER_KID}, payload, ISSUER), disclosures


def sd_jwt_kb(
    holder_key, *, aud=AUD, nonce=NONCE, iat=T - 30, keep=None, signer=None, hash_of=None, typ="kb+jwt"
) -> str:
    issuer_jwt, disclosures = sd_jwt(holder_key)
    chosen = disclosures if keep is None else [disclosures[i] for i in keep]
    presented = "~".join([issuer_jwt, *chosen]) + "~"
    covered = presented if hash_of is None else "~".join([issuer_jwt, *[disclosures[i] for i in hash_of]]) + "~"
    kb = {"iat": iat, "aud": aud, "nonce": nonce, "sd_hash": digest(covered)}
    alg = "EdDSA" if isinstance(holder_key, ed25519.Ed25519PrivateKey) else "ES256"
    return presented + jws({"alg": alg, "typ": typ}, kb, signer or holder_key)


def vp_jwt(
    credentials, *, key=HOLDER, ident=None, aud=AUD, nonce=NONCE, iat=T - 30, exp=None, signer=None,
    header=None, claims=None, vp=None,
) -> str:
    """A VP-JWT; ``header``/``claims``/``vp`` override fields (None as a value removes one)."""
    holder, kid = ident or did_key(key)
    payload = {
        "iss": holder,
        "aud": aud,
        "nonce": nonce,
        "iat": iat,
        "vp": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiablePresentation"],
            "holder": holder,
            "verifiableCredential": credentials,
        },
    }
    if exp is not None:
        payload["exp"] = exp
    alg = "EdDSA" if isinstance(key, ed25519.Ed25519PrivateKey) else "ES256"
    head = {"alg": alg, "typ": "JWT", "kid": kid}
    for target, changes in ((head, header), (payload, claims), (payload["vp"], vp)):
        for name, value in (changes or {}).items():
            if value is None:
                target.pop(name, None)
            else:
                target[name] = value
    return jws(head, payload, signer or key)


B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def svp1(presentation: str) -> str:
    """The in-person QR text (docs/api.md): "SVP1:" + base45 (RFC 9285) of the zlib stream of
    records [separator: 0 first, else '.' or '~'][LEB128 length][the segment's decoded bytes]."""
    body = bytearray()
    for sep, segment in re.findall(r"(^|[.~])([^.~]*)", presentation):
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        body.append(ord(sep) if sep else 0)
        n = len(raw)
        while True:
            byte, n = n & 0x7F, n >> 7
            body.append(byte | (0x80 if n else 0))
            if not n:
                break
        body += raw
    packed = zlib.compress(bytes(body), 9)
    out = []
    for i in range(0, len(packed), 2):
        pair = packed[i : i + 2]
        if len(pair) == 2:
            n = pair[0] * 256 + pair[1]
            out += [B45[n % 45], B45[n // 45 % 45], B45[n // 2025]]
        else:
            out += [B45[pair[0] % 45], B45[pair[0] // 45]]
    return "SVP1:" + "".join(out)


def c(check: str, status: str, code: str) -> dict:
    return {"check": check, "status": status, "code": code}


SIGNED = c("holder_signature", "passed", "presentation.holder_signed")
KB_SIGNED = c("holder_signature", "passed", "presentation.kb_signed")
AUD_OK = c("audience", "passed", "presentation.audience_match")
NONCE_OK = c("nonce", "passed", "presentation.nonce_match")
IN_PERSON = c("nonce", "could_not_check", "presentation.nonce_in_person")
FRESH = c("freshness", "passed", "presentation.fresh")
BOUND = {"holder_binding": {"status": "passed", "code": "holder_binding.subject_match"}, "result": "valid"}
UNBOUND = {"holder_binding": {"status": "failed", "code": "holder_binding.unidentified"}, "result": "invalid"}
KB_BOUND = {"holder_binding": {"status": "passed", "code": "holder_binding.cnf_presented"}, "result": "valid"}
ONLINE = {"audience": AUD, "nonce": NONCE}
IN_PERSON_OPTIONS = {"audience": OFFLINE, "nonce": None}
# a two-way in-person exchange: the verifier's challenge (pwa/src/wallet/challenge.js)
TWO_WAY = {"audience": "satchel:inperson:5EC0AB1E", "nonce": "9F2C4A61D0B84E3F8A7C6B5D4E3F2A1B"}


def holder_of(presentation: str) -> str:
    """Who presents: a VP-JWT's iss; an SD-JWT+KB's cnf key as a did:jwk (it discloses no sub)."""
    presentation = UNPACKED.get(presentation, presentation)
    if "~" in presentation:
        payload = json.loads(base64.urlsafe_b64decode(presentation.split(".")[1] + "=="))
        return "did:jwk:" + b64(json.dumps(payload["cnf"]["jwk"], separators=(",", ":")).encode())
    return json.loads(base64.urlsafe_b64decode(presentation.split(".")[1] + "=="))["iss"]


UNPACKED: dict[str, str] = {}


def packed(presentation: str, form: str = "SVP1") -> str:
    if form == "SVP1":
        text = svp1(presentation)
    else:  # SVP2 in parts (one a line), as wallet_core writes them: the PWA must read them alike
        from wallet_core.presentations import qr_encode_parts

        text = "\n".join(qr_encode_parts(presentation, part_size=600))
    UNPACKED[text] = presentation
    return text


def case(name, about, presentation, options, checks, credentials, result):
    expected = {"result": result, "holder": holder_of(presentation), "checks": checks, "credentials": credentials}
    return {"name": name, "about": about, "presentation": presentation, "options": options, "expected": expected}


def vectors() -> list[dict]:
    jwk_did = did_jwk(HOLDER_JWK_ED)
    p256_did = did_jwk(HOLDER_P256)
    good = [SIGNED, AUD_OK, NONCE_OK, FRESH]
    return [
        case("vp-jwt good (did:key holder)", "A VP-JWT for this verifier's audience and nonce, signed 30 s ago.",
             vp_jwt([vc_jwt(HOLDER_DID)]), ONLINE, good, [BOUND], "valid"),
        case("vp-jwt good (did:jwk Ed25519 holder)", "The holder is a did:jwk of an Ed25519 key.",
             vp_jwt([vc_jwt(jwk_did[0])], key=HOLDER_JWK_ED, ident=jwk_did), ONLINE, good, [BOUND], "valid"),
        case("vp-jwt good (did:jwk P-256 holder, ES256)", "The holder is a did:jwk of a P-256 key; the VP is ES256.",
             vp_jwt([vc_jwt(p256_did[0])], key=HOLDER_P256, ident=p256_did), ONLINE, good, [BOUND], "valid"),
        case("vp-jwt expired", "exp passed more than the 5-minute clock skew ago.",
             vp_jwt([vc_jwt(HOLDER_DID)], iat=T - 600, exp=T - 400), ONLINE,
             [SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.expired")], [BOUND], "invalid"),
        case("vp-jwt too old", "No exp, but iat is 21 minutes ago: over the 15-minute age limit plus 5 minutes of skew.",
             vp_jwt([vc_jwt(HOLDER_DID)], iat=T - 21 * 60), ONLINE,
             [SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.too_old")], [BOUND], "invalid"),
        case("vp-jwt at the age limit", "iat exactly 15 + 5 minutes ago still passes.",
             vp_jwt([vc_jwt(HOLDER_DID)], iat=T - 20 * 60), ONLINE, good, [BOUND], "valid"),
        case("vp-jwt future iat", "iat 10 minutes ahead: more than the clock skew.",
             vp_jwt([vc_jwt(HOLDER_DID)], iat=T + 600), ONLINE,
             [SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.future")], [BOUND], "invalid"),
        case("vp-jwt wrong audience", "Made for another verifier.",
             vp_jwt([vc_jwt(HOLDER_DID)], aud="https://other.example/api/v1/shares"), ONLINE,
             [SIGNED, c("audience", "failed", "presentation.audience_other"), NONCE_OK, FRESH], [BOUND], "invalid"),
        case("vp-jwt wrong nonce", "Carries a nonce this verifier did not issue.",
             vp_jwt([vc_jwt(HOLDER_DID)], nonce="n-someone-else"), ONLINE,
             [SIGNED, AUD_OK, c("nonce", "failed", "presentation.nonce_other"), FRESH], [BOUND], "invalid"),
        case("vp-jwt bad holder signature", "Names the holder's did:key but is signed by another key.",
             vp_jwt([vc_jwt(HOLDER_DID)], signer=STRANGER), ONLINE,
             [c("holder_signature", "failed", "presentation.signature_mismatch"), AUD_OK, NONCE_OK, FRESH],
             [{"holder_binding": {"status": "failed", "code": "holder_binding.unidentified"}, "result": "invalid"}],
             "invalid"),
        case("vp-jwt credential of someone else", "A valid credential issued to another DID, presented by the holder.",
             vp_jwt([vc_jwt(STRANGER_DID)]), ONLINE, good,
             [{"holder_binding": {"status": "failed", "code": "holder_binding.subject_other"}, "result": "invalid"}],
             "invalid"),
        case("vp-jwt in person", "An in-person QR code: audience satchel:offline, a nonce made on the holder's phone, "
             "exp = iat + 15 minutes. No verifier nonce, so never better than could_not_check.",
             vp_jwt([vc_jwt(HOLDER_DID)], aud=OFFLINE, nonce="phone-made-nonce", iat=T - 60, exp=T - 60 + LIFETIME),
             IN_PERSON_OPTIONS, [SIGNED, AUD_OK, IN_PERSON, FRESH], [BOUND], "could_not_check"),
        case("vp-jwt in person as SVP1 QR text", "The same in-person code packed for the QR code (SVP1).",
             packed(vp_jwt([vc_jwt(HOLDER_DID)], aud=OFFLINE, nonce="phone-made-nonce", iat=T - 60,
                           exp=T - 60 + LIFETIME)),
             IN_PERSON_OPTIONS, [SIGNED, AUD_OK, IN_PERSON, FRESH], [BOUND], "could_not_check"),
        case("vp-jwt in person as SVP2 QR parts", "The same in-person code as SVP2 (deflate-raw, nested base64url "
             "unpacked) cut into parts, joined one a line.",
             packed(vp_jwt([vc_jwt(HOLDER_DID)], aud=OFFLINE, nonce="phone-made-nonce", iat=T - 60,
                           exp=T - 60 + LIFETIME), "SVP2"),
             IN_PERSON_OPTIONS, [SIGNED, AUD_OK, IN_PERSON, FRESH], [BOUND], "could_not_check"),
        case("vp-jwt in person, two-way", "The verifier's phone showed a challenge (its own nonce and audience "
             "satchel:inperson:<its id>); the wallet answered it. Checked with that audience and nonce: nothing left "
             "that a phone cannot check, so valid offline.",
             vp_jwt([vc_jwt(HOLDER_DID)], aud=TWO_WAY["audience"], nonce=TWO_WAY["nonce"], iat=T - 60,
                    exp=T - 60 + LIFETIME),
             TWO_WAY, [SIGNED, AUD_OK, NONCE_OK, FRESH], [BOUND], "valid"),
        case("vp-jwt in person, two-way, another challenge", "An answer to a challenge this verifier did not make "
             "(or made and used already): its nonce is not the expected one.",
             vp_jwt([vc_jwt(HOLDER_DID)], aud=TWO_WAY["audience"], nonce="0123456789ABCDEF0123456789ABCDEF", iat=T - 60,
                    exp=T - 60 + LIFETIME),
             TWO_WAY, [SIGNED, AUD_OK, c("nonce", "failed", "presentation.nonce_other"), FRESH], [BOUND], "invalid"),
        case("vp-jwt in person, two-way, as SVP2 parts", "The two-way answer as the wallet shows it.",
             packed(vp_jwt([sd_jwt_kb(HOLDER, aud=TWO_WAY["audience"], nonce=TWO_WAY["nonce"], iat=T - 60)],
                           aud=TWO_WAY["audience"], nonce=TWO_WAY["nonce"], iat=T - 60, exp=T - 60 + LIFETIME), "SVP2"),
             TWO_WAY, [SIGNED, AUD_OK, NONCE_OK, FRESH],
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_match"}, "result": "valid"}], "valid"),
        case("vp-jwt in person, 12 minutes old", "Within the code's 15-minute lifetime: fresh on the phone and on the server.",
             vp_jwt([vc_jwt(HOLDER_DID)], aud=OFFLINE, nonce="phone-made-nonce", iat=T - 720, exp=T - 720 + LIFETIME),
             IN_PERSON_OPTIONS, [SIGNED, AUD_OK, IN_PERSON, FRESH], [BOUND], "could_not_check"),
        case("vp-jwt in person, 21 minutes old", "Past its exp (and the age limit) by more than the skew.",
             vp_jwt([vc_jwt(HOLDER_DID)], aud=OFFLINE, nonce="phone-made-nonce", iat=T - 1260, exp=T - 1260 + LIFETIME),
             IN_PERSON_OPTIONS, [SIGNED, AUD_OK, IN_PERSON, c("freshness", "failed", "presentation.too_old")], [BOUND],
             "invalid"),
        case("vp-jwt in person carrying an SD-JWT+KB", "The wallet's in-person shape for an SD-JWT VC: its key binding "
             "is made for the same presentation (the VP's aud and nonce), so the credential checks out; the "
             "presentation has no verifier nonce.",
             vp_jwt([sd_jwt_kb(HOLDER, aud=OFFLINE, nonce="phone-made-nonce", iat=T - 60)], aud=OFFLINE,
                    nonce="phone-made-nonce", iat=T - 60, exp=T - 60 + LIFETIME),
             IN_PERSON_OPTIONS, [SIGNED, AUD_OK, IN_PERSON, FRESH],
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_match"}, "result": "valid"}],
             "could_not_check"),
        case("vp-jwt carrying an SD-JWT+KB made for another presentation", "The key binding names another nonce "
             "than the VP around it (lifted from another presentation): the credential is invalid.",
             vp_jwt([sd_jwt_kb(HOLDER, nonce="n-someone-else")]), ONLINE, good,
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_match"}, "result": "invalid"}],
             "invalid"),
        case("vp-jwt carrying an SD-JWT of another holder", "The SD-JWT is bound (cnf) to another key than the "
             "VP's signer, with a key binding signed by that other key.",
             vp_jwt([sd_jwt_kb(STRANGER)]), ONLINE, good,
             [{"holder_binding": {"status": "failed", "code": "holder_binding.cnf_other"}, "result": "invalid"}],
             "invalid"),
        case("vp-jwt vp.holder is not the signer", "vp.holder names another DID than iss.",
             vp_jwt([vc_jwt(HOLDER_DID)], vp={"holder": STRANGER_DID}), ONLINE,
             [c("holder_signature", "failed", "presentation.holder_not_signer"), AUD_OK, NONCE_OK, FRESH],
             [UNBOUND], "invalid"),
        case("vp-jwt unaccepted algorithm", "The header says HS256 (only EdDSA and ES256 are accepted).",
             vp_jwt([vc_jwt(HOLDER_DID)], header={"alg": "HS256"}), ONLINE,
             [c("holder_signature", "failed", "presentation.bad_alg"), AUD_OK, NONCE_OK, FRESH], [UNBOUND], "invalid"),
        case("vp-jwt signed with another DID's key id", "kid names another DID than the holder.",
             vp_jwt([vc_jwt(HOLDER_DID)], header={"kid": did_key(STRANGER)[1]}), ONLINE,
             [c("holder_signature", "failed", "presentation.other_key"), AUD_OK, NONCE_OK, FRESH], [UNBOUND], "invalid"),
        case("vp-jwt holder is a did:web", "A holder that would need the network is not accepted.",
             vp_jwt([vc_jwt("did:web:holder.example")], ident=("did:web:holder.example", "did:web:holder.example#key-1")),
             ONLINE, [c("holder_signature", "failed", "presentation.holder_method"), AUD_OK, NONCE_OK, FRESH],
             [UNBOUND], "invalid"),
        case("vp-jwt without iat", "The time of signing is required.",
             vp_jwt([vc_jwt(HOLDER_DID)], claims={"iat": None}), ONLINE,
             [SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.no_iat")], [BOUND], "invalid"),
        case("vp-jwt exp not a date", "exp is a string.",
             vp_jwt([vc_jwt(HOLDER_DID)], claims={"exp": "tomorrow"}), ONLINE,
             [SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.bad_date")], [BOUND], "invalid"),
        case("vp-jwt nbf in the future", "Not valid before a date 1 day ahead.",
             vp_jwt([vc_jwt(HOLDER_DID)], claims={"nbf": T + 86400}), ONLINE,
             [SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.not_yet")], [BOUND], "invalid"),
        case("vp-jwt expires before it is valid", "exp is earlier than iat (both within the skew of now).",
             vp_jwt([vc_jwt(HOLDER_DID)], iat=T - 30, exp=T - 60), ONLINE,
             [SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.inverted")], [BOUND], "invalid"),
        case("vp-jwt with no audience or nonce expected", "A verifier that expects nothing cannot rule out a "
             "foreign or replayed presentation: could_not_check, never valid.",
             vp_jwt([vc_jwt(HOLDER_DID)]), {"audience": None, "nonce": None},
             [SIGNED, c("audience", "could_not_check", "presentation.audience_not_expected"),
              c("nonce", "could_not_check", "presentation.nonce_not_expected"), FRESH], [BOUND], "could_not_check"),
        case("sd-jwt+kb key binding typ is not kb+jwt", "The key binding JWT's typ is JWT.",
             sd_jwt_kb(HOLDER, typ="JWT"), ONLINE,
             [c("holder_signature", "failed", "presentation.kb_typ"), AUD_OK, NONCE_OK, FRESH],
             [{"holder_binding": {"status": "failed", "code": "holder_binding.cnf_not_presented"}, "result": "invalid"}],
             "invalid"),
        case("sd-jwt+kb good", "An SD-JWT VC presented alone; the key binding JWT is the holder's signature.",
             sd_jwt_kb(HOLDER), ONLINE, [KB_SIGNED, AUD_OK, NONCE_OK, FRESH], [KB_BOUND], "valid"),
        case("sd-jwt+kb good (P-256 holder key)", "The cnf key is P-256; the key binding JWT is ES256.",
             sd_jwt_kb(HOLDER_P256), ONLINE, [KB_SIGNED, AUD_OK, NONCE_OK, FRESH], [KB_BOUND], "valid"),
        case("sd-jwt+kb bad sd_hash", "The key binding covers both disclosures but only one is presented.",
             sd_jwt_kb(HOLDER, keep=[0], hash_of=[0, 1]), ONLINE,
             [c("holder_signature", "failed", "presentation.sd_hash"), AUD_OK, NONCE_OK, FRESH],
             [{"holder_binding": {"status": "failed", "code": "holder_binding.cnf_not_presented"}, "result": "invalid"}],
             "invalid"),
        case("sd-jwt+kb bad key binding signature", "The key binding JWT is signed by a key other than cnf.jwk.",
             sd_jwt_kb(HOLDER, signer=STRANGER), ONLINE,
             [c("holder_signature", "failed", "presentation.kb_signature"), AUD_OK, NONCE_OK, FRESH],
             [{"holder_binding": {"status": "failed", "code": "holder_binding.cnf_not_presented"}, "result": "invalid"}],
             "invalid"),
        case("sd-jwt+kb wrong nonce", "The key binding carries another nonce.",
             sd_jwt_kb(HOLDER, nonce="n-someone-else"), ONLINE,
             [KB_SIGNED, AUD_OK, c("nonce", "failed", "presentation.nonce_other"), FRESH],
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_presented"}, "result": "invalid"}],
             "invalid"),
        case("sd-jwt+kb wrong audience", "The key binding names another verifier.",
             sd_jwt_kb(HOLDER, aud="https://other.example/api/v1/shares"), ONLINE,
             [KB_SIGNED, c("audience", "failed", "presentation.audience_other"), NONCE_OK, FRESH],
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_presented"}, "result": "invalid"}],
             "invalid"),
        case("sd-jwt+kb too old", "The key binding JWT was signed 21 minutes ago.",
             sd_jwt_kb(HOLDER, iat=T - 21 * 60), ONLINE,
             [KB_SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.too_old")],
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_presented"}, "result": "invalid"}],
             "invalid"),
        case("sd-jwt+kb future iat", "The key binding JWT is dated 10 minutes ahead.",
             sd_jwt_kb(HOLDER, iat=T + 600), ONLINE,
             [KB_SIGNED, AUD_OK, NONCE_OK, c("freshness", "failed", "presentation.future")],
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_presented"}, "result": "invalid"}],
             "invalid"),
        case("sd-jwt+kb in person", "An SD-JWT+KB for satchel:offline with a phone-made nonce.",
             sd_jwt_kb(HOLDER, aud=OFFLINE, nonce="phone-made-nonce"), IN_PERSON_OPTIONS,
             [KB_SIGNED, AUD_OK, IN_PERSON, FRESH],
             [{"holder_binding": {"status": "passed", "code": "holder_binding.cnf_presented"}, "result": "could_not_check"}],
             "could_not_check"),
    ]


def main() -> None:
    doc = {
        "about": (
            "Golden vectors for presentation verification (decision D6 in docs/architecture.md): "
            "wallet_core/presentations and pwa/src/wallet/checkvp.js must both produce exactly the "
            "expected checks (check, status, code), each credential's holder_binding and result, and "
            "the overall result. Made by `python -m tests.vectors.make_presentations` (keys from fixed "
            "seeds, real Ed25519/ES256 signatures; expectations written by hand from the rule set)."
        ),
        "now": NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "max_clock_skew_seconds": 300,
        "max_presentation_age_seconds": LIFETIME,
        "vectors": vectors(),
    }
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(doc['vectors'])} vectors to {OUT}")


if __name__ == "__main__":
    main()
