"""wallet_core must never import the web framework, templates, storage or the server."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .conftest import REPO

BLOCKED = ["litestar", "jinja2", "sqlite_utils", "server"]


def test_wallet_core_imports_with_server_side_packages_blocked():
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
        verify(open({str(REPO.parent / "shared/fixtures/interop/1edtech/ob30/simple.json")!r}, "rb").read())
        print(count)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 20
