"""Canonical forms for signing: RDF Dataset Canonicalization (RDFC-1.0) and JCS.

``rdfc`` runs JSON-LD -> RDF through PyLD with our document loader, then
URDNA2015 (= RDFC-1.0 with SHA-256). The canonicaliser is one function so
that a faster implementation can replace it.

A hostile document can make both steps run for minutes (issue 10), so ``rdfc``
bounds the work before and during it (docs/threat-model.md, "Hostile input
bounds"); a document over a bound raises ``CanonicalizationLimit`` and its proof
is ``could_not_check``, never ``valid``:

1. before PyLD: the JSON shape — nesting depth, items in one array, JSON values
   in total (walked iteratively, so the walk itself cannot overflow the stack);
2. during JSON-LD -> RDF: PyLD compares every new value of a property with the
   values it already has (quadratic in the values of one property), so those
   comparisons are counted against a budget;
3. before URDNA2015: statements and blank nodes in the dataset;
4. during URDNA2015: the Hash N-Degree Quads work (the "poison graph" guard
   RDFC-1.0 asks implementations for), counted against a budget;
5. across one verification (``verification()``, opened by ``wallet_core.verify``):
   a document canonicalised again (every proof of a proof set signs the same
   document) is answered from memory, and the JSON values canonicalised in all
   add up against one budget, so many proofs cannot multiply the work.
"""

from __future__ import annotations

import contextvars
import math
from collections.abc import Iterator
from contextlib import contextmanager

from pyld import jsonld
from pyld.canon import URDNA2015

from .document_loader import DocumentLoader, default_loader, find_unknown_context
from .jsonld_safe import UnsignedContent, safe_to_rdf
from .reasons import templates

# Real credentials are far inside these (the 1EdTech and W3C fixtures: depth <= 12,
# arrays <= 6 items, <= 600 JSON values; a CLR with 200 achievements: ~12,500 values).
MAX_DEPTH = 64
MAX_ARRAY_ITEMS = 2_000
MAX_JSON_VALUES = 20_000
MAX_QUADS = 20_000
MAX_BLANK_NODES = 5_000
# Value comparisons while building the node map (about 4 µs each): one property with
# ~700 values uses the whole budget.
MAX_VALUE_COMPARISONS = 250_000
# Hash N-Degree Quads work units: each call, and for each permutation it may try,
# one unit per identifier its issuer copy holds (copying the issuer is that work).
MAX_HASH_WORK = 200_000
# JSON values canonicalised in one verification, all proofs together (documents
# answered from memory are not counted again).
MAX_VERIFICATION_VALUES = 3 * MAX_JSON_VALUES


class CanonicalizationError(Exception):
    """The document could not be canonicalised (the reason says why)."""


class ContextUnavailable(CanonicalizationError):
    """A JSON-LD context the document names could not be had (not a sign of forgery)."""


class CanonicalizationLimit(CanonicalizationError):
    """The document exceeds a bound on canonicalisation work: not checked.

    ``limit`` names the bound (a key ``limit.<name>`` of the reason catalogue),
    ``maximum`` its value."""

    def __init__(self, limit: str, maximum: int):
        # The English phrase limit.<name> of the reason catalogue (wallet_core/i18n).
        text = templates("en")[f"limit.{limit}"].format(max=f"{maximum:,}")
        super().__init__(f"not canonicalised: the document {text}")
        self.limit = limit
        self.maximum = maximum
        self.text = text


LIMITS = ("depth", "array", "values", "comparisons", "quads", "blank_nodes", "hash_work", "total_values")


def check_shape(
    document: object,
    *,
    max_depth: int = MAX_DEPTH,
    max_array_items: int | None = MAX_ARRAY_ITEMS,
    max_values: int | None = MAX_JSON_VALUES,
) -> None:
    """Refuse a JSON document over the shape bounds, before any processing of it
    (None: that bound is not applied). Returns the number of JSON values."""
    values = 0
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        values += 1
        if max_values is not None and values > max_values:
            raise CanonicalizationLimit("values", max_values)
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            if max_array_items is not None and len(value) > max_array_items:
                raise CanonicalizationLimit("array", max_array_items)
            children = value
        else:
            continue
        if depth >= max_depth and children:
            raise CanonicalizationLimit("depth", max_depth)
        stack.extend((child, depth + 1) for child in children)
    return values


class _Meter:
    def __init__(self, limit: str, maximum: int):
        self.limit, self.maximum, self.used = limit, maximum, 0

    def charge(self, units: int) -> None:
        self.used += units
        if self.used > self.maximum:
            raise CanonicalizationLimit(self.limit, self.maximum)


_comparisons: contextvars.ContextVar[_Meter | None] = contextvars.ContextVar(
    "satchel_rdfc_comparisons", default=None
)
_has_value = jsonld.JsonLdProcessor.has_value


def _metered_has_value(subject, prop, value):
    meter = _comparisons.get()
    if meter is not None:
        existing = subject.get(prop) if isinstance(subject, dict) else None
        if isinstance(existing, dict) and "@list" in existing:
            existing = existing["@list"]
        meter.charge(len(existing) if isinstance(existing, list) else 1)
    return _has_value(subject, prop, value)


# PyLD calls JsonLdProcessor.has_value through the class, so counting it here sees
# every comparison; outside ``rdfc`` (no meter) it behaves exactly as before.
jsonld.JsonLdProcessor.has_value = staticmethod(_metered_has_value)


class BoundedURDNA2015(URDNA2015):
    """URDNA2015 that stops when Hash N-Degree Quads would exceed ``budget`` units.

    The permutations a call may try are charged when the call starts (k! for a group
    of k related blank nodes with the same hash, times the size of the issuer each
    permutation copies), so the budget is spent before the work, not after."""

    def __init__(self, budget: int = MAX_HASH_WORK):
        super().__init__()
        self._meter = _Meter("hash_work", budget)

    def create_hash_to_related(self, id_, issuer):
        hash_to_related = super().create_hash_to_related(id_, issuer)
        copy_cost = 1 + len(issuer.existing)
        units = 1
        for related in hash_to_related.values():
            if len(related) > 12:  # 13! permutations: no budget covers it
                raise CanonicalizationLimit("hash_work", self._meter.maximum)
            units += math.factorial(len(related)) * copy_cost
        self._meter.charge(units)
        return hash_to_related


def _count_blank_nodes(dataset: dict) -> int:
    seen = set()
    for graph, quads in dataset.items():
        if graph.startswith("_:"):
            seen.add(graph)
        for quad in quads:
            for pos in ("subject", "object", "graph"):
                term = quad.get(pos)
                if term and term.get("type") == "blank node":
                    seen.add(term["value"])
    return len(seen)


class _Verification:
    """What one verification has canonicalised: answers by document, values in total."""

    def __init__(self):
        self.values = _Meter("total_values", MAX_VERIFICATION_VALUES)
        # (id(document), id(loader)) -> (document, loader, canonical form or the error);
        # holding the objects keeps their ids from being reused while this lives.
        self.answers: dict[tuple[int, int], tuple[object, object, str | CanonicalizationError]] = {}


_verification: contextvars.ContextVar[_Verification | None] = contextvars.ContextVar(
    "satchel_rdfc_verification", default=None
)


@contextmanager
def verification() -> Iterator[None]:
    """Scope of one verification for ``rdfc`` (nested scopes join the outer one).
    Documents must not change while it is open."""
    if _verification.get() is not None:
        yield
        return
    token = _verification.set(_Verification())
    try:
        yield
    finally:
        _verification.reset(token)


def rdfc(document: dict, loader: DocumentLoader | None = None) -> str:
    loader = loader or default_loader()
    scope = _verification.get()
    if scope is None:
        check_shape(document)
        return _rdfc(document, loader)
    key = (id(document), id(loader))
    known = scope.answers.get(key)
    if known is not None and known[0] is document and known[1] is loader:
        if isinstance(known[2], CanonicalizationError):
            raise known[2]
        return known[2]
    try:
        scope.values.charge(check_shape(document))
        answer: str | CanonicalizationError = _rdfc(document, loader)
    except CanonicalizationError as exc:
        answer = exc
    scope.answers[key] = (document, loader, answer)
    if isinstance(answer, CanonicalizationError):
        raise answer
    return answer


def _rdfc(document: dict, loader: DocumentLoader) -> str:
    """JSON-LD -> RDF -> URDNA2015 with the bounds during the work (the caller has
    checked the shape)."""
    options = loader.pyld_options()
    # base None: a relative IRI stays relative (PyLD would resolve it against an
    # example base), so safe mode sees it and refuses it
    options.update({"algorithm": "URDNA2015", "format": "application/n-quads", "base": None})
    token = _comparisons.set(_Meter("comparisons", MAX_VALUE_COMPARISONS))
    try:
        dataset = safe_to_rdf(document, _rdf_options(options))
    except UnsignedContent as exc:
        unsigned = CanonicalizationError(str(exc))
        unsigned.code, unsigned.params = exc.code, exc.params
        raise unsigned from exc
    except Exception as exc:  # PyLD raises JsonLdError (with causes) and more
        limit = _find_limit(exc)
        if limit is not None:
            raise limit from None
        unknown = find_unknown_context(exc)
        if unknown is not None:
            unavailable = ContextUnavailable(str(unknown))
            unavailable.code, unavailable.params = unknown.code, unknown.params
            raise unavailable from exc
        if _caused_by(exc, RecursionError):
            raise CanonicalizationLimit("depth", MAX_DEPTH) from None
        raise CanonicalizationError(f"JSON-LD processing failed: {exc}") from exc
    finally:
        _comparisons.reset(token)
    quads = sum(len(q) for q in dataset.values())
    if quads > MAX_QUADS:
        raise CanonicalizationLimit("quads", MAX_QUADS)
    if _count_blank_nodes(dataset) > MAX_BLANK_NODES:
        raise CanonicalizationLimit("blank_nodes", MAX_BLANK_NODES)
    try:
        return BoundedURDNA2015().main(dataset, {"format": "application/n-quads"})
    except CanonicalizationLimit:
        raise
    except RecursionError:
        raise CanonicalizationLimit("hash_work", MAX_HASH_WORK) from None
    except Exception as exc:
        raise CanonicalizationError(f"RDF canonicalisation failed: {exc}") from exc


def _causes(exc: BaseException):
    """The exception, its causes and contexts, and the exceptions PyLD keeps in ``details``."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__]
        details = getattr(current, "details", None)
        if isinstance(details, dict):
            todo += [v for v in details.values() if isinstance(v, BaseException)]


def _find_limit(exc: BaseException) -> CanonicalizationLimit | None:
    return next((e for e in _causes(exc) if isinstance(e, CanonicalizationLimit)), None)


def _caused_by(exc: BaseException, kind: type) -> bool:
    return any(isinstance(e, kind) for e in _causes(exc))


def _rdf_options(options: dict) -> dict:
    opts = {k: v for k, v in options.items() if k not in ("format", "algorithm")}
    opts["produceGeneralizedRdf"] = False
    opts.setdefault("extractAllScripts", True)
    opts.setdefault("processingMode", "json-ld-1.1")
    return opts


def jcs(value) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme (linear work; only the depth is bounded,
    since the serialiser recurses)."""
    check_shape(value, max_array_items=None, max_values=None)
    try:
        return _jcs(value).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: I-JSON strings are valid Unicode
        raise CanonicalizationError("a string is not valid Unicode (lone surrogate)") from None


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
        if not all(isinstance(k, str) for k in value):
            raise CanonicalizationError("object keys must be strings")
        try:
            items = sorted(value.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        except UnicodeEncodeError:
            raise CanonicalizationError("a key is not valid Unicode (lone surrogate)") from None
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
