"""Mutation fuzz of every importer (issue 10 part 3), with a fixed seed and budget.

Hypothesis drives the mutators of ``tests/fuzz/mutate.py`` over the interop
fixtures and Satchel-signed credentials and presentations (``tests/fuzz/corpus.py``).
Each mutated input must get a verdict or a clear ``InputError``, never an
exception and never the crash net's ``format.internal_error`` (a format that
leaves its input to the net has a bug); a Satchel-signed credential whose signed
content changed must never be ``valid``. ``derandomize=True`` makes the run the
same every time; ``make bench`` runs 100,000 inputs (``tests/bench/fuzz.py``).
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.corpus import (
    Seed,
    all_seeds,
    changed_signed_content,
    check_input,
    original_verdict,
    pick_seed,
    satchel_seeds,
)
from tests.fuzz.mutate import HypothesisChooser, RandomChooser, mutate

FUZZ = settings(
    max_examples=2000,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@FUZZ
@given(st.data())
def test_every_mutated_input_gets_a_verdict_or_a_clear_error(data):
    chooser = HypothesisChooser(data)
    seed = pick_seed(chooser)
    mutated = mutate(seed.data, chooser)
    finding = check_input(seed, mutated, original_verdict(seed))
    assert finding is None, f"{finding.seed}: {finding.signature()}\n{mutated[:400]!r}"


def test_the_seeds_cover_every_format_and_container():
    import random

    formats, containers = set(), set()
    for seed in all_seeds():
        verdict = original_verdict(seed)
        if verdict is not None:
            formats.add(verdict.format)
            containers.add(verdict.container)
    assert {"ob3-ldp", "ob3-jwt", "sd-jwt-vc", "ob2-hosted", "clr2-ldp"} <= formats
    assert {"json", "jwt", "png", "svg"} <= containers
    assert any(s.presentation for s in satchel_seeds())
    # and the mutators reach past the containers and parsers: many inputs get a verdict
    chooser = RandomChooser(random.Random(7))
    stats: Counter = Counter()
    for _ in range(200):
        seed = pick_seed(chooser)
        check_input(seed, mutate(seed.data, chooser), original_verdict(seed), stats)
    assert stats["valid"] + stats["invalid"] + stats["could_not_check"] >= 80, stats


class BrokenFetcher:
    def fetch(self, url: str) -> bytes:
        raise RuntimeError("the fetcher broke")


def test_the_fuzz_counts_a_crash_net_verdict_as_a_failure():
    seed = Seed("broken", b"https://example.org/assertion", BrokenFetcher(), signed=False)
    finding = check_input(seed, seed.data)
    assert finding is not None and finding.kind == "crash_net"
    assert "RuntimeError" in finding.detail


def test_the_oracle_sees_a_change_to_signed_content():
    rdfc = next(s for s in satchel_seeds() if s.label == "satchel/eddsa-rdfc-2022.json")
    original = original_verdict(rdfc).credential
    changed = original.replace("Green finance", "Quantum finance")
    assert changed != original and changed_signed_content(changed, original)
    reordered = original.replace('"name": "Green finance", ', "", 1)[:-1] + ', "name": "Green finance"}'
    assert not changed_signed_content(reordered, original)
    sd = next(s for s in satchel_seeds() if s.label == "satchel/sd-jwt-vc")
    text = sd.data.decode()
    fewer = "~".join(text.split("~")[:2]) + "~"  # one disclosure left out: selective disclosure
    assert not changed_signed_content(fewer, text)
    assert changed_signed_content(text.replace("~", "~WyJ4IiwgIm4iLCAxXQ~", 1), text)
