"""The message catalogues (docs/translation.md): every message in every language,
plural messages in the format both UIs read, one register and full-width
punctuation in Chinese, and the server's plural rule."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from server.i18n import (
    PLURAL_CATEGORIES,
    message_keys,
    plural_category,
    translator,
)

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {
    "pwa": ROOT / "pwa" / "src" / "i18n",
    "server": ROOT / "server" / "i18n",
    "wallet_core": ROOT / "wallet_core" / "i18n",
}
LANGUAGES = ("en", "zh-Hans", "zh-Hant")
# the CLDR plural categories each language uses (Intl.PluralRules(...).resolvedOptions())
CATEGORIES = {"en": {"one", "other"}, "zh-Hans": {"other"}, "zh-Hant": {"other"}}
HAN = "\u4e00-\u9fff"
# not messages: what the PWA's build reads about a catalogue
META = {"lang", "dir", "name"}


def load(where: str, lang: str) -> dict[str, str]:
    return json.loads((CATALOGUES[where] / f"{lang}.json").read_text("utf-8"))


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _plurals(where: str, table: dict[str, str]) -> dict[str, set[str]]:
    """The plural messages of ``table`` (those English has a "one" form of) and their forms."""
    english = load(where, "en")
    out: dict[str, set[str]] = {}
    for key in table:
        base, _, category = key.rpartition(".")
        if category in PLURAL_CATEGORIES and f"{base}.one" in english:
            out.setdefault(base, set()).add(category)
    return out


@pytest.mark.parametrize("where", sorted(CATALOGUES))
def test_every_message_is_in_every_language_with_the_same_placeholders(where):
    english = load(where, "en")
    for lang in LANGUAGES[1:]:
        table = load(where, lang)
        assert message_keys(table) == message_keys(english), (where, lang)
        for key, text in table.items():
            base = key.rpartition(".")[0] if key not in english else key
            models = [v for k, v in english.items() if k == key or k.rpartition(".")[0] == base]
            assert any(_fields(text) == _fields(m) for m in models), (where, lang, key)


@pytest.mark.parametrize("where", ["pwa", "server"])
def test_plural_messages_have_the_forms_of_each_language(where):
    for lang in LANGUAGES:
        table = load(where, lang)
        plurals = _plurals(where, table)
        assert plurals, (where, lang)
        for base, categories in plurals.items():
            assert categories == CATEGORIES[lang], (where, lang, base)
            assert base not in table, (where, lang, base)  # plural or not, never both
            for category in categories:
                assert "{count}" in table[f"{base}.{category}"] or category == "one", (lang, base)
    # "(s)" is how a message says it lacks its plural form
    assert not [k for k, v in load(where, "en").items() if "(s)" in v]


@pytest.mark.parametrize("where", sorted(CATALOGUES))
@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_chinese_uses_one_register_and_full_width_punctuation(where, lang):
    for key, text in load(where, lang).items():
        if key in META:
            continue
        assert "您" not in text, (key, text)  # docs/translation.md: 你 throughout
        # an ASCII colon, semicolon, comma, ! or ? right after Chinese text
        assert not re.search(rf"[{HAN}][:;,!?]", text), (key, text)


def test_plural_category_follows_cldr():
    assert [plural_category("en", n) for n in (1, "1", 1.0)] == ["one"] * 3
    assert [plural_category("en", n) for n in (0, 2, "1.0", "1.5", 7.5, 11, 21, "x")] == ["other"] * 8
    assert [plural_category(lang, 1) for lang in ("zh-Hans", "zh-Hant", "xx")] == ["other"] * 3


def test_translator_picks_the_plural_form():
    en, hans, hant = (translator(lang) for lang in LANGUAGES)
    assert [en("hours_value", count=n) for n in (1, 2, "7.5")] == ["1 hour", "2 hours", "7.5 hours"]
    assert en("credits_value", count=1) == "1 credit" and en("credits_value", count=5) == "5 credits"
    assert [hans("credits_value", count=n) for n in (1, 5)] == ["1 学分", "5 学分"]
    assert "每 1 秒" in hant("vp_refresh_note", count=1)
    assert en("vp_refresh_note", count=1) == "This page checks again every second by itself."
