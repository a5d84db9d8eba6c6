"""Where the external interoperability corpora are: one setting, read here only.

The corpora (1EdTech validator samples, W3C vc-di-eddsa vectors, Badgr files,
reference JSON-LD contexts) are other projects' files, so they stay outside the
repository. ``SATCHEL_FIXTURES`` names their folder; it defaults to
``<repo>/../shared/fixtures``. Everything else the tests need is the project's
own (``tests/own_vectors.py`` makes it at test time).

- Default folder absent: the tests that read a corpus skip, all with ``REASON``.
- ``SATCHEL_FIXTURES`` set but the folder missing or incomplete: the run fails
  (``tests/conftest.py`` raises a usage error before collecting), so a CI that
  sets it (``.ci/run`` does) can never silently skip them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SETTING = "SATCHEL_FIXTURES"
REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "fixtures"
EXPLICIT = bool(os.environ.get(SETTING))
ROOT = Path(os.environ[SETTING]).expanduser().resolve() if EXPLICIT else DEFAULT.resolve()

INTEROP = ROOT / "interop"
ONE_EDTECH = INTEROP / "1edtech"
OB20 = ONE_EDTECH / "ob20"
OB30 = ONE_EDTECH / "ob30"
CLR20 = ONE_EDTECH / "clr20"
W3C_EDDSA = INTEROP / "w3c-vc-di-eddsa"
BADGR = INTEROP / "badgr"
CONTEXTS = ROOT / "contexts"

# One file or folder of each corpus: all present means the corpora are there.
REQUIRED = (
    "interop/1edtech/expected.json",
    "interop/1edtech/ob20/assets",
    "interop/1edtech/ob30/simple.json",
    "interop/1edtech/ob30/bit-string-list",
    "interop/1edtech/clr20/complex.json",
    "interop/w3c-vc-di-eddsa/keyPair.json",
    "interop/w3c-vc-di-eddsa/proof-set-chain",
    "interop/badgr/baked_image.png",
    "contexts",
)
MISSING = tuple(p for p in REQUIRED if not (ROOT / p).exists())
AVAILABLE = not MISSING

REASON = f"interop corpora not found ({SETTING} unset and {DEFAULT} absent)"

needed = pytest.mark.skipif(not AVAILABLE, reason=REASON)
"""Mark a test (or set ``pytestmark``) that reads a corpus."""


def require_module() -> None:
    """Skip the whole module when the corpora are absent: for modules that read
    a corpus while being collected (e.g. to parametrize over its files)."""
    if not AVAILABLE:
        pytest.skip(REASON, allow_module_level=True)


def problem() -> str | None:
    """Why the run must fail: the setting names a folder that is missing or incomplete."""
    if EXPLICIT and MISSING:
        return f"{SETTING}={ROOT} is missing or incomplete: no {', '.join(MISSING)}"
    return None
