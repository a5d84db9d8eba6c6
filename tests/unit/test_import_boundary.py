"""wallet_core must never import the web framework, templates, storage or the server."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.own_vectors import ob3_bytes

from .conftest import REPO

BLOCKED = ["litestar", "jinja2", "sqlite_utils", "server"]


def test_wallet_core_imports_with_server_side_packages_blocked(tmp_path):
    credential = tmp_path / "ob3.json"
    credential.write_bytes(ob3_bytes())  # signed by another library (tests/own_vectors.py)
    script = textwrap.dedent(
        f"""
        import sys, pkgutil, importlib
        for name in {BLOCKED!r}:
            sys.modules[name] = None  # any import of it now raises ImportError
        import wallet_core
        count = 0
        for info in pkgutil.walk_packages(wallet_core.__path__, "wallet_core."):
            importlib.import_module(info.name)
            count += 1
        from wallet_core import verify
        assert verify(open({str(credential)!r}, "rb").read()).result == "valid"
        print(count)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 20
