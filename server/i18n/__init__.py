"""Message catalogues for server-rendered pages: one JSON file per language.

Adding a language is adding ``<tag>.json`` here (same keys as ``en.json``; a
missing key falls back to English). ``negotiate`` picks a catalogue from a
``?lang=`` value or the ``Accept-Language`` header.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

from wallet_core.reasons import t_reason

DIR = Path(__file__).parent
DEFAULT = "en"
# Chinese tags without a script subtag: regions that write Traditional Chinese.
HANT_REGIONS = {"tw", "hk", "mo"}
# Right-to-left scripts, for <html dir>.
RTL = {"ar", "he", "fa", "ur", "ps", "dv", "yi"}


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DIR.glob("*.json")))


@cache
def catalogue(lang: str) -> dict[str, str]:
    base = json.loads((DIR / f"{DEFAULT}.json").read_text(encoding="utf-8"))
    if lang != DEFAULT and lang in languages():
        base.update(json.loads((DIR / f"{lang}.json").read_text(encoding="utf-8")))
    return base


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL else "ltr"


def _match(tag: str) -> str | None:
    tag = tag.strip().replace("_", "-")
    if not tag or tag == "*":
        return None
    by_lower = {lang.lower(): lang for lang in languages()}
    lower = tag.lower()
    if lower in by_lower:
        return by_lower[lower]
    parts = lower.split("-")
    if parts[0] == "zh":
        script = "hant" if ("hant" in parts or any(p in HANT_REGIONS for p in parts[1:])) else "hans"
        return by_lower.get(f"zh-{script}")
    return by_lower.get(parts[0])


def negotiate(query_lang: str | None, accept_language: str | None) -> str:
    """The catalogue for ``?lang=`` if known, else the best Accept-Language match, else English."""
    if query_lang:
        found = _match(query_lang)
        if found:
            return found
    ranked: list[tuple[float, int, str]] = []
    for i, item in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = item.partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            ranked.append((-q, i, tag))
    for _q, _i, tag in sorted(ranked):
        found = _match(tag)
        if found:
            return found
    return DEFAULT


def request_language(request) -> str:
    """The viewer's catalogue for a request: ``?lang=`` or Accept-Language."""
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


def translator(lang: str):
    """``t(key, **values)``: the catalogue text for ``key`` with ``{name}`` filled in."""
    cat = catalogue(lang)

    def t(key: str, **values) -> str:
        text = cat.get(key, key)
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    return t


def page_context(lang: str) -> dict:
    """What every server-rendered page needs to speak ``lang``."""
    return {
        "lang": lang,
        "dir": direction(lang),
        "t": translator(lang),
        # A check's reason in ``lang`` when wallet_core has a template for it, else English.
        "t_reason": lambda check: t_reason(check, lang),
        "not_fetched": not_fetched,
        "languages": [(code, catalogue(code)["lang_name"]) for code in languages()],
    }


def not_fetched(verdict, *whats: str):
    """The check saying that one of ``whats`` (wallet_core phrase codes such as
    ``what.badge_class``) could not be fetched, or None: pages then say what is
    missing instead of "Untitled" / "unknown"."""
    def field(obj, name):
        return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)

    for check in field(verdict, "checks") or []:
        code = field(check, "code") or ""
        if code.startswith("fetch.") and (field(check, "params") or {}).get("what_code") in whats:
            return check
    return None
