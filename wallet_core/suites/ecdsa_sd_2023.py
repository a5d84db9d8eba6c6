"""DataIntegrityProof with cryptosuite ecdsa-sd-2023 (W3C vc-di-ecdsa), as a verifier sees it.

The issuer signs a *base proof* for the holder: an ephemeral P-256 key signs
every non-mandatory statement of the canonical document (blank nodes relabelled
with an HMAC of their canonical labels), and the issuer's key signs
``SHA-256(proof options) || ephemeral public key || SHA-256(mandatory statements)``.
The holder turns it into a *derived proof* that reveals only some statements:
the base signature, the ephemeral key, the signatures of the revealed
non-mandatory statements, the map from the revealed document's canonical
blank-node labels to the HMAC labels, and which statements are mandatory.

Verifying a derived proof: canonicalise the revealed document (RDFC-1.0),
replace each ``_:c14nN`` by its label from the map, sort; the statements at the
mandatory indexes are hashed, every other one must carry its own signature by
the ephemeral key, and the base signature must be the issuer's.

A base proof is not for verifiers: it carries the HMAC key that hides the
undisclosed statements, and the specification makes verifying one an error
(the proof value must start with the derived-proof header). Satchel reports it
as a failed proof with that reason.
"""

from __future__ import annotations

import hashlib
import re

from cryptography.hazmat.primitives.asymmetric import ec

from .. import reasons
from ..canonical import CanonicalizationError, rdfc
from ..cbor import CborError, decode
from ..encoding import P256_PUB, b64url_decode, b64url_encode
from .data_integrity import canonicalization_failure, proof_options
from .ecdsa import check_purpose, curve_of, mismatch, resolve_ec_key, valid, verify_p1363
from .result import ProofResult, coded

LABEL = "DataIntegrityProof ecdsa-sd-2023"
BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
MAX_LABEL_BYTES = 64

_IRI = r"<[^>]*>"
_BNODE = r"_:[A-Za-z0-9_.-]+"
_LITERAL = r'"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?'
_NQUAD = re.compile(
    rf"({_IRI}|{_BNODE}) ({_IRI}) ({_IRI}|{_BNODE}|{_LITERAL})(?: ({_IRI}|{_BNODE}))? \."
)


class ProofValueError(ValueError):
    """The proof value is not a well-formed ecdsa-sd-2023 derived proof."""


class DerivedProof:
    def __init__(self, base_signature, public_key, signatures, label_map, mandatory_indexes):
        self.base_signature: bytes = base_signature
        self.public_key: bytes = public_key  # multikey bytes: 0x8024 + compressed point
        self.signatures: list[bytes] = signatures
        self.label_map: dict[str, str] = label_map  # "c14n3" -> "u<base64url>"
        self.mandatory_indexes: list[int] = mandatory_indexes


class BaseProofError(ProofValueError):
    def __init__(self):
        super().__init__(
            "this is a base proof, meant for the holder, not a derived proof: the holder "
            "must derive a proof to show it (the specification makes verifying a base proof "
            "an error, and a base proof exposes the key that hides undisclosed fields)"
        )


def parse_derived(proof_value: object) -> DerivedProof:
    """Decode a derived proof value; raises ProofValueError (BaseProofError for a base proof)."""
    if not isinstance(proof_value, str) or not proof_value:
        raise reasons.error(ProofValueError, "sig.missing")
    if not proof_value.startswith("u"):
        raise reasons.error(ProofValueError, "sd.not_base64url")
    try:
        raw = b64url_decode(proof_value[1:])
    except ValueError:
        raise reasons.error(ProofValueError, "sd.not_base64url") from None
    if raw.startswith(BASE_HEADER):
        raise BaseProofError
    if not raw.startswith(DERIVED_HEADER):
        raise reasons.error(ProofValueError, "sd.header")
    try:
        value = decode(raw[len(DERIVED_HEADER) :])
    except CborError as exc:
        raise reasons.error(ProofValueError, "sd.cbor", exc) from None
    if not isinstance(value, list) or len(value) != 5:
        raise reasons.error(ProofValueError, "sd.components")
    base_signature, public_key, signatures, compressed, indexes = value
    if not isinstance(base_signature, bytes) or len(base_signature) != 64:
        raise reasons.error(ProofValueError, "sd.base_signature")
    if not isinstance(public_key, bytes) or len(public_key) != 35:
        raise reasons.error(ProofValueError, "sd.ephemeral_length")
    if not public_key.startswith(P256_PUB):
        raise reasons.error(ProofValueError, "sd.ephemeral_type")
    if not isinstance(signatures, list) or not all(
        isinstance(s, bytes) and len(s) == 64 for s in signatures
    ):
        raise reasons.error(ProofValueError, "sd.signatures")
    if not isinstance(compressed, dict) or not all(
        isinstance(k, int) and k >= 0 and isinstance(v, bytes) and 0 < len(v) <= MAX_LABEL_BYTES
        for k, v in compressed.items()
    ):
        raise reasons.error(ProofValueError, "sd.label_map")
    if not isinstance(indexes, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in indexes
    ):
        raise reasons.error(ProofValueError, "sd.indexes")
    if len(set(indexes)) != len(indexes):
        raise reasons.error(ProofValueError, "sd.index_repeated")
    label_map = {f"c14n{k}": "u" + b64url_encode(v) for k, v in compressed.items()}
    return DerivedProof(base_signature, public_key, signatures, label_map, indexes)


def relabel(canonical_nquads: str, label_map: dict[str, str]) -> list[str]:
    """The canonical N-Quads with each ``_:c14nN`` replaced by ``_:<label_map[c14nN]>``,
    sorted. Only blank-node terms are relabelled, never text inside literals.
    Raises ProofValueError when the map lacks a label the document uses."""

    def term(text: str | None) -> str | None:
        if text is None or not text.startswith("_:"):
            return text
        label = label_map.get(text[2:])
        if label is None:
            raise reasons.error(ProofValueError, "sd.label_missing", node=text)
        return "_:" + label

    out = []
    lines = canonical_nquads.split("\n")  # not splitlines(): literals may hold U+2028 etc.
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        m = _NQUAD.fullmatch(line)
        if m is None:
            raise reasons.error(ProofValueError, "sd.statement_form", line=repr(line[:80]))
        s, p, o, g = (term(x) for x in m.groups())
        out.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")
    # Code-point order (what "sort" means for strings in Python and in the spec);
    # implementations sorting UTF-16 code units differ only between a character
    # above U+E000 and one outside the BMP at the first difference.
    return sorted(out)


def verify(document: dict, proof: dict, env) -> ProofResult:
    bad_purpose = check_purpose(proof, LABEL)
    if bad_purpose is not None:
        return bad_purpose
    try:
        derived = parse_derived(proof.get("proofValue"))
    except ProofValueError as exc:
        return coded("failed", "proof.suite_problem", None, exc, suite=LABEL)
    key = resolve_ec_key(proof, env, LABEL)
    if isinstance(key, ProofResult):
        return key
    if curve_of(key.public_key)[0] != "P-256":
        return coded(
            "could_not_check", "proof.curve_unsupported", suite=LABEL, curve=curve_of(key.public_key)[0]
        )
    try:
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), derived.public_key[len(P256_PUB) :]
        )
    except ValueError:
        return coded("failed", "proof.ephemeral_key", suite=LABEL)
    try:
        proof_hash = hashlib.sha256(
            rdfc(proof_options(document, proof), env.loader).encode("utf-8")
        ).digest()
        canonical = rdfc(document, env.loader)
    except CanonicalizationError as exc:
        return canonicalization_failure(exc, LABEL, key)
    try:
        nquads = relabel(canonical, derived.label_map)
    except ProofValueError as exc:
        return mismatch(LABEL, key, **reasons.cause(exc, "why"))
    mandatory_set = set(derived.mandatory_indexes)
    if any(i < 0 or i >= len(nquads) for i in mandatory_set):
        return mismatch(LABEL, key, "sd.mandatory_index")
    mandatory = [nq for i, nq in enumerate(nquads) if i in mandatory_set]
    non_mandatory = [nq for i, nq in enumerate(nquads) if i not in mandatory_set]
    if len(derived.signatures) != len(non_mandatory):
        return mismatch(
            LABEL,
            key,
            "sd.signature_count",
            signatures=len(derived.signatures),
            statements=len(non_mandatory),
        )
    for n, (nq, sig) in enumerate(zip(non_mandatory, derived.signatures, strict=True)):
        if not verify_p1363(ephemeral, sig, nq.encode("utf-8")):
            return mismatch(LABEL, key, "sd.statement", n=n + 1)
    mandatory_hash = hashlib.sha256("".join(mandatory).encode("utf-8")).digest()
    signed = proof_hash + derived.public_key + mandatory_hash
    if not verify_p1363(key.public_key, derived.base_signature, signed):
        return mismatch(LABEL, key)
    return valid(LABEL, key)
