"""Canonical forms for signing: RDF Dataset Canonicalization (RDFC-1.0) and JCS.

``rdfc`` runs JSON-LD -> RDF through PyLD with our document loader, checks
size limits (so a hostile document cannot make canonicalisation run away), then
runs URDNA2015 (= RDFC-1.0 with SHA-256). The canonicaliser is one function so
that a faster implementation can replace it.
"""

from __future__ import annotations

from pyld.canon import URDNA2015

from .document_loader import DocumentLoader, default_loader, find_unknown_context
from .jsonld_safe import UnsignedContent, safe_to_rdf

MAX_QUADS = 20_000
MAX_BLANK_NODES = 1_000


class CanonicalizationError(Exception):
    """The document could not be canonicalised (the reason says why)."""


class ContextUnavailable(CanonicalizationError):
    """A JSON-LD context the document names could not be had (not a sign of forgery)."""


def _count_blank_nodes(dataset: dict) -> int:
    seen = set()
    for quads in dataset.values():
        for quad in quads:
            for pos in ("subject", "object", "graph"):
                term = quad.get(pos)
                if term and term.get("type") == "blank node":
                    seen.add(term["value"])
    return len(seen)


def rdfc(document: dict, loader: DocumentLoader | None = None) -> str:
    loader = loader or default_loader()
    options = loader.pyld_options()
    # base None: a relative IRI stays relative (PyLD would resolve it against an
    # example base), so safe mode sees it and refuses it
    options.update({"algorithm": "URDNA2015", "format": "application/n-quads", "base": None})
    try:
        dataset = safe_to_rdf(document, _rdf_options(options))
    except UnsignedContent as exc:
        raise CanonicalizationError(str(exc)) from exc
    except Exception as exc:  # PyLD raises JsonLdError (with causes) and more
        unknown = find_unknown_context(exc)
        if unknown is not None:
            raise ContextUnavailable(str(unknown)) from exc
        raise CanonicalizationError(f"JSON-LD processing failed: {exc}") from exc
    quads = sum(len(q) for q in dataset.values())
    if quads > MAX_QUADS:
        raise CanonicalizationError(f"document too large to canonicalise ({quads} statements)")
    if _count_blank_nodes(dataset) > MAX_BLANK_NODES:
        raise CanonicalizationError("document has too many blank nodes to canonicalise")
    try:
        return URDNA2015().main(dataset, {"format": "application/n-quads"})
    except Exception as exc:
        raise CanonicalizationError(f"RDF canonicalisation failed: {exc}") from exc


def _rdf_options(options: dict) -> dict:
    opts = {k: v for k, v in options.items() if k not in ("format", "algorithm")}
    opts["produceGeneralizedRdf"] = False
    opts.setdefault("extractAllScripts", True)
    opts.setdefault("processingMode", "json-ld-1.1")
    return opts


def jcs(value) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme."""
    return _jcs(value).encode("utf-8")


def _jcs(value) -> str:
    import json
    import math

    if value is None or value is True or value is False or isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise CanonicalizationError("integer outside the I-JSON range")
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CanonicalizationError("NaN and Infinity are not JSON")
        return _es6_number(value)
    if isinstance(value, list):
        return "[" + ",".join(_jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        return "{" + ",".join(_jcs(k) + ":" + _jcs(v) for k, v in items) + "}"
    raise CanonicalizationError(f"cannot canonicalise {type(value).__name__}")


def _es6_number(x: float) -> str:
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    r = repr(x)
    if "e" in r:
        mantissa, exp = r.split("e")
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        exp_i = int(exp)
        if -7 < exp_i < 21:
            return format(x, "f").rstrip("0").rstrip(".")
        return f"{mantissa}e{'+' if exp_i > 0 else '-'}{abs(exp_i)}"
    return r
