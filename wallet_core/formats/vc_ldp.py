"""W3C VCs secured with embedded (Data Integrity / Linked Data) proofs:
Open Badges 3.0, CLR 2.0 and plain VCs, data model 1.1 and 2.0."""

from __future__ import annotations

from .. import reasons, suites
from ..display import display_for_vc
from ..issuer_binding import check_issuer
from ..keys import VerificationKey
from ..parse import ParsedText
from ..status import check_status
from ..suites.result import coded
from ..validity import (
    END_FIELDS,
    START_FIELDS,
    Dates,
    decide,
    display_with_dates,
    iso_fields,
    judge,
)
from ..vc_model import (
    as_list,
    data_model,
    family,
    issuer_id,
    issuer_name,
    looks_like_vc,
    subject_id,
)
from ..vc_schema import check_schema
from ..verdict import Check, IssuerInfo
from .outcome import Outcome

FAMILY_LABELS = {
    "ob3": "Open Badges 3.0 credential",
    "clr2": "CLR 2.0 credential",
    "vc": "Verifiable Credential",
}
FORMAT_NAMES = {"ob3": "ob3-ldp", "clr2": "clr2-ldp", "vc": "vc-ldp"}


def claims(parsed: ParsedText) -> bool:
    return parsed.kind == "json" and looks_like_vc(parsed.document)


def list_signature(doc: dict, env) -> Check:
    """The proof check of a status list credential (injected into ``status``)."""
    return proof_check(doc, env)[0]


def proof_check(doc: dict, env) -> tuple[Check, list[VerificationKey]]:
    """Verify every proof on the document (a proof set or chain); all must pass.

    A proof with ``previousProof`` is part of a chain: it was made over the
    document together with the proofs it names, so it is verified over the
    unsecured document with ``proof`` set to those proofs (W3C Data Integrity,
    "Verify Proof Sets and Chains"). A named proof that is not in the set fails it.
    """
    proofs = as_list(doc.get("proof"))
    if not proofs:
        return reasons.check("proof", "failed", "proof.none"), []
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    results = []
    for proof in proofs:
        if not isinstance(proof, dict):
            results.append(coded("failed", "proof.not_object"))
            continue
        suite = suites.suite_for(proof)
        if suite is None:
            results.append(suites.unsupported(proof))
            continue
        document = unsecured
        if "previousProof" in proof:
            previous = previous_proofs(proof, proofs)
            if isinstance(previous, suites.ProofResult):
                results.append(previous)
                continue
            document = {**unsecured, "proof": previous}
        result = suite.verify(document, proof, env)
        if document is not unsecured and result.status == "passed":
            after = ", ".join(p.get("id", "?") for p in document["proof"])
            params = result.params if result.code else {"detail": result.reason}
            result = coded(
                "passed",
                "proof.chained",
                result.key,
                after=after,
                **params,
                reason_code=result.code or "detail",
            )
        results.append(result)
    keys = [r.key for r in results if r.status == "passed" and r.key is not None]
    for status in ("failed", "could_not_check"):
        bad = [r for r in results if r.status == status]
        if bad:
            return _proof_check(status, bad), keys
    return _proof_check("passed", results), keys


def _proof_check(status, results: list) -> Check:
    return reasons.join("proof", status, reasons.coded_parts(results))


def _say_fetched_contexts(proof: Check, fetched: list[str]) -> Check:
    """A signature checked with contexts fetched from the network says so."""
    if not fetched or proof.status != "passed":
        return proof
    urls = ", ".join(fetched)
    if proof.code == "proof.valid":
        return reasons.check("proof", "passed", "proof.valid_fetched_context", **proof.params, urls=urls)
    return reasons.check(
        "proof", "passed", "proof.fetched_context", urls=urls, **reasons.cause(proof)
    )


def previous_proofs(proof: dict, all_proofs: list) -> list[dict] | suites.ProofResult:
    """The proofs that ``proof.previousProof`` names, in the order it names them,
    or the failed result saying why the chain is broken."""
    wanted = proof["previousProof"]
    ids = [wanted] if isinstance(wanted, str) else wanted
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
        return coded("failed", "chain.bad_reference")
    if proof.get("id") in ids:
        return coded("failed", "chain.self", id=proof["id"])
    matching = []
    for wanted_id in ids:
        found = [p for p in all_proofs if isinstance(p, dict) and p.get("id") == wanted_id]
        if not found:
            return coded("failed", "chain.missing", id=wanted_id)
        if len(found) > 1:
            return coded("failed", "chain.ambiguous", id=wanted_id)
        matching.append(found[0])
    return matching


def _valid_dates(doc: dict) -> Dates:
    """Every date field of either data model counts: a 2.0 credential that also
    carries a 1.1 ``expirationDate`` (or the reverse) is held to the earlier end."""
    return decide(iso_fields(doc, *START_FIELDS), iso_fields(doc, *END_FIELDS))


def verify(parsed: ParsedText, env) -> Outcome:
    doc = parsed.document
    kind = family(doc)
    model = data_model(doc)
    checks = [
        reasons.check(
            "format",
            "passed",
            "format.ldp" if model else "format.ldp_no_model",
            **({"model": model} if model else {}),
            family_code=f"family.{kind}",
            family=FAMILY_LABELS[kind],
        ),
        check_schema(doc),
    ]
    proof, keys = proof_check(doc, env)
    checks.append(_say_fetched_contexts(proof, getattr(env.loader, "fetched", [])))
    issuer = issuer_id(doc)
    checks.append(check_issuer(issuer, proof.status, keys, env))
    dates = _valid_dates(doc)
    checks.append(judge(dates, env))
    checks.append(check_status(doc, proof.status, env, list_signature))
    return Outcome(
        format=FORMAT_NAMES[kind],
        checks=checks,
        issuer=IssuerInfo(
            id=issuer, name=issuer_name(doc), trusted=env.options.trusted(issuer)
        ),
        subject=subject_id(doc),
        display=display_with_dates(display_for_vc(doc), dates),
    )
