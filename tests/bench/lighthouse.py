"""Lighthouse (mobile) scores for the wallet home and a share page (`make bench`).

Lighthouse 12 (an npm devDependency) runs from node against Debian's Chromium
(CHROME_PATH, headless, --no-sandbox) with its default mobile settings: a
Moto G Power-sized screen and simulated slow 4G with 4x CPU slowdown. The
server runs on loopback and offline (nothing is fetched from the internet); the
share page holds the four demo awards and one in Chinese, as in shares.py.
Targets (issue 14): wallet >= 95 performance, 100 accessibility and best
practices; share page 100 / 100 / 100.

    python -m tests.bench.lighthouse     # this part alone
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.shares import BenchServer, _make_share
from tests.conftest import CHROMIUM, REPO

CLI = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"wallet home": (95, 100, 100), "share page": (100, 100, 100)}


def lighthouse(url: str) -> dict:
    """The three category scores (0-100) and the main performance figures for ``url``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
             "--only-categories=" + ",".join(CATEGORIES),
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, cwd=REPO, check=True, timeout=300,
            stdout=subprocess.DEVNULL,
        )
        report = json.loads(out.read_text())
    audits = report["audits"]
    failed = sorted(
        a["id"] for cat in CATEGORIES[1:] for ref in report["categories"][cat]["auditRefs"]
        if ref["weight"] > 0 and (a := audits[ref["id"]]).get("score") is not None and a["score"] < 1
    )
    return {
        "scores": tuple(round(report["categories"][c]["score"] * 100) for c in CATEGORIES),
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failed": failed,
        "version": report["lighthouseVersion"],
    }


def lighthouse_scores() -> dict[str, dict]:
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = BenchServer(Path(tmp) / "data", 60.0)
        try:
            token = _make_share(server)
            results["wallet home"] = lighthouse(server.url + "/")
            results["share page"] = lighthouse(f"{server.url}/s/{token}")
        finally:
            server.stop()
    return results


def print_lighthouse() -> bool:
    print("\n== Lighthouse (mobile, simulated slow 4G, 4x CPU), performance / accessibility / best practices ==")
    if not CLI.exists():
        print("lighthouse is not installed (npm ci installs the devDependency): skipped")
        return True
    ok = True
    for name, r in lighthouse_scores().items():
        target = TARGETS[name]
        met = all(s >= t for s, t in zip(r["scores"], target))
        ok = ok and met
        print(f"{name:<12} {' / '.join(str(s) for s in r['scores'])}   (target {' / '.join(map(str, target))}"
              f"{'' if met else ', MISSED'})   FCP {r['fcp'] / 1000:.1f} s  LCP {r['lcp'] / 1000:.1f} s"
              f"  TBT {r['tbt']:.0f} ms  CLS {r['cls']:.3f}")
        if r["failed"]:
            print(f"{'':<12} audits not passed: {', '.join(r['failed'])}")
    print(f"(Lighthouse {r['version']})")
    return ok


if __name__ == "__main__":
    sys.exit(0 if print_lighthouse() else 1)
