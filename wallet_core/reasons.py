"""Check reasons as codes: one table of message templates, translated per language.

A converted check carries ``code`` (a key of ``i18n/en.json``) and ``params``
(the values of its ``{name}`` placeholders) besides the English ``reason``, so
any UI can show it in the reader's language and fall back to the English text.

``i18n/en.json`` is the single source of the English templates; ``zh-Hans.json``
and ``zh-Hant.json`` translate them. A parameter named ``<x>_code`` names a
phrase template: before rendering, ``<x>`` is replaced by that phrase rendered
in the same language with the same parameters (e.g. how a key was found).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .verdict import Check, CheckStatus

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
_DIR = Path(__file__).parent / "i18n"


@cache
def templates(lang: str = "en") -> dict[str, str]:
    if lang not in LANGUAGES:
        return {}
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def render(code: str | None, params: dict[str, str], lang: str = "en") -> str | None:
    """The template ``code`` filled in ``lang``, or None if it is not known there."""
    table = templates(lang)
    if code is None or code not in table:
        return None
    values = dict(params)
    plain = {k: v for k, v in params.items() if not k.endswith("_code")}
    for key, value in params.items():
        if key.endswith("_code"):
            phrase = render(value, plain, lang)
            if phrase is None:
                return None
            values[key[: -len("_code")]] = phrase
    try:
        return table[code].format_map(values)
    except (KeyError, IndexError, ValueError):
        return None


def phrase(code: str, **params: object) -> tuple[str, dict[str, str]]:
    """A reusable phrase: its English text and the parameters that rebuild it."""
    values = {k: str(v) for k, v in params.items()}
    text = render(code, values)
    assert text is not None, code
    return text, values


def check(name: str, status: CheckStatus, code: str, **params: object) -> Check:
    """A check whose English reason is the template ``code`` filled with ``params``."""
    values = {k: str(v) for k, v in params.items()}
    reason = render(code, values)
    assert reason is not None, code
    return Check(name, status, reason, code=code, params=values)


def t_reason(c: Check, lang: str) -> str:
    """The reason of ``c`` in ``lang``, or its English reason when it has no translation."""
    if lang == "en" or c.code is None:
        return c.reason
    return render(c.code, c.params, lang) or c.reason
