"""Share page load: wrk against a real server on loopback (`make bench`).

A 5-credential presentation (four OB 3.0 awards of the demo achievements, eddsa-rdfc-2022, plus one
in Chinese) is shared; the page /s/<token> is loaded by wrk with the verdict
cache cold (every request verifies all five credentials again: verdict_ttl=0)
and warm (the default 60 s cache), and the static asset route serves the PWA's
hashed stylesheet for the ratio. Rate limits are off in this server (one
client address would hit them at once). Target (warm): >= 500 requests/s with
p99 <= 100 ms on the 2-core machine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.conftest import REPO, free_port

TARGET_RPS = 500
TARGET_P99_MS = 100.0

SERVER = """
import sys, uvicorn
from pathlib import Path
from server.app import create_app
from server.settings import Settings
from server.shares import ShareConfig
port, data, ttl = int(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
settings = Settings(data_dir=data, public_url=f"http://127.0.0.1:{port}", offline=True)
config = ShareConfig(verdict_ttl=ttl, create_rate=None, view_rate=None, manage_rate=None)
uvicorn.run(create_app(settings, config), host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


class BenchServer:
    def __init__(self, data: Path, verdict_ttl: float):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(self.port), str(data), str(verdict_ttl)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("bench server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, seconds: int = 10, connections: int = 16, threads: int = 1, script: Path | None = None) -> dict:
    """wrk's requests/s, p50 and p99 (ms) and non-2xx count; ``script``: a wrk Lua script."""
    extra = ["--script", str(script)] if script else []
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", out, re.MULTILINE))
    if "50" not in latency or "99" not in latency:
        raise RuntimeError(f"wrk printed no latency distribution:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def _make_share(server: BenchServer) -> str:
    import httpx

    from tests.shares.helpers import DEMO_SLUGS, Learner

    learner = Learner(seed=11)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        creds = [learner.credential(server, s) for s in DEMO_SLUGS]
        creds.append(learner.credential(server, "green-finance", "zh-Hans"))
        share = learner.share(client, creds, label="Benchmark: five credentials")
        assert share["result"] == "valid", share
        page = client.get(f"/s/{share['token']}")
        assert page.status_code == 200 and page.text.count('class="cred"') == 5
    return share["token"]


def share_page_load(seconds: int = 10) -> dict:
    """Figures for the share page (cold and warm) and the static asset route."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: `make bench` installs it with apt-get")
    dist = REPO / "pwa" / "dist"
    asset = next(iter(sorted(p.name for p in dist.glob("styles-*.css"))), "index.html")
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        for mode, ttl in (("cold", 0.0), ("warm", 60.0)):
            server = BenchServer(data, ttl)
            try:
                token = results.setdefault("token", None) or _make_share(server)
                results["token"] = token
                page = f"{server.url}/s/{token}"
                with urllib.request.urlopen(page) as r:
                    results["page_bytes"] = len(r.read())
                wrk(page, 2)  # warm-up (loader, caches, JIT-free but still)
                results[mode] = wrk(page, seconds)
                if mode == "warm":
                    wrk(f"{server.url}/{asset}", 2)
                    results["static"] = wrk(f"{server.url}/{asset}", seconds)
                    results["static_path"] = "/" + asset
            finally:
                server.stop()
    results.pop("token")
    return results


def print_share_page_load() -> bool:
    print("\n== Share page /s/<token>, 5 credentials, wrk on loopback (1 thread, 16 connections, 10 s) ==")
    r = share_page_load()
    print(f"page size       {r['page_bytes'] / 1024:.1f} KB HTML+CSS (budget 30 KB)")
    for name in ("cold", "warm", "static"):
        f = r[name]
        label = {"cold": "page, cache cold", "warm": "page, cache warm", "static": f"static {r['static_path']}"}[name]
        print(f"{label:<34} {f['rps']:8.0f} req/s   p50 {f['p50']:6.1f} ms   p99 {f['p99']:6.1f} ms"
              + (f"   ({f['non2xx']} non-2xx)" if f["non2xx"] else ""))
    print(f"warm page / static route: {r['warm']['rps'] / r['static']['rps']:.2f}x")
    ok = r["warm"]["rps"] >= TARGET_RPS and r["warm"]["p99"] <= TARGET_P99_MS and r["page_bytes"] <= 30 * 1024
    print(f"target (warm): >= {TARGET_RPS} req/s, p99 <= {TARGET_P99_MS:.0f} ms — {'met' if ok else 'NOT met'}")
    return ok


if __name__ == "__main__":
    sys.exit(0 if print_share_page_load() else 1)
