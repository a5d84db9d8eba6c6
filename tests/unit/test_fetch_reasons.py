"""Issue 14: a document that could not be fetched is said in plain, translated words
(``fetch.<kind>`` reason codes), with the fetcher's technical words kept in
``params["detail"]`` for a "details" fold, never as the message itself."""

from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest

from wallet_core import reasons, verify
from wallet_core.fetcher import FetchError, HttpsFetcher

from .conftest import INTEROP, ONE_EDTECH, check_of, options

BASIC = ONE_EDTECH / "ob20" / "basic-assertion.json"


def _no_such_host(host, port):
    raise socket.gaierror(-2, "Name or service not known")


class _NotFound(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_fetcher_says_which_kind_of_failure_it_met():
    # Step 1: a host name that does not resolve.
    with pytest.raises(FetchError) as unresolved:
        HttpsFetcher(resolver=_no_such_host).fetch("https://nowhere.test/badge")
    assert unresolved.value.kind == "unresolved"
    # Step 2: an address Satchel refuses to fetch (plain http, a private address).
    with pytest.raises(FetchError) as http_url:
        HttpsFetcher().fetch("http://example.org/badge")
    assert http_url.value.kind == "refused"
    with pytest.raises(FetchError) as private:
        HttpsFetcher(resolver=lambda h, p: ["10.0.0.1"]).fetch("https://intranet.test/")
    assert private.value.kind == "refused"
    # Step 3: a real server that answers 404, and a closed port.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        fetcher = HttpsFetcher(allow_private=True, allow_http=True)
        with pytest.raises(FetchError) as not_found:
            fetcher.fetch(f"http://127.0.0.1:{port}/missing")
        assert not_found.value.kind == "http"
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(FetchError) as closed:
        HttpsFetcher(allow_private=True, allow_http=True).fetch(f"http://127.0.0.1:{port}/")
    assert closed.value.kind == "unreachable"


def test_an_unresolvable_ob2_host_is_said_in_plain_words_with_the_detail_kept():
    verdict = verify(BASIC.read_bytes(), options(fetcher=HttpsFetcher(resolver=_no_such_host)))
    proof, issuer = check_of(verdict, "proof"), check_of(verdict, "issuer")
    for check, what in ((proof, "what.hosted_assertion"), (issuer, "what.badge_class")):
        assert check.status == "could_not_check"
        assert check.code == "fetch.unresolved" and check.params["what_code"] == what
        assert check.params["host"] == "example.org"
        assert "Errno" not in check.reason and "Name or service not known" not in check.reason
        assert "the address example.org was not found" in check.reason
        assert "Name or service not known" in check.params["detail"]  # the technical words, for the fold
        assert reasons.render(check.code, check.params) == check.reason
        assert "找不到地址 example.org" in reasons.t_reason(check, "zh-Hans")
        assert "找不到位址 example.org" in reasons.t_reason(check, "zh-Hant")


def test_offline_and_refused_fetches_are_coded_too():
    offline = check_of(verify(BASIC.read_bytes(), options()), "proof")
    assert offline.code == "fetch.offline" and offline.reason.endswith("not fetched: offline")
    # A Badgr OB 1.0 baked badge points at plain-http documents: refused, and said so.
    baked = verify((INTEROP / "badgr" / "baked_image.png").read_bytes(), options(fetcher=HttpsFetcher()))
    issuer = check_of(baked, "issuer")
    assert issuer.code == "fetch.refused" and issuer.params["what_code"] == "what.badge_class"
    assert "only public https addresses" in issuer.reason


def test_an_unreachable_status_list_is_coded_with_the_detail_kept():
    revoked = ONE_EDTECH / "ob30" / "bit-string-list" / "credential-status-revoked.json"
    offline = check_of(verify(revoked.read_bytes(), options()), "status")
    assert offline.code == "fetch.offline" and offline.params["what_code"] == "what.status_list"
    assert "not fetched: offline" in offline.reason
    online = check_of(verify(revoked.read_bytes(), options(fetcher=HttpsFetcher(resolver=_no_such_host))), "status")
    assert online.status == "could_not_check" and online.code == "fetch.unresolved"
    assert "Errno" not in online.reason and "Name or service not known" in online.params["detail"]
    assert reasons.render(online.code, online.params) == online.reason
    assert "状态列表" in reasons.t_reason(online, "zh-Hans")


def test_an_unreachable_did_web_issuer_is_coded_with_the_detail_kept():
    from wallet_core.dids import did_web
    from wallet_core.keys import KeyUnavailable

    # Step 1: did:web resolution itself.
    with pytest.raises(KeyUnavailable) as raised:
        did_web.resolve("did:web:issuer.invalid", HttpsFetcher(resolver=_no_such_host))
    exc = raised.value
    assert exc.code == "fetch.unresolved" and exc.params["what_code"] == "what.did_document"
    assert exc.params["host"] == "issuer.invalid" and "Name or service not known" in exc.params["detail"]
    assert "Errno" not in str(exc)
    # Step 2: a credential signed by a did:web key: its proof check carries the code.
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:issuer.invalid",
        "credentialSubject": {"id": "did:example:learner"},
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "verificationMethod": "did:web:issuer.invalid#key-1",
            "proofPurpose": "assertionMethod",
            "proofValue": "z" + "1" * 80,
        },
    }
    verdict = verify(json.dumps(doc).encode(), options(fetcher=HttpsFetcher(resolver=_no_such_host)))
    proof = check_of(verdict, "proof")
    assert proof.status == "could_not_check" and proof.code == "fetch.unresolved", proof
    assert "DID 文档" in reasons.t_reason(proof, "zh-Hans")


def test_an_issuer_profile_that_cannot_be_fetched_is_coded_with_the_detail_kept():
    from types import SimpleNamespace

    from cryptography.hazmat.primitives.asymmetric import ed25519

    from wallet_core.issuer_binding import check_issuer
    from wallet_core.keys import VerificationKey

    issuer = "https://issuer.invalid/profile"
    key = VerificationKey(
        public_key=ed25519.Ed25519PrivateKey.generate().public_key(),
        method_id=issuer + "#key-1",
        controller=issuer,
        controller_proven=False,
        how="read from the verification method URL",
        how_params={"how_code": "key.vm_url"},
    )
    env = SimpleNamespace(fetcher=HttpsFetcher(resolver=_no_such_host))
    check = check_issuer(issuer, "passed", [key], env)
    assert check.status == "could_not_check" and check.code == "fetch.unresolved", check
    assert check.params["what_code"] == "what.issuer_profile" and check.params["host"] == "issuer.invalid"
    assert "Name or service not known" in check.params["detail"] and "Errno" not in check.reason
    assert "发证方资料" in reasons.t_reason(check, "zh-Hans")
