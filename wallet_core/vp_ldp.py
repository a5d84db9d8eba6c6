"""Data Integrity presentations (the ``ldp_vc`` answer of OpenID4VP 1.0): a
JSON-LD ``VerifiablePresentation`` holding W3C credentials with embedded
proofs, signed by its holder.

The holder's proof is checked like a credential's proof (the same suites:
``DataIntegrityProof`` with ``eddsa-rdfc-2022``, ``eddsa-jcs-2022`` or
``ecdsa-rdfc-2019``, and ``Ed25519Signature2020``; RDF canonicalisation with
the bundled contexts, or JSON canonicalisation for ``eddsa-jcs-2022``, which
Satchel's own wallet signs with) with these differences:

- ``proofPurpose`` must be ``authentication`` (a credential's is
  ``assertionMethod``);
- ``challenge`` is the verifier's nonce and ``domain`` its audience (the
  OpenID4VP ``client_id``), both covered by the signature (they are proof
  options);
- the signer is the holder: the verification method's DID must be the VP's
  ``holder`` (when given), a ``did:key`` or ``did:jwk`` resolved locally;
- freshness comes from the proof's ``created`` (and ``expires``), the way a
  VP-JWT's comes from ``iat`` (and ``exp``).

Each embedded credential is verified by ``wallet_core.verifier.verify``; its
holder binding passes only when its ``credentialSubject.id`` is the holder who
signed (for an SD-JWT VC, when its ``cnf`` key is the holder's key). An
``EnvelopedVerifiableCredential`` (VCDM 2.0: a ``data:`` URL holding a VC-JWT or
an SD-JWT VC) is verified as the credential its URL holds. The result is a
``PresentationVerdict`` with ``format`` ``"ldp-vp"``.

A **Satchel record** (type ``SatchelRecord``, decision D29) is a learner's
record saved as a file, not an answer to a verifier: its proof names no
``domain`` and no ``challenge``, so audience and nonce are ``could_not_check``
(whoever has a copy can show it), and it does not go stale (``created`` must
not be in the future, ``expires`` not past). It also carries Open Badges 2.0
assertions as text (``openBadges2``), verified like the rest; their recipient
is no DID, so their holder binding is ``could_not_check``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from datetime import UTC, datetime
from urllib.parse import unquote_to_bytes

from cryptography.exceptions import InvalidSignature

from . import canonical, jsonsafe, reasons
from .canonical import CanonicalizationError, jcs, rdfc
from .dates import iso, parse_datetime
from .environment import Environment
from .errors import InputError, InputTooLarge, MalformedInput, NotACredential
from .jsonsafe import JsonInputError
from .options import VerifyOptions
from .presentations import PresentationVerdict, PresentedCredential
from .presentations import checks as pchecks
from .suites import data_integrity, ecdsa, ecdsa_rdfc_2019
from .suites.result import ProofResult, coded
from .vc_model import as_list, types
from .verdict import FAILED, PASSED, Check, Result, Verdict, overall
from .verifier import INTERNAL_ERROR, verify

FORMAT = "ldp-vp"
MAX_CREDENTIALS = 20
RECORD_TYPE = "SatchelRecord"
MAX_RECORD_CREDENTIALS = 100
ENVELOPED = "EnvelopedVerifiableCredential"
UNKNOWN = "could_not_check"
HOLDER_METHODS = ("did:key:", "did:jwk:")
PURPOSE = "authentication"
ED25519_SUITES = {
    ("DataIntegrityProof", "eddsa-rdfc-2022"): "DataIntegrityProof eddsa-rdfc-2022",
    ("DataIntegrityProof", "eddsa-2022"): "DataIntegrityProof eddsa-2022",
    ("Ed25519Signature2020", None): "Ed25519Signature2020",
    # JSON canonicalisation (RFC 8785): what Satchel's own wallet signs with
    # (pwa/src/wallet/oid4vp.js; no RDF canonicalisation on the phone).
    ("DataIntegrityProof", "eddsa-jcs-2022"): "DataIntegrityProof eddsa-jcs-2022",
}
ECDSA_SUITES = {("DataIntegrityProof", "ecdsa-rdfc-2019"): "DataIntegrityProof ecdsa-rdfc-2019"}
log = logging.getLogger("wallet_core")


def read(presentation: str | bytes | dict, max_bytes: int = 4 * 1024 * 1024) -> dict:
    """The presentation as a JSON object; ``MalformedInput`` / ``NotACredential`` when it is not one."""
    if isinstance(presentation, dict):
        doc = presentation
    else:
        if len(presentation) > max_bytes:
            raise InputTooLarge(f"The presentation is larger than {max_bytes:,} bytes.")
        try:
            doc = jsonsafe.loads(presentation)
        except (JsonInputError, ValueError) as exc:
            raise MalformedInput(f"The presentation is not JSON: {exc}.") from None
    if not isinstance(doc, dict):
        raise MalformedInput("A Data Integrity presentation is a JSON object.")
    if "VerifiablePresentation" not in types(doc):
        raise NotACredential("This JSON is not a VerifiablePresentation (its type).")
    return doc


def holder_of(doc: dict) -> str | None:
    holder = doc.get("holder")
    if isinstance(holder, dict):
        holder = holder.get("id")
    return holder if isinstance(holder, str) else None


def _one(value) -> str | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) else None


def claimed_domain(doc: dict) -> str | None:
    """The proof's ``domain`` as written (unchecked: for choosing the expected audience)."""
    proof = doc.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    return _one(proof.get("domain")) if isinstance(proof, dict) else None


def _signature(document: dict, proof: dict, env) -> ProofResult:
    """The holder's proof over the presentation, by the credential suites' own steps."""
    kind = proof.get("type")
    suite = proof.get("cryptosuite") if kind == "DataIntegrityProof" else None
    key_of = (kind, suite) if isinstance(kind, str) and isinstance(suite, (str, type(None))) else None
    if key_of in ED25519_SUITES:
        label = ED25519_SUITES[key_of]
        key = data_integrity.resolve_key(proof, env)
        if isinstance(key, ProofResult):
            return key
        try:
            sig = data_integrity.multibase_signature(proof)
        except ValueError as exc:
            return coded(FAILED, "proof.signature_malformed", key, exc, suite=label)
        if suite == "eddsa-jcs-2022":
            context = proof.get("@context")
            if context is not None and as_list(document.get("@context"))[: len(as_list(context))] != as_list(context):
                return coded(FAILED, "presentation.ldp_context", key, suite=label)
            canonicalize = jcs
        else:
            canonicalize = lambda d: rdfc(d, env.loader).encode("utf-8")
        try:
            data = data_integrity.hash_data(document, proof, canonicalize)
        except CanonicalizationError as exc:
            return data_integrity.canonicalization_failure(exc, label, key)
        try:
            key.public_key.verify(sig, data)  # resolve_key made sure it is an Ed25519 key
        except InvalidSignature:
            return _mismatch(key)
        return coded(PASSED, "presentation.ldp_valid", key, suite=label)
    if key_of in ECDSA_SUITES:
        label = ECDSA_SUITES[key_of]
        key = ecdsa.resolve_ec_key(proof, env, label)
        if isinstance(key, ProofResult):
            return key
        _name, hash_cls, size = ecdsa.curve_of(key.public_key)
        try:
            sig = ecdsa_rdfc_2019.signature_of(proof, size)
        except ValueError as exc:
            return coded(FAILED, "proof.signature_malformed", key, exc, suite=label)
        try:
            data = ecdsa_rdfc_2019.hash_data(document, proof, hash_cls, env.loader)
        except CanonicalizationError as exc:
            return data_integrity.canonicalization_failure(exc, label, key)
        if not ecdsa.verify_p1363(key.public_key, sig, data):
            return _mismatch(key)
        return coded(PASSED, "presentation.ldp_valid", key, suite=label)
    shown = f"{kind} {suite}" if suite else str(kind)
    text, params = reasons.phrase("presentation.ldp_suite", suite=shown[:80])
    return ProofResult(FAILED, text, None, "presentation.ldp_suite", params)


def _mismatch(key) -> ProofResult:
    text, params = reasons.phrase("presentation.signature_mismatch")
    return ProofResult(FAILED, text, key, "presentation.signature_mismatch", params)


def _holder_signature(doc: dict, proof, holder: str | None, env) -> tuple[Check, str | None]:
    """(the holder_signature check, the holder DID when it passed)."""
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        return reasons.check("holder_signature", FAILED, "presentation.ldp_proof_count"), None
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        return reasons.check("holder_signature", FAILED, "presentation.ldp_proof_count"), None
    signer = method.split("#")[0]
    if holder is not None and holder != signer:
        return reasons.check("holder_signature", FAILED, "presentation.holder_not_signer", vp_holder=holder[:80], holder=signer[:80]), None
    if not signer.startswith(HOLDER_METHODS):
        return reasons.check("holder_signature", FAILED, "presentation.holder_method", holder=signer[:40]), None
    if proof.get("proofPurpose") != PURPOSE:
        return reasons.check("holder_signature", FAILED, "presentation.ldp_purpose", purpose=str(proof.get("proofPurpose"))[:40]), None
    document = {k: v for k, v in doc.items() if k != "proof"}
    result = _signature(document, proof, env)
    if result.status != PASSED:
        return reasons.join("holder_signature", result.status, reasons.coded_parts([result])), None
    return reasons.check("holder_signature", PASSED, "presentation.holder_signed", holder=signer), signer


def _context_checks(proof: dict, options: VerifyOptions, moment: datetime, accepted: bool) -> list[Check]:
    """audience (``domain``), nonce (``challenge``) and freshness (``created`` /
    ``expires`` as iat / exp) by the rules and reason codes of every presentation."""
    claims: dict = {"aud": proof.get("domain"), "nonce": proof.get("challenge")}
    created = parse_datetime(proof.get("created"))
    if created is not None:
        claims["iat"] = created.timestamp()
    if "expires" in proof:
        expires = parse_datetime(proof.get("expires"))
        claims["exp"] = expires.timestamp() if expires is not None else proof.get("expires")
    return [
        pchecks.audience_check(claims, options),
        pchecks.nonce_check(claims, options),
        pchecks.freshness_check(claims, None, options, moment, accepted),
    ]


def _record_checks(proof: dict, options: VerifyOptions, moment: datetime) -> list[Check]:
    """audience, nonce and freshness of a record file: bound to no verifier, never stale."""
    created = parse_datetime(proof.get("created"))
    if created is None:
        fresh = reasons.check("freshness", FAILED, "presentation.no_iat")
    elif created > moment + options.max_clock_skew:
        fresh = reasons.check("freshness", FAILED, "presentation.future", iat=iso(created))
    elif "expires" in proof and (
        (until := parse_datetime(proof.get("expires"))) is None or until < moment - options.max_clock_skew
    ):
        fresh = reasons.check(
            "freshness", FAILED, "presentation.expired", until=str(proof.get("expires"))[:40], until_field="expires"
        )
    else:
        fresh = reasons.check("freshness", PASSED, "presentation.record_signed", iat=iso(created))
    return [
        reasons.check("audience", UNKNOWN, "presentation.record_audience"),
        reasons.check("nonce", UNKNOWN, "presentation.record_replay"),
        fresh,
    ]


def _entry_bytes(entry, i: int, record: bool) -> bytes:
    """The credential one ``verifiableCredential`` (or a record's ``openBadges2``) entry holds."""
    if isinstance(entry, dict) and ENVELOPED in types(entry):
        url = entry.get("id")
        if not isinstance(url, str) or not url.startswith("data:") or "," not in url:
            raise MalformedInput(f"Credential {i + 1} of the presentation is enveloped without a data: URL.")
        head, body = url[len("data:"):].split(",", 1)
        try:
            if head.lower().endswith(";base64"):
                return base64.b64decode(body, validate=True)
            return unquote_to_bytes(body)
        except (binascii.Error, ValueError):
            raise MalformedInput(f"Credential {i + 1} of the presentation: its data: URL is damaged.") from None
    if isinstance(entry, dict):
        return json.dumps(entry, ensure_ascii=False).encode("utf-8")
    if record and isinstance(entry, str):
        return entry.encode("utf-8")
    raise MalformedInput(f"Credential {i + 1} of the presentation is not a JSON object (an ldp_vc credential).")


def _binding(verdict: Verdict, data: bytes, holder: str | None, record: bool) -> Check:
    if holder is None:
        return reasons.check("holder_binding", FAILED, "presentation.presenter_unknown")
    if record and verdict.format.startswith("ob2"):
        return reasons.check("holder_binding", UNKNOWN, "holder_binding.ob2_recipient")
    text = data.decode("utf-8", "replace")
    return pchecks.holder_binding(verdict, text, holder, pchecks.did_key(holder))


def _status(result: Result) -> str:
    return {"valid": PASSED, "invalid": FAILED}.get(result, "could_not_check")


def verify_ldp_presentation(
    presentation: str | bytes | dict,
    options: VerifyOptions | None = None,
    *,
    accepted_at: datetime | None = None,
) -> PresentationVerdict:
    """Verify a Data Integrity VerifiablePresentation against ``options.audience``
    (its proof's ``domain``) and ``options.nonce`` (its ``challenge``).

    Raises ``InputError`` subclasses only when it is not a presentation at all."""
    options = options or VerifyOptions()
    now = options.now()
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    if accepted_at is not None and accepted_at.tzinfo is None:
        accepted_at = accepted_at.replace(tzinfo=UTC)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        with canonical.verification():
            return _verify(read(presentation, options.max_input_bytes), options, now, accepted_at, stamp)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # the net (see verifier.py): could_not_check, never valid
        log.exception("unexpected error verifying a Data Integrity presentation")
        check = reasons.check("format", "could_not_check", INTERNAL_ERROR, error=type(exc).__name__)
        return PresentationVerdict(
            format=FORMAT, result="could_not_check", holder=None, audience=None, nonce=None,
            issued_at=None, checks=[check], credentials=[], checked_at=stamp,
        )


def _verify(doc: dict, options: VerifyOptions, now: datetime, accepted_at, stamp: str) -> PresentationVerdict:
    record = RECORD_TYPE in types(doc)
    entries = as_list(doc.get("verifiableCredential")) + (as_list(doc.get("openBadges2")) if record else [])
    if not entries:
        raise NotACredential("The presentation carries no credentials (verifiableCredential).")
    limit = MAX_RECORD_CREDENTIALS if record else MAX_CREDENTIALS
    if len(entries) > limit:
        raise MalformedInput(f"A presentation may carry at most {limit} credentials.")
    env = Environment.from_options(options)
    proof = doc.get("proof")
    if "holder" in doc and holder_of(doc) is None:
        check, holder = reasons.check("holder_signature", FAILED, "presentation.ldp_holder"), None
    else:
        check, holder = _holder_signature(doc, proof, holder_of(doc), env)
    checks = [check]
    single = proof[0] if isinstance(proof, list) and len(proof) == 1 else proof
    single = single if isinstance(single, dict) else {}
    if record:
        checks += _record_checks(single, options, now)
    else:
        checks += _context_checks(single, options, accepted_at or now, accepted_at is not None)
    credentials = []
    for i, entry in enumerate(entries):
        data = _entry_bytes(entry, i, record)
        try:
            verdict = verify(data, options)
        except (MalformedInput, NotACredential) as exc:
            raise type(exc)(f"Credential {i + 1} of the presentation: {exc.message}") from None
        binding = _binding(verdict, data, holder, record)
        result = overall([Check("credential", _status(verdict.result), ""), binding])
        credentials.append(PresentedCredential(verdict=verdict, holder_binding=binding, result=result))
    statuses = [*checks, *(Check("credential", _status(c.result), "") for c in credentials)]
    created = parse_datetime(single.get("created"))
    return PresentationVerdict(
        format=FORMAT,
        result=overall(statuses),
        holder=holder or holder_of(doc),
        audience=_one(single.get("domain")),
        nonce=single.get("challenge") if isinstance(single.get("challenge"), str) else None,
        issued_at=iso(created) if created else None,
        checks=checks,
        credentials=credentials,
        checked_at=stamp,
    )


def expanded_types(credential: dict) -> list[str] | None:
    """The credential's ``type`` values as full IRIs (JSON-LD expansion with the
    bundled contexts only: DCQL ``type_values`` are IRIs), or None when they
    cannot be expanded (a context that is not bundled, or inline contexts larger
    than 64 KB: call it on a credential whose proof was checked, which bounded
    the work its contexts take)."""
    from pyld import jsonld

    from .document_loader import default_loader

    loader = default_loader()
    contexts = as_list(credential.get("@context"))
    if not contexts or not all(loader.knows(c) if isinstance(c, str) else isinstance(c, dict) for c in contexts):
        return None
    if len(json.dumps([c for c in contexts if isinstance(c, dict)])) > 64 * 1024:
        return None
    names = [t for t in as_list(credential.get("type")) if isinstance(t, str)]
    if not names or len(names) > 20:
        return None
    try:
        expanded = jsonld.expand({"@context": contexts, "id": "urn:satchel:types", "type": names}, {**loader.pyld_options(), "base": None})
    except Exception:  # noqa: BLE001 - a type no context defines, a context error: not matched
        return None
    found = expanded[0].get("@type", []) if expanded else []
    return [t for t in found if isinstance(t, str)]
