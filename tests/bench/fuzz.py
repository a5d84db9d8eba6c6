"""The long fuzz runs (issue 10 part 3), printing their figures.

    python -m tests.bench.fuzz --count 100000          # mutation fuzz of wallet_core
    python -m tests.bench.fuzz --count 0 --api 100     # schema-driven API fuzz only

The mutation fuzz is the one of tests/unit/test_fuzz.py (same mutators, seeds
and judge) driven by a seeded RNG instead of Hypothesis, one core. A finding is
any exception, any crash-net verdict (``format.internal_error``), any verdict
that does not encode, and any valid verdict for a Satchel-signed credential whose
signed content changed. Target: 0 findings in 100,000 inputs; 0 5xx in the API fuzz.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

OUTCOMES = ("valid", "invalid", "could_not_check", "malformed", "not_a_credential", "unsupported_format")


def print_mutation_fuzz(count: int, seed: int = 0) -> bool:
    from tests.fuzz.corpus import all_seeds, fuzz

    stats: Counter = Counter()
    signatures: Counter = Counter()
    examples: dict = {}

    def on_finding(finding) -> None:
        signatures[finding.signature()] += 1
        examples.setdefault(finding.signature(), finding)

    inputs, findings, seconds = fuzz(count, seed, on_finding=on_finding, stats=stats)
    print(f"seeds           {len(all_seeds()):>8}  (interop fixtures + Satchel-signed credentials and presentations)")
    print(f"mutated inputs  {inputs:>8,}  (RNG seed {seed})")
    print(f"findings        {len(findings):>8}  (crashes, crash-net verdicts, accepted tampering; target 0)")
    print(f"throughput      {inputs / seconds:8.0f} inputs/s  ({seconds:.0f} s, one core)")
    mix = ", ".join(f"{name} {stats[name] / max(inputs, 1):.0%}" for name in OUTCOMES)
    print(f"outcomes        {mix}")
    for signature, n in signatures.most_common():
        finding = examples[signature]
        print(f"  {n:>5} x {signature}  (seed {finding.seed}; first input {finding.data[:120]!r})")
    return not findings


def print_api_fuzz(max_examples: int, seed: int = 1) -> bool:
    from tests.fuzz.api import fuzz_api

    result = fuzz_api(max_examples, seed)
    print(f"test cases      {result.cases:>8,}  (schemathesis, --max-examples {max_examples}, seed {seed}, "
          f"all phases, signed in)")
    print(f"5xx responses   {result.server_errors:>8}  (check not_a_server_error; target 0)")
    print(f"tracebacks      {result.tracebacks:>8}  (in the server log)")
    print(f"time            {result.seconds:8.0f} s  ({result.cases / result.seconds:.0f} cases/s)")
    if result.server_errors or result.tracebacks:
        print(result.output[-6000:])
    return result.server_errors == 0 and result.tracebacks == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="mutated inputs (0: skip)")
    parser.add_argument("--seed", type=int, default=0, help="RNG seed of the mutation fuzz")
    parser.add_argument("--api", type=int, default=0, metavar="N", help="API fuzz with N max examples (0: skip)")
    args = parser.parse_args(argv)
    ok = True
    if args.count:
        print("== Mutation fuzz of wallet_core.verify / verify_presentation ==")
        ok = print_mutation_fuzz(args.count, args.seed) and ok
    if args.api:
        print("\n== Schema-driven API fuzz (OpenAPI schema -> schemathesis -> real server) ==")
        ok = print_api_fuzz(args.api) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
