"""Message catalogues for server-rendered pages: one JSON file per language.

Adding a language is adding ``<tag>.json`` here (same keys as ``en.json``; a
missing key falls back to English) and its plural rule to ``PLURAL_RULES``.
``negotiate`` picks a catalogue from a ``?lang=`` value or the ``Accept-Language``
header.

Plural messages (the same format as the PWA's, see docs/translation.md): a key
``<key>.<category>`` per CLDR plural category the language uses (English
``one`` and ``other``, Chinese ``other`` only) and no plain ``<key>``;
``t("<key>", count=n)`` picks the category for ``n``, as ``Intl.PluralRules``
does in the browser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

from wallet_core.reasons import t_reason

DIR = Path(__file__).parent
DEFAULT = "en"
# Chinese tags without a script subtag: regions that write Traditional Chinese.
HANT_REGIONS = {"tw", "hk", "mo"}
# Right-to-left scripts, for <html dir>.
RTL = {"ar", "he", "fa", "ur", "ps", "dv", "yi"}


def _one_if_integer_one(i: int, v: int) -> str:
    return "one" if i == 1 and v == 0 else "other"


# CLDR plural rules (unicode.org/cldr, plurals.xml) by language, on the operands
# i (integer digits) and v (number of visible fraction digits): en "one: i = 1 and
# v = 0"; zh has only "other". A language not listed here uses "other" only.
PLURAL_RULES: dict[str, Callable[[int, int], str]] = {"en": _one_if_integer_one}
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def message_keys(table: dict[str, str]) -> set[str]:
    """A catalogue's messages: a plural message once, by its key without the category."""
    return {k.rsplit(".", 1)[0] if k.rsplit(".", 1)[-1] in PLURAL_CATEGORIES else k for k in table}


def plural_category(lang: str, count: object) -> str:
    """The CLDR plural category of ``count`` in ``lang`` ("one", "other", ...)."""
    # a number as JavaScript would show it (1.0 is 1); a string as it is written ("1.0")
    text = str(int(count)) if isinstance(count, float) and count.is_integer() else str(count).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return "other"
    if not number.is_finite() or "e" in text.lower():
        return "other"
    visible = len(text.split(".", 1)[1]) if "." in text else 0
    rule = PLURAL_RULES.get(lang.split("-")[0].lower())
    return rule(int(abs(number)), visible) if rule else "other"


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DIR.glob("*.json")))


@cache
def catalogue(lang: str) -> dict[str, str]:
    base = json.loads((DIR / f"{DEFAULT}.json").read_text(encoding="utf-8"))
    if lang != DEFAULT and lang in languages():
        base.update(json.loads((DIR / f"{lang}.json").read_text(encoding="utf-8")))
    return base


@cache
def _own(lang: str) -> frozenset[str]:
    """The keys ``lang``'s own catalogue file has (not those it takes from English)."""
    if lang not in languages():
        return frozenset()
    return frozenset(json.loads((DIR / f"{lang}.json").read_text(encoding="utf-8")))


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


# The language a page's switcher chose (the console sets it, for /console only).
LANG_COOKIE = "satchel_lang"


def request_language(request) -> str:
    """The viewer's catalogue for a request: ``?lang=``, else the language cookie, else
    Accept-Language."""
    for chosen in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        found = _match(chosen) if chosen else None
        if found:
            return found
    return negotiate(None, request.headers.get("accept-language"))


def translator(lang: str):
    """``t(key, **values)``: the catalogue text for ``key`` with ``{name}`` filled in.

    For a plural message (``<key>.other`` exists), ``count`` picks the form.
    """
    cat = catalogue(lang)
    own = _own(lang)

    def t(key: str, **values) -> str:
        if key not in cat and f"{key}.other" in cat:
            form = f"{key}.{plural_category(lang, values.get('count', ''))}"
            # a language's own forms first; English ones only where it has none
            key = form if form in own or (form in cat and f"{key}.other" not in own) else f"{key}.other"
        text = cat.get(key, key)
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    return t


NUMBER = re.compile(r"^\d{1,9}(\.\d{1,6})?$")


def credits_text(t, value: str | None) -> str | None:
    """Credits with their unit in the reader's language; an issuer's own words as they are."""
    if value is None or not NUMBER.match(value):
        return value
    return t("credits_value", count=value)


def type_text(t, value: str | None) -> str | None:
    """An Open Badges achievement type (MicroCredential, ext:WorkExperience) in the
    reader's language; a type the catalogue does not know as it is."""
    if not value:
        return value
    key = "type_" + value.removeprefix("ext:")
    text = t(key)
    return value if text == key else text


@cache
def _named_languages() -> dict[str, str]:
    """The catalogue keys ``language_name.<tag>``, by the tag in lower case."""
    prefix = "language_name."
    return {k.removeprefix(prefix).lower(): k for k in catalogue(DEFAULT) if k.startswith(prefix)}


def language_name(t, tag: str | None) -> str | None:
    """A BCP 47 tag as the reader's word for it, from the catalogues' small table of
    languages (the tag, else its language alone: "en-GB" is English); another tag as it is."""
    if not tag:
        return tag
    lower = tag.strip().lower()
    key = _named_languages().get(lower) or _named_languages().get(lower.split("-")[0])
    return t(key) if key else tag


def page_context(lang: str) -> dict:
    """What every server-rendered page needs to speak ``lang``."""
    t = translator(lang)
    return {
        "lang": lang,
        "dir": direction(lang),
        "t": t,
        "credits_text": lambda value: credits_text(t, value),
        "type_text": lambda value: type_text(t, value),
        "language_name": lambda value: language_name(t, value),
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
