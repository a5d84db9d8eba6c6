"""JSON-LD "safe mode" for signed documents.

RDF canonicalisation silently drops what the document's contexts do not
define: a property that is not a term, a ``@type`` or ``@id`` that is not an
absolute IRI. The signature then covers the document *without* those parts,
so anything could be written there. Safe mode (as Digital Bazaar's verifiers
run jsonld.js with ``safe: true``) refuses such a document instead, and names
what would have been unsigned.
"""

from __future__ import annotations

import re

from pyld.jsonld import JsonLdProcessor

ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")
MAX_NAMED = 8  # unsigned parts listed in a reason; the rest are counted


class UnsignedContent(Exception):
    """Parts of a document that its contexts do not define (so no signature covers them)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = ", ".join(problems[:MAX_NAMED])
        more = f" and {len(problems) - MAX_NAMED} more" if len(problems) > MAX_NAMED else ""
        super().__init__(f"not covered by the signature (no context defines them): {shown}{more}")


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


def _is_iri(value: str) -> bool:
    return value.startswith("_:") or bool(ABSOLUTE_IRI.match(value))


def safe_to_rdf(document: dict, options: dict) -> dict:
    """PyLD's to_rdf (a dataset), refusing a document with parts no context defines."""
    processor = SafeProcessor()
    dataset = processor.to_rdf(document, options)
    if processor.problems:
        raise UnsignedContent(processor.problems)
    return dataset
