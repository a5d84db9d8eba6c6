"""Schema-driven API fuzz (issue 10 part 3): schemathesis generates requests from
the served OpenAPI schema against the real server on loopback, signed in, with a
fixed seed and a small budget; no request may get a 5xx. ``make bench`` runs it
with 500 examples per operation (tests/bench/fuzz.py)."""

from __future__ import annotations

from tests.fuzz.api import fuzz_api


def test_no_request_generated_from_the_openapi_schema_gets_a_5xx():
    result = fuzz_api(max_examples=8, seed=1)
    assert result.cases > 200, result.output[-3000:]
    assert result.server_errors == 0, result.output[-6000:]
    assert result.tracebacks == 0, result.output[-6000:]
