"""OpenID for Verifiable Credential Issuance 1.0 (final), pre-authorised code flow.

1. An award creates an offer: a random pre-authorised code (stored hashed, single
   use, expires after ``Settings.offer_lifetime``) and optionally a 6-digit
   ``tx_code`` the learner is told separately. The offer goes to the wallet by
   value (``credential_offer``) or by reference (``credential_offer_uri``,
   ``GET /oid4vci/offers/<ref>``); the code is derived from the reference, so
   neither is stored in the clear.
2. ``POST /oid4vci/token`` exchanges the code (and tx_code) for a short-lived
   access token (no ``c_nonce``: 1.0 gives nonces only at the nonce endpoint).
3. ``POST /oid4vci/nonce`` gives a fresh single-use ``c_nonce``.
4. ``POST /oid4vci/credential`` with the access token and ``proofs.jwt`` (one
   proof JWT: ``typ`` ``openid4vci-proof+jwt``, ``alg`` EdDSA or ES256, the key
   as ``kid`` (a did:key DID URL) or as ``jwk``, ``aud`` this issuer, ``nonce``
   a c_nonce) returns ``{"credentials": [{"credential": …}]}``, only if the
   proof's key is the key of the DID the achievement was awarded to.

Two credential configurations are offered for every award: the Open Badges 3.0
credential (``ldp_vc``) and the same achievement as an SD-JWT VC
(``dc+sd-jwt``, bound to the proof's key by ``cnf.jwk``). One access token may
fetch each configuration once.

Errors are OAuth 2.0 / OID4VCI error codes; a refused request changes nothing,
except that a nonce offered in a failed proof is not reusable either, and that a
wrong ``tx_code`` spends one of the offer's ``TX_CODE_ATTEMPTS``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Mapping
from urllib.parse import quote, urldefrag

import sqlite_utils

from server.errors import OAuthError
from server.i18n import catalogue, languages
from server.issuer import store
from server.issuer.awards import OB3_CONTEXTS, SUITES, get_award
from server.issuer.identity import public_origin
from server.security.tokens import hash_secret
from wallet_core import jsonsafe
from wallet_core.encoding import b64url_decode, b64url_encode
from wallet_core.jose import JoseError, verify_compact
from wallet_core.keys import KeyInvalid, KeyUnavailable, from_jwk
from wallet_core.sdjwt import public_jwk
from wallet_core.verification_method import resolve as resolve_method

PRE_AUTH_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION_ID = "OpenBadgeCredential_ldp_vc"
SD_JWT_CONFIGURATION_ID = "OpenBadgeAchievement_dc_sd_jwt"
CONFIGURATIONS = (CONFIGURATION_ID, SD_JWT_CONFIGURATION_ID)
TOKEN_LIFETIME = 300
NONCE_LIFETIME = 300
PROOF_MAX_AGE = 300
PROOF_TYP = "openid4vci-proof+jwt"
PROOF_ALGS = ("EdDSA", "ES256")
# Wrong tx_codes an offer survives: the fifth wrong one kills it (the issuer makes a
# new offer). A 6-digit code then falls to guessing with odds 5 in a million.
TX_CODE_ATTEMPTS = 5
OFFER_LOCKED = "too many wrong tx_codes: this offer no longer works; ask the issuer for a new one"


def sd_jwt_vct(public_url: str) -> str:
    """The one ``vct`` of Satchel's SD-JWT VCs, the same in the metadata and in
    every credential; which achievement it is, is the ``achievement.id`` claim."""
    return f"{public_origin(public_url)}/issuer/vct/achievement"


def _display(key: str) -> list[dict]:
    """A metadata ``display`` list: the catalogue text ``key`` in every language."""
    return [{"name": catalogue(lang)[key], "locale": lang} for lang in languages()]


def issuer_metadata(public_url: str, issuer_names: Mapping[str, str]) -> dict:
    base = public_origin(public_url)
    proof_types = {"jwt": {"proof_signing_alg_values_supported": list(PROOF_ALGS)}}
    return {
        "credential_issuer": base,
        "authorization_servers": [base],
        "credential_endpoint": f"{base}/oid4vci/credential",
        "nonce_endpoint": f"{base}/oid4vci/nonce",
        "display": [{"name": name, "locale": lang} for lang, name in issuer_names.items()],
        "credential_configurations_supported": {
            CONFIGURATION_ID: {
                "format": "ldp_vc",
                "scope": "OpenBadgeCredential",
                "cryptographic_binding_methods_supported": ["did:key"],
                # the award's proof, as the issuer chose it (awards.SUITES)
                "credential_signing_alg_values_supported": list(SUITES),
                "proof_types_supported": proof_types,
                "credential_definition": {
                    # the credentials' context URLs; their last context, Satchel's
                    # terms, is inline (an object), which wallets' metadata schemas
                    # refuse here (@openid4vc/openid4vci 0.4.6 wants strings)
                    "@context": [c for c in OB3_CONTEXTS if isinstance(c, str)],
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                },
                "credential_metadata": {"display": _display("oid4vci_display_ob")},
            },
            SD_JWT_CONFIGURATION_ID: {
                "format": "dc+sd-jwt",
                "scope": "OpenBadgeAchievement",
                "vct": sd_jwt_vct(public_url),
                # cnf.jwk binds the credential; the proof may name the key as a
                # jwk or as a did:key DID URL
                "cryptographic_binding_methods_supported": ["jwk", "did:key"],
                "credential_signing_alg_values_supported": ["EdDSA"],
                "proof_types_supported": proof_types,
                "credential_metadata": {"display": _display("oid4vci_display_sd")},
            },
        },
    }


def authorization_server_metadata(public_url: str) -> dict:
    base = public_origin(public_url)
    return {
        "issuer": base,
        "token_endpoint": f"{base}/oid4vci/token",
        "grant_types_supported": [PRE_AUTH_GRANT],
        "pre-authorized_grant_anonymous_access_supported": True,
        "response_types_supported": [],
    }


def create_offer(
    db: sqlite_utils.Database,
    public_url: str,
    award_id: str,
    lifetime: int,
    with_tx_code: bool,
    ref: str | None = None,
) -> dict:
    """A new offer for an award: returns {offer, uri, code, tx_code, expires}. ``ref``
    (default: a random one) names it at ``/oid4vci/offers/<ref>``; an offer with that
    ``ref`` made already raises server.storage.IntegrityError and changes nothing."""
    award = get_award(db, award_id)
    ref = ref or secrets.token_urlsafe(32)
    code = code_for_ref(ref)
    tx_code = f"{secrets.randbelow(10**6):06d}" if with_tx_code else None
    expires = time.time() + lifetime
    store.insert_offer(
        db,
        {
            "code_hash": hash_secret(code),
            "ref_hash": hash_secret(ref),
            "award_id": award_id,
            "tx_code_hash": hash_secret(tx_code) if tx_code else None,
            "expires": expires,
            "used": 0,
        },
    )
    return offer_links(public_url, ref, tx_code, expires, with_tx_code, award["lang"])


def offer_links(public_url: str, ref: str, tx_code: str | None, expires: float, with_tx_code: bool, lang: str) -> dict:
    """An offer's document and the links to it (by value and by reference)."""
    code = code_for_ref(ref)
    offer = _offer_document(public_url, code, with_tx_code, lang)
    text = json.dumps(offer, separators=(",", ":"))
    offer_uri = f"{public_origin(public_url)}/oid4vci/offers/{ref}"
    return {
        "page": f"{public_origin(public_url)}/offer/{ref}",
        "offer": offer,
        "uri": "openid-credential-offer://?credential_offer=" + quote(text, safe=""),
        "offer_uri": offer_uri,
        "uri_by_reference": "openid-credential-offer://?credential_offer_uri=" + quote(offer_uri, safe=""),
        "code": code,
        "tx_code": tx_code,
        "expires": expires,
    }


def code_for_ref(ref: str) -> str:
    """The pre-authorised code of the offer at ``/oid4vci/offers/<ref>``: whoever holds
    the reference holds the offer, and the database keeps hashes of both only."""
    return b64url_encode(hashlib.sha256(b"satchel-oid4vci-offer:" + ref.encode()).digest())


def _offer_document(public_url: str, code: str, with_tx_code: bool, lang: str) -> dict:
    grant: dict = {"pre-authorized_code": code}
    if with_tx_code:
        # one description, no locale (OpenID4VCI): in the language of the award
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": 6,
            "description": catalogue(lang)["oid4vci_tx_code"],
        }
    return {
        "credential_issuer": public_origin(public_url),
        "credential_configuration_ids": list(CONFIGURATIONS),
        "grants": {PRE_AUTH_GRANT: grant},
    }


def award_for_offer_ref(db: sqlite_utils.Database, ref: str) -> dict | None:
    """The award of the offer at ``/oid4vci/offers/<ref>`` while it is usable."""
    if not ref or len(ref) > 100:
        return None
    row = store.offer_by_ref(db, hash_secret(ref))
    if not row or row["used"] or row["expires"] < time.time():
        return None
    return get_award(db, row["award_id"])


def offer_by_reference(db: sqlite_utils.Database, public_url: str, ref: str) -> dict | None:
    """The offer at ``/oid4vci/offers/<ref>`` while its code is unused and unexpired."""
    if not ref or len(ref) > 100:
        return None
    row = store.offer_by_ref(db, hash_secret(ref))
    if not row or row["used"] or row["expires"] < time.time():
        return None
    lang = get_award(db, row["award_id"])["lang"]
    return _offer_document(public_url, code_for_ref(ref), bool(row["tx_code_hash"]), lang)


def new_nonce(db: sqlite_utils.Database) -> str:
    nonce = secrets.token_urlsafe(24)
    store.insert_nonce(db, nonce, time.time() + NONCE_LIFETIME, forget_before=time.time() - 3600)
    return nonce


def exchange_code(db: sqlite_utils.Database, form: dict) -> dict:
    """The token endpoint: pre-authorised code (+ tx_code) -> access token."""
    grant_type = form.get("grant_type")
    if not grant_type:
        raise OAuthError("invalid_request", "grant_type is missing")
    if grant_type != PRE_AUTH_GRANT:
        raise OAuthError("unsupported_grant_type", f"grant_type must be {PRE_AUTH_GRANT}")
    code = form.get("pre-authorized_code")
    if not code:
        raise OAuthError("invalid_request", "pre-authorized_code is missing")
    # A wrong tx_code must be counted, so that transaction commits and the error is
    # raised after it; every other refusal raises inside and changes nothing.
    refusal: OAuthError | None = None
    with db.atomic():
        offer = store.offer_by_code(db, hash_secret(code))
        if offer is None:
            raise OAuthError("invalid_grant", "the pre-authorised code is not valid")
        if offer["used"]:
            raise OAuthError("invalid_grant", "the pre-authorised code has already been used")
        if offer["expires"] < time.time():
            raise OAuthError("invalid_grant", "the credential offer has expired")
        if offer["tx_code_hash"]:
            refusal = _spend_tx_code_attempt(db, offer, form.get("tx_code"))
        if refusal is None:
            if not store.spend_offer(db, offer["code_hash"]):
                raise OAuthError("invalid_grant", "the pre-authorised code has already been used")
            token = secrets.token_urlsafe(32)
            store.insert_access_token(
                db,
                {
                    "token_hash": hash_secret(token),
                    "award_id": offer["award_id"],
                    "expires": time.time() + TOKEN_LIFETIME,
                    "used": 0,
                },
            )
    if refusal is not None:
        raise refusal
    return {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME}


def _spend_tx_code_attempt(db: sqlite_utils.Database, offer: dict, tx_code: object) -> OAuthError | None:
    """Check the tx_code against the offer; None when it is right, else the error to
    raise after the transaction commits. Every check spends one of the offer's
    ``TX_CODE_ATTEMPTS`` first (one conditional UPDATE, so parallel guesses cannot
    overrun the limit); once they are spent the offer is dead, even for the right code."""
    if not isinstance(tx_code, str) or not tx_code:
        raise OAuthError("invalid_request", "this offer needs the tx_code")
    if not store.count_tx_code_attempt(db, offer["code_hash"], TX_CODE_ATTEMPTS):
        return OAuthError("invalid_grant", OFFER_LOCKED)
    if secrets.compare_digest(hash_secret(tx_code), offer["tx_code_hash"]):
        return None
    left = TX_CODE_ATTEMPTS - offer["tx_attempts"] - 1
    if left <= 0:
        return OAuthError("invalid_grant", "the tx_code is not correct; " + OFFER_LOCKED)
    tries = "try" if left == 1 else "tries"
    return OAuthError("invalid_grant", f"the tx_code is not correct ({left} more {tries} for this offer)")


def _access_token_row(db: sqlite_utils.Database, authorization: str | None) -> dict:
    if not authorization or not authorization.startswith("Bearer "):
        raise OAuthError("invalid_token", "an access token (Authorization: Bearer) is required", 401)
    token = authorization[len("Bearer ") :].strip()
    row = store.access_token(db, hash_secret(token))
    if not row or row["expires"] < time.time():
        raise OAuthError("invalid_token", "the access token is not valid or has expired", 401)
    return row


def _decode_part(part: str, what: str) -> dict:
    try:
        value = jsonsafe.loads(b64url_decode(part))
    except ValueError:
        raise OAuthError("invalid_proof", f"the proof JWT {what} is not base64url JSON") from None
    if not isinstance(value, dict):
        raise OAuthError("invalid_proof", f"the proof JWT {what} is not a JSON object")
    return value


def _proof_jwt(body: dict) -> str:
    if "proof" in body:
        raise OAuthError(
            "invalid_credential_request", "send the proof in proofs (\"proofs\": {\"jwt\": [jwt]}), not proof"
        )
    proofs = body.get("proofs")
    if proofs is None:
        raise OAuthError("invalid_proof", "a proof of possession of the learner's key is required (proofs)")
    if not isinstance(proofs, dict) or set(proofs) != {"jwt"}:
        raise OAuthError("invalid_proof", "proofs must hold one proof type, jwt")
    jwts = proofs["jwt"]
    if not isinstance(jwts, list) or not all(isinstance(j, str) for j in jwts) or not jwts:
        raise OAuthError("invalid_proof", "proofs.jwt must be a list of JWTs")
    if len(jwts) != 1:
        raise OAuthError("invalid_proof", "this issuer issues one credential per request: send one proof")
    return jwts[0]


def check_proof(db: sqlite_utils.Database, public_url: str, jwt: str) -> tuple[str | None, str, object]:
    """Verify a proof JWT; returns (DID or None for a jwk proof, nonce, public key).
    The nonce is not yet consumed."""
    parts = jwt.split(".")
    if len(parts) != 3:
        raise OAuthError("invalid_proof", "the proof is not a compact JWT")
    header = _decode_part(parts[0], "header")
    payload = _decode_part(parts[1], "payload")
    if header.get("typ") != PROOF_TYP:
        raise OAuthError("invalid_proof", f"the proof JWT typ must be {PROOF_TYP}")
    alg = header.get("alg")
    if alg not in PROOF_ALGS:
        raise OAuthError("invalid_proof", f"the proof JWT alg must be one of {', '.join(PROOF_ALGS)}")
    kid, jwk = header.get("kid"), header.get("jwk")
    if (kid is None) == (jwk is None) or "x5c" in header:
        raise OAuthError("invalid_proof", "the proof JWT header must name its key by kid (a DID URL) or by jwk, not both")
    did: str | None = None
    try:
        if jwk is not None:
            if not isinstance(jwk, dict) or "d" in jwk:
                raise OAuthError("invalid_proof", "the proof jwk must be a public JWK")
            public_key = from_jwk(jwk)
        else:
            if not isinstance(kid, str) or not kid.startswith("did:") or "#" not in kid:
                raise OAuthError("invalid_proof", "the proof JWT kid must be a DID URL (did:key:…#…)")
            if not kid.startswith("did:key:"):
                raise OAuthError("invalid_proof", "only did:key holder keys are supported")
            public_key = resolve_method(kid, None).public_key
            did = urldefrag(kid)[0]
        valid = verify_compact(jwt, alg, public_key)
    except (KeyInvalid, KeyUnavailable, JoseError) as exc:
        raise OAuthError("invalid_proof", f"the proof key cannot be used: {exc}") from None
    if not valid:
        raise OAuthError("invalid_proof", "the proof JWT signature is not valid")
    if payload.get("aud") != public_origin(public_url):
        raise OAuthError("invalid_proof", f"the proof aud must be {public_origin(public_url)}")
    iat = payload.get("iat")
    if not isinstance(iat, (int, float)) or abs(time.time() - iat) > PROOF_MAX_AGE:
        raise OAuthError("invalid_proof", "the proof iat is missing or not recent")
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise OAuthError("invalid_nonce", "the proof has no nonce; get one from the nonce endpoint")
    return did, nonce, public_key


def issue_credential(db: sqlite_utils.Database, public_url: str, authorization: str | None, body: dict) -> dict:
    """The credential endpoint."""
    token_row = _access_token_row(db, authorization)
    if "credential_identifier" in body:
        raise OAuthError("unknown_credential_identifier", "this issuer gives no credential identifiers")
    configuration = body.get("credential_configuration_id")
    if configuration is None:
        raise OAuthError("invalid_credential_request", "credential_configuration_id is missing")
    if configuration not in CONFIGURATIONS:
        raise OAuthError("unknown_credential_configuration", f"offered: {', '.join(CONFIGURATIONS)}")
    if f",{configuration}," in token_row["configs_used"] + ",":
        raise OAuthError("invalid_token", "the access token has already been used for this credential", 401)
    did, nonce, holder_key = check_proof(db, public_url, _proof_jwt(body))
    award = get_award(db, token_row["award_id"])
    consumed = store.consume_nonce(db, nonce, time.time())  # a nonce is spent by any proof that names it
    if not consumed:
        raise OAuthError(
            "invalid_nonce",
            "the proof nonce is not one this issuer gave, or is used or expired; get a fresh one from the nonce endpoint",
        )
    if did is None:
        if configuration != SD_JWT_CONFIGURATION_ID:
            raise OAuthError("invalid_proof", "this credential binds to a did:key: the proof must name its key by kid")
        # A jwk proof: the key must be the key of the DID the award was made to.
        from server.issuer.sdjwt_vc import holder_jwk_of

        try:
            same = _same_key(public_jwk(holder_key), holder_jwk_of(award["subject"]))
        except ValueError:
            same = False
        if not same:
            raise OAuthError("invalid_proof", "the proof key is not the key of the learner's DID")
    elif did != award["subject"]:
        raise OAuthError("invalid_proof", "the proof is signed by a different DID than the learner's")
    if configuration == SD_JWT_CONFIGURATION_ID:
        from server.issuer.sdjwt_vc import sd_jwt_for_award

        try:
            holder_jwk = public_jwk(holder_key)
        except ValueError as exc:
            raise OAuthError("invalid_proof", str(exc)) from None
        credential: object = sd_jwt_for_award(db, public_url, award, holder_jwk)
    else:
        credential = award["credential"]
    if not store.spend_access_token_for(db, token_row["token_hash"], configuration):
        raise OAuthError("invalid_token", "the access token has already been used for this credential", 401)
    return {"credentials": [{"credential": credential}]}


def _same_key(a: dict, b: dict | None) -> bool:
    members = ("kty", "crv", "x", "y", "n", "e")
    return b is not None and all(a.get(m) == b.get(m) for m in members)
