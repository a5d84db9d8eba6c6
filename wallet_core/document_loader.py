"""The JSON-LD document loader: serves bundled contexts only, never the network.

Contexts live in ``wallet_core/contexts`` and are listed in its
``manifest.json`` (URL, file, source package, version, sha256). Each bundled
context is read and parsed once per process. Any other URL raises
``UnknownContext``; the proof suites turn it into "could not check" (a context
we lack is no evidence of forgery). When the verifier may go online,
``FetchingLoader`` fetches such a context through the injected fetcher (https
only, size and time limits, cache) and notes that it did.

The loader also owns the PyLD context-resolution cache, so that processed
contexts are reused between verifications (PyLD's own module-wide cache is
bypassed: it is keyed by URL alone and would mix loaders).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
MANIFEST = CONTEXTS_DIR / "manifest.json"


class UnknownContext(Exception):
    """A JSON-LD context that could not be had; ``why`` is a phrase code (``context.why.*``),
    or ``cause_of`` the ``FetchError`` that kept it from being fetched."""

    def __init__(
        self, url: str, why: str = "context.why.not_bundled", cause_of: Exception | None = None
    ):
        from . import reasons

        if cause_of is not None:
            # It could not be fetched: said like any other document (fetch.<kind>).
            from .fetch_reasons import unavailable

            kind = getattr(cause_of, "kind", "unreachable")
            text, self.code, self.params = unavailable(
                "what.json_ld_context", url, kind, str(cause_of)
            )
            super().__init__(text)
        else:
            self.code = "context.unavailable"
            self.params = {"url": url, "why_code": why}
            super().__init__(reasons.render(self.code, self.params) or url)
        self.url = url


@lru_cache(maxsize=1)
def manifest() -> tuple[dict, ...]:
    return tuple(json.loads(MANIFEST.read_text("utf-8"))["contexts"])


@lru_cache(maxsize=1)
def bundled_contexts() -> Mapping[str, dict]:
    """URL -> parsed context document, for every bundled context."""
    parsed_files: dict[str, dict] = {}
    out: dict[str, dict] = {}
    for entry in manifest():
        name = entry["file"]
        if name not in parsed_files:
            parsed_files[name] = json.loads((CONTEXTS_DIR / name).read_text("utf-8"))
        out[entry["url"]] = parsed_files[name]
    return out


class DocumentLoader:
    """A PyLD document loader over a fixed set of contexts.

    ``extra`` adds contexts (tests use it to serve a context that is not
    bundled); it never reaches the network.
    """

    def __init__(self, extra: Mapping[str, dict] | None = None):
        self._contexts = dict(bundled_contexts())
        if extra:
            self._contexts.update(extra)
        self._lock = threading.Lock()
        self._resolver_cache = None
        # Inline (scoped) contexts inside the served documents, by object id.
        # The documents are held for the loader's lifetime and never change, so
        # an id cannot be reused by another object while it is in this map.
        self._inline: dict[int, object] = {}
        for document in self._contexts.values():
            _collect_objects(document, self._inline)
        self._inline_resolved: dict[int, object] = {}
        # Active contexts processed from served contexts (wallet_core/jsonld_safe.py).
        from .jsonld_safe import new_context_memo

        self.processed_contexts = new_context_memo()

    def serves_object(self, ctx: object) -> bool:
        """True if ``ctx`` is an object inside one of the served documents."""
        return self._inline.get(id(ctx)) is ctx

    def knows(self, url: str) -> bool:
        return url in self._contexts

    def __call__(self, url: str, options: dict | None = None) -> dict:
        try:
            document = self._contexts[url]
        except KeyError:
            raise UnknownContext(url) from None
        # "static" lets PyLD keep the resolved context (and the contexts it
        # processed from it) between calls instead of re-reading it every time.
        return {"contextUrl": None, "documentUrl": url, "document": document, "tag": "static"}

    def pyld_options(self) -> dict:
        """Options for PyLD calls: this loader plus a context cache it owns."""
        from cachetools import LRUCache

        with self._lock:
            if self._resolver_cache is None:
                self._resolver_cache = LRUCache(maxsize=256)
        return {
            "documentLoader": self,
            "contextResolver": _resolver_class()(self._resolver_cache, self),
        }

    def resolved_inline(self, ctx: object):
        """The cached ResolvedContext of an inline context from a served document, or None."""
        if not self.serves_object(ctx):
            return None
        resolved = self._inline_resolved.get(id(ctx))
        if resolved is None:
            from pyld.resolved_context import ResolvedContext

            resolved = self._inline_resolved.setdefault(id(ctx), ResolvedContext(ctx))
        return resolved


class FetchingLoader:
    """The bundled contexts of ``base``, and any other context fetched through
    ``fetcher`` for this one verification (never cached as bundled; ``fetched``
    lists the URLs, so the verdict can say so)."""

    def __init__(self, base: DocumentLoader, fetcher) -> None:
        self.base = base
        self.fetcher = fetcher
        self._documents: dict[str, dict] = {}

    @property
    def fetched(self) -> list[str]:
        return list(self._documents)

    def __getattr__(self, name: str):
        return getattr(self.base, name)

    def __call__(self, url: str, options: dict | None = None) -> dict:
        if self.base.knows(url):
            return self.base(url, options)
        if url in self._documents:
            return {"contextUrl": None, "documentUrl": url, "document": self._documents[url]}
        from .fetcher import FetchError

        try:
            document = json.loads(self.fetcher.fetch(url))
        except FetchError as exc:
            raise UnknownContext(url, cause_of=exc) from None
        except (ValueError, RecursionError):
            raise UnknownContext(url, "context.why.not_json") from None
        if not isinstance(document, dict) or "@context" not in document:
            raise UnknownContext(url, "context.why.not_context")
        self._documents[url] = document
        return {"contextUrl": None, "documentUrl": url, "document": document}

    def pyld_options(self) -> dict:
        options = self.base.pyld_options()
        options["documentLoader"] = self
        options["contextResolver"].document_loader = self
        return options


def _collect_objects(value: object, out: dict[int, object]) -> None:
    if isinstance(value, dict):
        out[id(value)] = value
        for item in value.values():
            _collect_objects(item, out)
    elif isinstance(value, list):
        for item in value:
            _collect_objects(item, out)


@lru_cache(maxsize=1)
def _resolver_class():
    """A PyLD ContextResolver that skips re-serialising the scoped contexts of
    bundled documents to find them in its cache (PyLD keys an inline context by
    its canonical JSON text, which was a fifth of all verification time)."""
    from pyld.context_resolver import ContextResolver

    class BundledContextResolver(ContextResolver):
        def resolve(self, active_ctx, context, base, cycles=None):
            if isinstance(context, dict) and "@context" in context:
                context = context["@context"]
            items = context if isinstance(context, list) else [context]
            cycles = set() if cycles is None else cycles
            out = []
            for item in items:
                known = self.document_loader.resolved_inline(item)
                if known is not None:
                    out.append(known)
                else:
                    out.extend(super().resolve(active_ctx, [item], base, cycles))
            return out

    return BundledContextResolver


_default: DocumentLoader | None = None


def default_loader() -> DocumentLoader:
    global _default
    if _default is None:
        _default = DocumentLoader()
    return _default


def find_unknown_context(exc: BaseException) -> UnknownContext | None:
    """Walk an exception's cause chain for the UnknownContext that started it."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, UnknownContext):
            return exc
        seen.add(id(exc))
        details = getattr(exc, "details", None)
        if isinstance(details, dict):
            for value in details.values():
                if isinstance(value, UnknownContext):
                    return value
        exc = exc.__cause__ or exc.__context__
    return None
