"""`make bench`: writes under concurrent load with SIGKILLs (tests/load/harness.py).

Prints acknowledged writes per second (every write route at once, kills and
restarts included) and how many acknowledged writes were lost (must be 0).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.load.harness import run


def print_data_safety(seconds: float = 60.0, kills: int = 5, clients_per_kind: int = 3) -> bool:
    print(f"\n== Data safety: every write route, {clients_per_kind * 6} clients, {seconds:.0f} s, {kills} SIGKILLs ==")
    with tempfile.TemporaryDirectory() as tmp:
        outcome = run(Path(tmp) / "data", seconds, kills, clients_per_kind)
    kinds = ", ".join(f"{kind} {count}" for kind, count in outcome.by_kind.items())
    print(f"requests        {outcome.requests:>8}")
    print(f"acknowledged    {outcome.acknowledged:>8}  ({outcome.writes_per_second:.0f} writes/s; {kinds})")
    print(f"lost            {len(outcome.lost):>8}  (must be 0)")
    print(f"5xx / locked    {len(outcome.server_errors):>8}  (must be 0)")
    print(f"integrity_check {outcome.integrity:>8}")
    return not outcome.lost and not outcome.server_errors and outcome.integrity == "ok"
