"""Check reasons as codes: one table of message templates, translated per language.

A converted check carries ``code`` (a key of ``i18n/en.json``) and ``params``
(the values of its ``{name}`` placeholders) besides the English ``reason``, so
any UI can show it in the reader's language and fall back to the English text.

``i18n/en.json`` is the single source of the English templates; ``zh-Hans.json``
and ``zh-Hant.json`` translate them. A parameter named ``<x>_code`` names a
phrase template: before rendering, ``<x>`` is replaced by that phrase rendered
in the same language with the same parameters (e.g. how a key was found, or
the reason an exception carries: ``error``, ``cause``, ``from_exc``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from string import Formatter

from .verdict import Check, CheckStatus

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
# The code of a list of reasons: parameter "count", then reason i's code and
# parameters under "<i>.code" and "<i>.<name>"; its template is the separator.
JOIN = "join"
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
    if code == JOIN:
        return _render_join(params, lang)
    template = table[code]
    values = dict(params)
    for _, name, _, _ in Formatter().parse(template):
        key = f"{name}_code"
        if name and key in params:
            # The phrase sees every parameter but its own code, so phrases nest.
            phrase = render(params[key], {k: v for k, v in params.items() if k != key}, lang)
            if phrase is None:
                return None
            values[name] = phrase
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return None


def _render_join(params: dict[str, str], lang: str) -> str | None:
    parts = []
    try:
        count = int(params.get("count", ""))
    except ValueError:
        return None
    for i in range(count):
        prefix = f"{i}."
        own = {k[len(prefix) :]: v for k, v in params.items() if k.startswith(prefix)}
        text = render(own.pop("code", None), own, lang)
        if text is None:
            return None
        parts.append(text)
    return templates(lang)[JOIN].join(parts)


def join(name: str, status: CheckStatus, parts: list[tuple[str, dict[str, str]]]) -> Check:
    """One check whose reason lists several (code, params) reasons, in each language."""
    if len(parts) == 1:
        return check(name, status, parts[0][0], **parts[0][1])
    values = {"count": str(len(parts))}
    for i, (code, params) in enumerate(parts):
        values[f"{i}.code"] = code
        values.update({f"{i}.{k}": str(v) for k, v in params.items()})
    reason = render(JOIN, values)
    assert reason is not None, parts
    return Check(name, status, reason, code=JOIN, params=values)


def coded_parts(items) -> list[tuple[str, dict[str, str]]]:
    """(code, params) of checks or proof results; an uncoded one as its plain text."""
    return [(i.code, dict(i.params)) if i.code else ("detail", {"detail": i.reason}) for i in items]


def phrase(code: str, **params: object) -> tuple[str, dict[str, str]]:
    """A reusable phrase: its English text and the parameters that rebuild it."""
    values = {k: str(v) for k, v in params.items()}
    text = render(code, values)
    assert text is not None, code
    return text, values


def _values(cause_of: BaseException | Check | None, params: dict[str, object]) -> dict[str, str]:
    values = cause(cause_of) if cause_of is not None else {}
    values.update({k: str(v) for k, v in params.items()})
    return values


def check(
    name: str,
    status: CheckStatus,
    code: str,
    cause_of: BaseException | Check | None = None,
    **params: object,
) -> Check:
    """A check whose English reason is the template ``code`` filled with ``params``.

    With ``cause_of``, the template's ``{cause}`` is the reason that exception carries.
    """
    values = _values(cause_of, params)
    reason = render(code, values)
    assert reason is not None, code
    return Check(name, status, reason, code=code, params=values)


def error(
    cls: type[Exception], code: str, cause_of: BaseException | Check | None = None, **params: object
) -> Exception:
    """An exception of ``cls`` whose message is the template ``code`` filled with ``params``.

    The code and parameters ride on the exception (``.code``, ``.params``) so the
    check that reports it (``from_exc``) carries them on. With ``cause_of``, the
    template's ``{cause}`` is the reason that exception carries.
    """
    values = _values(cause_of, params)
    text = render(code, values)
    assert text is not None, code
    exc = cls(text)
    exc.code = code  # type: ignore[attr-defined]
    exc.params = values  # type: ignore[attr-defined]
    return exc


def cause(exc: BaseException | Check, name: str = "cause") -> dict[str, str]:
    """Parameters that fill a template's ``{cause}`` (or ``{<name>}``) with the reason of ``exc``.

    A coded exception (or check) nests as a phrase (one level of causes; its
    parameters join the template's); any other exception (from a library: its
    text is all there is) is shown as it is through ``detail``.
    """
    code = getattr(exc, "code", None)
    params = getattr(exc, "params", None) or {}
    if code and f"{name}_code" not in params:
        return {**params, f"{name}_code": code}
    text = exc.reason if isinstance(exc, Check) else str(exc)
    return {"detail": text, f"{name}_code": "detail"}


def from_exc(name: str, status: CheckStatus, exc: BaseException) -> Check:
    """The check ``name`` failing with the reason ``exc`` carries (see ``error``)."""
    code = getattr(exc, "code", None)
    if code:
        return Check(name, status, str(exc), code=code, params=dict(getattr(exc, "params", {})))
    return check(name, status, "detail", detail=str(exc))


def t_reason(c: Check, lang: str) -> str:
    """The reason of ``c`` in ``lang``, or its English reason when it has no translation."""
    if lang == "en" or c.code is None:
        return c.reason
    return render(c.code, c.params, lang) or c.reason
