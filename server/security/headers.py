"""Security headers on every response, set in one place.

Server-rendered pages (``/verify``, ``/console/…``, ``/claim/…``, error pages)
share one stylesheet, ``templates/base.css``, inlined as ``base_css`` and
allowed by its hash; nothing else may load, run, frame the page or be the
target of its forms. A response that chose its own policy (the wallet app, the
share page, which builds its policy with ``page_csp`` too) keeps it: the hook
only fills in what a response left out.

``Referrer-Policy: same-origin`` (not ``no-referrer``) because browsers send
``Origin: null`` on a form POST from a ``no-referrer`` page, and the console
checks that its forms come from its own origin. Pages whose URL holds a secret
(``/claim/<token>``, ``/s/<token>``) set ``no-referrer`` themselves.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

BASE_CSS = (Path(__file__).resolve().parent.parent / "templates" / "base.css").read_text(encoding="utf-8")


def style_hash(css: str) -> str:
    """The CSP source for one inline ``<style>`` element with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode() + "'"


def page_csp(css: str, img_src: str = "'self' data:") -> str:
    """A policy for a page whose only style is ``css`` inlined, with no scripts."""
    return (
        f"default-src 'none'; style-src {style_hash(css)}; img-src {img_src}; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


DEFAULT_HEADERS: dict[str, str] = {
    "Content-Security-Policy": page_csp(BASE_CSS),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",
}
_DEFAULTS = [(name.lower(), value) for name, value in DEFAULT_HEADERS.items()]


async def add_security_headers(message: Message, _scope: Scope) -> None:
    """``before_send`` hook: give each response the headers it did not set itself."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in _DEFAULTS:
        if name not in headers:
            headers[name] = value


def template_globals(engine) -> None:
    """``TemplateConfig.engine_callback``: base.html inlines ``base_css``."""
    engine.engine.globals["base_css"] = BASE_CSS
