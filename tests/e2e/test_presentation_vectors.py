"""Every golden vector (tests/vectors/presentations.json, decision D6) against the
PWA's own verifier module, pwa/src/wallet/checkvp.js, loaded as an ES module in
headless Chromium (WebCrypto as on a phone): exactly the codes wallet_core gives
(tests/unit/test_presentation_vectors.py runs the same file against it)."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WALLET = REPO / "pwa" / "src" / "wallet"
VECTORS = json.loads((REPO / "tests" / "vectors" / "presentations.json").read_text("utf-8"))
ORIGIN = "http://localhost:9"  # never connected: every request is answered by the route below

RUN = """async (doc) => {
  const { checkPresentation } = await import('/wallet/checkvp.js');
  const now = Date.parse(doc.now);
  const out = [];
  for (const v of doc.vectors) {
    const r = await checkPresentation(v.presentation, { now, ...v.options });
    out.push(r.ok ? {
      result: r.result,
      holder: r.holder,
      checks: r.checks.map((c) => ({ check: c.check, status: c.status, code: c.code })),
      credentials: r.credentials.map((c) => ({ holder_binding: { status: c.binding.status, code: c.binding.code }, result: c.result })),
    } : r);
  }
  return out;
}"""


def _serve(route):
    path = route.request.url[len(ORIGIN) :].split("?")[0]
    if path == "/":
        return route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>vectors</title>")
    file = (WALLET / path[len("/wallet/") :]).resolve()
    if not path.startswith("/wallet/") or WALLET not in file.parents or not file.is_file():
        return route.fulfill(status=404, body="")
    kind = "text/javascript" if file.suffix == ".js" else mimetypes.guess_type(file.name)[0] or "text/plain"
    return route.fulfill(status=200, content_type=kind, body=file.read_bytes())


@pytest.fixture(scope="module")
def js_results(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.route(f"{ORIGIN}/**", _serve)
    page.goto(ORIGIN + "/")
    results = page.evaluate(RUN, VECTORS)
    context.close()
    return dict(zip([v["name"] for v in VECTORS["vectors"]], results, strict=True))


@pytest.mark.e2e
@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=[v["name"] for v in VECTORS["vectors"]])
def test_checkvp_in_chromium_gives_exactly_the_expected_codes(js_results, vector):
    assert js_results[vector["name"]] == vector["expected"], vector["about"]
