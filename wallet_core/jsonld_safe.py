"""JSON-LD "safe mode" for signed documents, and reuse of processed contexts.

RDF canonicalisation silently drops what the document's contexts do not
define: a property that is not a term, a ``@type`` or ``@id`` that is not an
absolute IRI. The signature then covers the document *without* those parts,
so anything could be written there. Safe mode (as Digital Bazaar's verifiers
run jsonld.js with ``safe: true``) refuses such a document instead, and names
what would have been unsigned.
"""

from __future__ import annotations

import re
import uuid

from cachetools import LRUCache
from pyld.jsonld import JsonLdProcessor

ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")
MAX_NAMED = 8  # unsigned parts listed in a reason; the rest are counted


class UnsignedContent(Exception):
    """Parts of a document that its contexts do not define (so no signature covers them)."""

    def __init__(self, problems: list[str]):
        from . import reasons

        self.problems = problems
        shown = ", ".join(problems[:MAX_NAMED])
        if len(problems) > MAX_NAMED:
            self.code = "unsigned.more"
            self.params = {"shown": shown, "more": str(len(problems) - MAX_NAMED)}
        else:
            self.code, self.params = "unsigned.parts", {"shown": shown}
        super().__init__(reasons.render(self.code, self.params) or shown)


class SafeProcessor(JsonLdProcessor):
    """A PyLD processor that records every part of the input that expansion drops."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        super().__init__(on_property_dropped=self._dropped)

    def _dropped(self, expanded_property: str | None) -> None:
        self._note(f"property {expanded_property!r}" if expanded_property else "a property mapped to null")

    def _note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def _process_context(self, active_ctx, local_ctx, options, override_protected=False, propagate=True,
                         validate_scoped=True, cycles=None):
        """PyLD's context processing, remembered per loader for contexts the loader
        serves (they never change). PyLD's own cache is keyed by the active
        context's id, and type-scoped contexts clone the active context under a
        new id on every document, so without this the OB 3.0 context's scoped
        contexts were processed again for every credential. The active contexts
        returned here are reused, which keeps the ids of the next level stable."""
        loader = options.get("documentLoader")
        memo = getattr(loader, "processed_contexts", None)
        served = _served_key(loader, local_ctx) if memo is not None else None
        if served is None:
            return super()._process_context(
                active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
            )
        active_id = active_ctx.get("_uuid")
        if active_id is None:
            active_id = active_ctx["_uuid"] = str(uuid.uuid4())
        key = (active_id, served, override_protected, propagate, validate_scoped)
        processed = memo.get(key)
        if processed is None:
            processed = super()._process_context(
                active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
            )
            memo[key] = processed
        return processed

    def expand(self, input_, options):
        expanded = super().expand(input_, options)
        self._check_identifiers(expanded)
        return expanded

    def _check_identifiers(self, expanded) -> None:
        """Every @id and @type left after expansion must be an absolute IRI or a blank node."""
        stack = [expanded]
        while stack:
            value = stack.pop()
            if isinstance(value, list):
                stack.extend(value)
                continue
            if not isinstance(value, dict):
                continue
            if "@value" in value:
                datatype = value.get("@type")
                if isinstance(datatype, str) and datatype != "@json" and not _is_iri(datatype):
                    self._note(f"datatype {datatype!r}")
                continue
            node_id = value.get("@id")
            if isinstance(node_id, str) and not _is_iri(node_id):
                self._note(f"identifier {node_id!r}")
            for type_ in value.get("@type", []) if isinstance(value.get("@type"), list) else []:
                if isinstance(type_, str) and not _is_iri(type_):
                    self._note(f"type {type_!r}")
            for key, item in value.items():
                if key not in ("@id", "@type"):
                    stack.append(item)


def _served_key(loader, local_ctx) -> tuple | None:
    """A key naming ``local_ctx`` if every part of it is a context the loader serves
    (a URL it knows, or an object inside one of its documents), else None."""
    items = local_ctx if isinstance(local_ctx, list) else [local_ctx]
    key = []
    for item in items:
        if isinstance(item, str) and loader.knows(item):
            key.append(item)
        elif isinstance(item, dict) and loader.serves_object(item):
            key.append(id(item))
        else:
            return None
    return tuple(key)


def new_context_memo() -> LRUCache:
    return LRUCache(maxsize=1024)


def _is_iri(value: str) -> bool:
    return value.startswith("_:") or bool(ABSOLUTE_IRI.match(value))


def safe_to_rdf(document: dict, options: dict) -> dict:
    """PyLD's to_rdf (a dataset), refusing a document with parts no context defines."""
    processor = SafeProcessor()
    dataset = processor.to_rdf(document, options)
    if processor.problems:
        raise UnsignedContent(processor.problems)
    return dataset
