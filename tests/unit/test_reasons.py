"""Check reasons as codes (wallet_core/reasons.py): complete catalogues, English unchanged."""

from __future__ import annotations

import re
import string

import msgspec

from wallet_core import InputError, reasons, verify
from wallet_core.verdict import Check

from .conftest import options
from .fixture_world import fixture_fetcher, fixture_files


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_code_is_translated_with_the_same_placeholders():
    english = reasons.templates("en")
    assert english
    for lang in ("zh-Hans", "zh-Hant"):
        table = reasons.templates(lang)
        assert set(table) == set(english), lang
        for code, template in english.items():
            assert _fields(table[code]) == _fields(template), (lang, code)
            if code != "format.ldp_no_model":
                assert re.search(r"[\u4e00-\u9fff]", table[code]), (lang, code)


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
