"""Check reasons as codes (wallet_core/reasons.py): complete catalogues, English unchanged,
and no check made with English text instead of a code."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import msgspec

from wallet_core import InputError, reasons, verify
from wallet_core.verdict import Check

from .conftest import options
from .fixture_world import fixture_fetcher, fixture_files


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def _has_words(template: str) -> bool:
    """True unless the template is only placeholders and punctuation (e.g. "{detail}")."""
    return bool(re.search(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", template)))


def test_every_code_is_translated_with_the_same_placeholders():
    english = reasons.templates("en")
    assert english
    for lang in ("zh-Hans", "zh-Hant"):
        table = reasons.templates(lang)
        assert set(table) == set(english), lang
        for code, template in english.items():
            assert _fields(table[code]) == _fields(template), (lang, code)
            if _has_words(template):
                assert re.search(r"[\u4e00-\u9fff]", table[code]), (lang, code)
                # Chinese text takes full-width punctuation, not an ASCII colon or semicolon.
                assert not re.search(r"[\u4e00-\u9fff][:;]", table[code]), (lang, code)


def _inputs():
    """Our own credentials (signed, expired, unresolvable, hosted, a transcript) and,
    when the interop corpora are there, every corpus file too."""
    import json

    from tests.fuzz.corpus import satchel_seeds
    from tests.own_vectors import clr, did_web_ob3, ob2_hosted, ob2_world, ob3_expired

    for seed in satchel_seeds():
        if not seed.presentation:
            yield seed.data, seed.fetcher
    for doc in (ob3_expired(), did_web_ob3(), clr()):
        yield json.dumps(doc).encode(), None
    hosted = json.dumps(ob2_hosted()).encode()
    yield hosted, ob2_world(hosted)
    yield json.dumps(ob2_hosted(revoked=True)).encode(), ob2_world(hosted)
    for path in fixture_files():  # none without the corpora
        data = path.read_bytes()
        yield data, fixture_fetcher(data)


def _checks_of_every_fixture():
    for data, fetcher in _inputs():
        try:
            yield from verify(data, options(fetcher=fetcher)).checks
        except InputError:
            continue


def test_coded_reasons_render_to_the_same_english_text_and_translate():
    coded = 0
    for check in _checks_of_every_fixture():
        if check.code is None:
            continue
        coded += 1
        assert reasons.render(check.code, check.params) == check.reason
        for lang in ("zh-Hans", "zh-Hant"):
            translated = reasons.t_reason(check, lang)
            assert translated != check.reason or check.code == "format.ldp_no_model"
    assert coded > 50


def test_verdicts_carry_codes_for_their_main_checks():
    codes = {c.code for c in _checks_of_every_fixture() if c.code}
    for code in ("format.ldp", "proof.valid", "validity.expired", "status.none", "schema.ok"):
        assert code in codes, code


def test_fallback_and_json_shape():
    plain = Check("proof", "failed", "something English")
    assert reasons.t_reason(plain, "zh-Hans") == "something English"
    assert b"code" not in msgspec.json.encode(plain)  # old records and JSON are unchanged
    unknown = Check("proof", "failed", "English", code="no.such.code")
    assert reasons.t_reason(unknown, "zh-Hant") == "English"
    made = reasons.check("validity", "failed", "validity.expired", until="2020-01-01")
    assert made.reason == "expired on 2020-01-01"
    assert reasons.t_reason(made, "zh-Hans") == "已于 2020-01-01 过期"
    assert reasons.t_reason(made, "zh-Hant") == "已於 2020-01-01 過期"
    old = msgspec.json.decode(b'{"check":"a","status":"passed","reason":"r"}', type=Check)
    assert old.code is None and old.params == {}


# --- no check is made with English text instead of a code -------------------------

WALLET_CORE = Path(reasons.__file__).parent
# Exceptions whose text becomes a check's reason: raised only through reasons.error.
REPORTED = {
    "FetchError", "KeyInvalid", "KeyUnavailable", "JoseError", "SdJwtError", "StatusListError",
    "StatusUnavailable", "ListUnavailable", "Invalid", "Unavailable", "ProofValueError",
}  # fmt: skip


def _sources():
    for path in sorted(WALLET_CORE.rglob("*.py")):
        yield path.relative_to(WALLET_CORE).as_posix(), ast.parse(path.read_text("utf-8"))


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_checks_and_proof_results_are_made_from_codes():
    """A Check is made only by wallet_core/reasons.py (check, join, from_exc), a
    ProofResult only with a code: never from an English sentence. (A check with an
    empty reason, never shown, only carries a status to combine.)"""
    offenders = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            reason = node.args[2] if len(node.args) > 2 else None
            unshown = isinstance(reason, ast.Constant) and reason.value == ""
            if name == "Check" and rel != "reasons.py" and not unshown:
                offenders.append(f"{rel}:{node.lineno} Check(...)")
            if name == "ProofResult" and rel != "suites/result.py":
                has_code = len(node.args) >= 4 or any(k.arg == "code" for k in node.keywords)
                if not has_code:
                    offenders.append(f"{rel}:{node.lineno} ProofResult without a code")
    assert not offenders, offenders


def _coded_through_fetch_reasons(call: ast.Call) -> bool:
    """A fetch failure is coded through wallet_core/fetch_reasons.py: the fetcher
    raises ``FetchError(..., kind=...)`` (its text is only the ``detail``), and the
    document's reader raises ``X(*unavailable(...))`` (``fetch.<kind>``)."""
    if _name(call.func) == "FetchError" and any(k.arg == "kind" for k in call.keywords):
        return True
    return any(
        isinstance(a, ast.Starred)
        and isinstance(a.value, ast.Call)
        and _name(a.value.func) == "unavailable"
        for a in call.args
    )


def test_reported_exceptions_are_raised_with_codes():
    offenders = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            call = node.exc if isinstance(node, ast.Raise) else None
            if not isinstance(call, ast.Call) or _name(call.func) not in REPORTED:
                continue
            if not _coded_through_fetch_reasons(call):
                offenders.append(f"{rel}:{node.lineno} raise {_name(call.func)}(...)")
    assert not offenders, offenders


def test_a_fetch_error_without_a_kind_is_an_offender():
    """The scan above can fail: a FetchError raised with English text only is caught."""
    bare = ast.parse('raise FetchError("x could not be fetched")').body[0].exc
    kinded = ast.parse('raise FetchError("x", kind="http")').body[0].exc
    starred = ast.parse("raise KeyUnavailable(*unavailable(w, u, k))").body[0].exc
    assert not _coded_through_fetch_reasons(bare)
    assert _coded_through_fetch_reasons(kinded) and _coded_through_fetch_reasons(starred)


def _literal_codes():
    """Every code named by a string literal in wallet_core: the code argument of
    reasons.check / error / join / coded / mismatch, and every ``<x>_code=`` value."""
    makers = {"check": 2, "error": 1, "coded": 1, "mismatch": 2, "_p": 0, "fetch": 1, "node": 1}
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            at = makers.get(_name(node.func))
            args = list(node.args)
            if at is not None and len(args) > at:
                arg = args[at]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "." in arg.value:
                    yield rel, node.lineno, arg.value
            for kw in node.keywords:
                if kw.arg and kw.arg.endswith("_code") and isinstance(kw.value, ast.Constant):
                    yield rel, node.lineno, kw.value.value


def test_every_code_in_the_source_is_in_all_three_catalogues():
    found = list(_literal_codes())
    assert len(found) > 150
    for lang in reasons.LANGUAGES:
        table = reasons.templates(lang)
        missing = [f"{rel}:{line} {code}" for rel, line, code in found if code not in table]
        assert not missing, (lang, missing)


def test_every_fixture_check_has_a_code_that_renders_in_every_language():
    """Online and offline, every check of every interop fixture carries a code (no
    English-only reason, no exception text passed through) that each catalogue renders."""
    seen = set()
    for path in fixture_files():
        data = path.read_bytes()
        for fetcher in (fixture_fetcher(data), None):
            try:
                checks = verify(data, options(fetcher=fetcher)).checks
            except InputError:
                continue
            for check in checks:
                assert check.code, (path.name, check)
                codes = [check.code] + [v for k, v in check.params.items() if k.endswith("code")]
                if any(c.startswith("fetch.") for c in codes):
                    # the fetcher's technical words are kept for a fold, never the reason
                    assert check.params.get("detail", "\0") not in check.reason, (path.name, check)
                else:
                    assert "detail" not in check.params, (path.name, check)
                assert reasons.render(check.code, check.params) == check.reason, (path.name, check)
                for lang in ("zh-Hans", "zh-Hant"):
                    assert reasons.render(check.code, check.params, lang), (path.name, lang, check)
                seen.add(check.code)
    assert len(seen) > 30, seen


def test_phrases_nest_and_lists_join_in_each_language():
    made = reasons.check(
        "proof", "could_not_check", "proof.suite_problem", _context_problem(), suite="S"
    )
    assert made.reason == (
        "S: JSON-LD context https://c.example/ could not be fetched: c.example answered with an error"
    )
    assert made.params["detail"] == "https://c.example/ could not be fetched: HTTP 404"
    assert reasons.t_reason(made, "zh-Hans") == (
        "S：无法获取JSON-LD 上下文 https://c.example/：c.example 返回了错误"
    )
    joined = reasons.join(
        "schema", "failed", [("schema.missing", {"prop": "issuer"}), ("schema.issuer_no_id", {})]
    )
    assert joined.reason == "issuer is missing; issuer has no id"
    assert reasons.t_reason(joined, "zh-Hant") == "缺少 issuer；issuer 沒有 id"
    # an exception from a library (no code) is shown as its own text, still with a code
    plain = reasons.from_exc("proof", "failed", ValueError("boom"))
    assert (plain.code, plain.reason, reasons.t_reason(plain, "zh-Hans")) == ("detail", "boom", "boom")


def _context_problem():
    from wallet_core.document_loader import UnknownContext
    from wallet_core.fetcher import FetchError

    http = FetchError("https://c.example/ could not be fetched: HTTP 404", kind="http")
    return UnknownContext("https://c.example/", cause_of=http)
