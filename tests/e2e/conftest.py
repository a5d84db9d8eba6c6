from __future__ import annotations

import pytest

from tests.e2e.collect import Console


@pytest.fixture(scope="session")
def console(live_server):
    """The real issuer console of the shared live server, signed in once per session."""
    c = Console(live_server)
    yield c
    c.close()
