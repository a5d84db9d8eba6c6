"""wallet_core's module seams: the status package gets the list signature check
injected (no import of a format), VerifyOptions has typed fields for the document
loader and fetcher, and DIDKit is a test dependency the library runs without."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from wallet_core import VerifyOptions
from wallet_core.document_loader import DocumentLoader
from wallet_core.environment import Environment
from wallet_core.fetcher import Fetcher, StaticFetcher
from wallet_core.formats.vc_ldp import list_signature
from wallet_core.status import check_status
from wallet_core.verdict import Check

from .conftest import options
from .test_negative import STATUS, _status_list, signed

ROOT = Path(__file__).resolve().parents[2]
LIST_URL = STATUS["statusListCredential"]


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_status_package_imports_no_format():
    """No import of ``formats`` anywhere in ``wallet_core/status`` (a lazy one
    inside a function included): the format passes its proof check in."""
    found = []
    for path in sorted((ROOT / "wallet_core" / "status").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any("formats" in name.split(".") for name in names):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def status_of(list_doc: dict, signature_check) -> Check:
    env = Environment.from_options(options(fetcher=StaticFetcher({LIST_URL: json.dumps(list_doc)})))
    return check_status(signed(credentialStatus=STATUS), "passed", env, signature_check)


def test_the_injected_list_signature_check_decides_whether_a_list_counts():
    revoked = _status_list({5})
    # step: the format's own proof check accepts the signed list, which says revoked
    assert status_of(revoked, list_signature).status == "failed"
    # step: a list altered after signing (bit 5 cleared) is not believed:
    # could_not_check, never "not revoked"
    altered = json.loads(json.dumps(_status_list({5})))
    altered["credentialSubject"]["encodedList"] = _status_list(set())["credentialSubject"][
        "encodedList"
    ]
    assert status_of(altered, list_signature).status == "could_not_check"
    # step: whatever check is injected is the one used (here one that refuses every list)
    refuse = lambda doc, env: Check("proof", "failed", "refused by the injected check")
    check = status_of(revoked, refuse)
    assert check.status == "could_not_check" and "refused by the injected check" in check.reason


def test_verify_options_name_the_loader_and_the_fetcher():
    fields = {f.name for f in dataclasses.fields(VerifyOptions)}
    assert {"document_loader", "fetcher"} <= fields and "extra" not in fields
    hints = typing.get_type_hints(VerifyOptions)
    assert hints["document_loader"] == DocumentLoader | None and hints["fetcher"] == Fetcher | None
    with pytest.raises(TypeError):
        VerifyOptions(extra={"document_loader": DocumentLoader()})
    loader = DocumentLoader()
    assert Environment.from_options(options(document_loader=loader)).loader is loader


def test_wallet_core_and_the_server_run_without_didkit():
    # didkit is made unimportable (None in sys.modules), as on an install without the test extra
    out = run_python(
        "import sys; sys.modules['didkit'] = None\n"
        "import json, server.app, wallet_core\n"
        "from wallet_core import didkit_adapter\n"
        "from tests.unit.test_negative import signed\n"
        "from tests.unit.conftest import options\n"
        "print(wallet_core.verify(json.dumps(signed()).encode(), options()).result)\n"
        "print(didkit_adapter.available())\n"
        "try:\n"
        "    didkit_adapter.generate_ed25519_jwk()\n"
        "except didkit_adapter.DidkitMissing as exc:\n"
        "    print(exc)\n"
    )
    verdict, available, missing = out.strip().splitlines()
    assert verdict == "valid" and available == "False"
    assert "DIDKit is not installed" in missing and ".[test]" in missing
