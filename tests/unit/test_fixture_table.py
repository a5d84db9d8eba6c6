"""docs/fixture-verdicts.md is exactly what the code answers today."""

from __future__ import annotations

from tests import corpora

from .conftest import REPO

corpora.require_module()  # the interop corpora (SATCHEL_FIXTURES)
from .fixture_table import render, rows
from .fixture_world import EXPECTED


def test_fixture_verdict_table_is_up_to_date():
    path = REPO / "docs" / "fixture-verdicts.md"
    assert path.read_text("utf-8") == render(), (
        "regenerate: python -m tests.unit.fixture_table > docs/fixture-verdicts.md"
    )


def test_table_lists_every_expected_sample_and_explains_every_difference():
    table = {rel: (ours, upstream, note) for rel, ours, upstream, note in rows()}
    for name, entry in EXPECTED.items():
        ours, upstream, note = table["1edtech/" + name]
        assert upstream == entry["expect"]
        agrees = ours == {"valid-with-warning": "valid"}.get(upstream, upstream)
        assert agrees or note, name
