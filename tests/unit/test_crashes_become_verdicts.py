"""Issue 10 part 3: each input that used to raise instead of getting a verdict.

Every case below crashed ``wallet_core.verify`` (TypeError, ValueError,
OverflowError, UnicodeError, RecursionError). Each now gets a verdict made by the
format itself (never the crash net's ``format.internal_error``) or a clear
``InputError``. The crash net has its own test with a fetcher that breaks.
"""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.own_vectors import ob2_hosted
from wallet_core import InputError, MalformedInput, jsonsafe, sdjwt, verify
from wallet_core.canonical import CanonicalizationError, jcs
from wallet_core.dids.did_web import document_url
from wallet_core.encoding import b64url_encode
from wallet_core.errors import UnreadableInput
from wallet_core.fetcher import FetchError, HttpsFetcher, StaticFetcher
from wallet_core.keys import KeyInvalid
from wallet_core.presentations import create_vp_jwt, verify_presentation
from wallet_core.sign import did_key_for, sign_eddsa_jcs_2022, sign_eddsa_rdfc_2022
from wallet_core.verifier import INTERNAL_ERROR

from .conftest import check_of, options
from .test_negative import ob3_credential, signed
from .test_vc_jwt import _jwt

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
DID, METHOD = did_key_for(KEY)
BAD_URLS = [
    "https://x:99999/",
    "https://[::1/",
    "https://a..b/",
    "https://" + "a" * 64 + ".example/",
    "https://example.org:-1/",
]


def verdict_of(data: bytes | dict | str, **opts):
    if isinstance(data, dict):
        data = json.dumps(data)
    if isinstance(data, str):
        data = data.encode()
    verdict = verify(data, options(**opts))
    assert all(c.code != INTERNAL_ERROR for c in verdict.checks), verdict.checks
    assert verdict.result in ("valid", "invalid", "could_not_check")
    return verdict


@pytest.mark.parametrize("proof_type", [["DataIntegrityProof"], {"a": 1}, 5, None])
def test_proof_type_that_is_not_a_string_fails_the_proof(proof_type):
    doc = signed()
    doc["proof"]["type"] = proof_type
    verdict = verdict_of(doc)
    assert verdict.result == "invalid"
    assert check_of(verdict, "proof").status == "failed"


def test_cryptosuite_that_is_not_a_string_fails_the_proof():
    doc = signed()
    doc["proof"]["cryptosuite"] = ["eddsa-rdfc-2022"]
    assert check_of(verdict_of(doc), "proof").status == "failed"


@pytest.mark.parametrize("alg", [{"EdDSA": 1}, ["EdDSA"], 1, None])
def test_jwt_alg_that_is_not_a_string_fails_the_proof(alg):
    token = _jwt({"alg": alg, "kid": METHOD}, {"vc": ob3_credential(DID), "iss": DID}, KEY.sign)
    verdict = verdict_of(token)
    assert check_of(verdict, "proof").status == "failed"


@pytest.mark.parametrize("vtype", [["hosted"], {"type": "hosted"}])
def test_ob2_verification_type_that_is_not_a_string_fails_the_schema(vtype):
    doc = ob2_hosted()
    doc["verification"]["type"] = vtype
    verdict = verdict_of(doc)
    assert check_of(verdict, "schema").status == "failed"
    assert verdict.result == "invalid"


@pytest.mark.parametrize("claim", ["nbf", "exp"])
@pytest.mark.parametrize("value", [1e20, -1e20, 1e18, 10**30, 10**400, "tomorrow", [1]])
def test_vc_jwt_time_claim_that_is_not_a_time_fails_validity(claim, value):
    cred = ob3_credential(DID)
    del cred["validFrom"]
    token = _jwt({"alg": "EdDSA", "kid": METHOD}, {"vc": cred, "iss": DID, claim: value}, KEY.sign)
    verdict = verdict_of(token)
    assert check_of(verdict, "proof").status == "passed"  # a real signature: only the date is wrong
    assert check_of(verdict, "validity").status == "failed"
    assert verdict.result == "invalid"


@pytest.mark.parametrize("claim", ["iat", "exp"])
@pytest.mark.parametrize("value", [1e20, -1e20, 1e18, 10**400])
def test_sd_jwt_time_claim_that_is_not_a_time_fails_validity(claim, value):
    times = {"iat": 1735689600, claim: value}
    issued = sdjwt.issue(
        {"name": "Green Finance"}, KEY, vct="urn:satchel:test", disclosable=["name"],
        iat=times["iat"], exp=times.get("exp"),
    )
    verdict = verdict_of(issued)
    assert check_of(verdict, "validity").status == "failed"
    assert verdict.display.issued is None or claim != "iat"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_a_jwt_date_is_a_failed_date_not_a_crash(constant):
    head = b64url_encode(json.dumps({"alg": "EdDSA", "kid": METHOD}).encode())
    body = b64url_encode(f'{{"vc": {json.dumps(ob3_credential(DID))}, "nbf": {constant}}}'.encode())
    sig = b64url_encode(KEY.sign(f"{head}.{body}".encode()))
    verdict = verdict_of(f"{head}.{body}.{sig}")
    assert check_of(verdict, "proof").status == "passed"
    assert check_of(verdict, "validity").status == "failed"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_a_json_credential_is_not_json(constant):
    with pytest.raises(MalformedInput, match="not allowed in JSON"):
        verify(b'{"@context": [], "a": ' + constant.encode() + b"}", options())


def test_result_description_that_is_an_object_reaches_the_display():
    doc = ob3_credential(DID)
    doc["credentialSubject"]["result"] = [{"resultDescription": {"id": "x"}, "value": "A"}]
    doc["credentialSubject"]["achievement"]["resultDescription"] = [{"id": ["x"], "name": "Grade"}]
    verdict = verdict_of(sign_eddsa_jcs_2022(doc, KEY, METHOD, "2025-01-01T00:00:00Z"))
    assert check_of(verdict, "proof").status == "passed"
    assert [r.value for r in verdict.display.results] == ["A"]


def test_status_entry_type_that_is_a_list_could_not_be_checked():
    doc = ob3_credential(DID)
    doc["credentialStatus"] = {"id": "https://example.org/s#1", "type": ["BitstringStatusListEntry"]}
    verdict = verdict_of(sign_eddsa_rdfc_2022(doc, KEY, METHOD, "2025-01-01T00:00:00Z"))
    assert check_of(verdict, "status").status == "could_not_check"


@pytest.mark.parametrize("url", BAD_URLS)
def test_https_fetcher_refuses_a_malformed_url_with_a_fetch_error(url):
    # every one of these fails while the URL is read, before any DNS or connection
    with pytest.raises(FetchError):
        HttpsFetcher().fetch(url)


@pytest.mark.parametrize("url", BAD_URLS)
def test_hosted_assertion_at_a_malformed_url_could_not_be_checked(url):
    verdict = verdict_of(url, fetcher=HttpsFetcher())
    assert verdict.result == "could_not_check"


def test_static_fetcher_refuses_a_malformed_url_with_a_fetch_error():
    with pytest.raises(FetchError):
        StaticFetcher().fetch("https://[::1/")


@pytest.mark.parametrize(
    "did", ["did:web:x%3A99999", "did:web:%3A%3A1", "did:web:a%3Ab%3Ac", "did:web:[::1", "did:web:"]
)
def test_did_web_with_a_malformed_host_is_invalid(did):
    with pytest.raises(KeyInvalid):
        document_url(did)
    doc = ob3_credential(did)
    signed_doc = sign_eddsa_rdfc_2022(doc, KEY, f"{did}#key-1", "2025-01-01T00:00:00Z")
    verdict = verdict_of(signed_doc, fetcher=HttpsFetcher())
    assert verdict.result != "valid"
    assert check_of(verdict, "proof").status == "failed"


def test_did_web_with_a_port_still_resolves_to_its_document_url():
    assert document_url("did:web:example.com%3A8443:u:1") == "https://example.com:8443/u/1/did.json"


def test_deeply_nested_fetched_json_is_refused_not_a_recursion_error():
    did = "did:web:deep.example"
    world = StaticFetcher({"https://deep.example/.well-known/did.json": "[" * 50_000 + "]" * 50_000})
    doc = sign_eddsa_rdfc_2022(ob3_credential(did), KEY, f"{did}#key-1", "2025-01-01T00:00:00Z")
    verdict = verdict_of(doc, fetcher=world)
    assert check_of(verdict, "proof").status == "failed"
    assert "not valid JSON" in check_of(verdict, "proof").reason


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 2000 + "1" + "}" * 2000,
        '{"a": NaN}',
        '{"a": "\\ud800"}',
        b'{"a": "\xff"}',
    ],
)
def test_hostile_json_is_refused_by_the_one_parser(text):
    with pytest.raises(jsonsafe.JsonInputError):
        jsonsafe.loads(text)
    data = text if isinstance(text, bytes) else text.encode()
    with pytest.raises(InputError) as raised:
        verify(data, options())
    assert not isinstance(raised.value, UnreadableInput)


def test_json_parser_keeps_surrogate_pairs_and_moderate_nesting():
    assert jsonsafe.loads('{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}
    assert jsonsafe.loads("[" * 900 + "]" * 900) is not None  # canonicalisation bounds it later


def test_jcs_refuses_deep_nesting_instead_of_recursing_out_of_stack():
    value: list = []
    for _ in range(5000):
        value = [value]
    with pytest.raises(CanonicalizationError):
        jcs(value)
    assert jcs({"b": [1, {"a": None}], "a": "x"}) == b'{"a":"x","b":[1,{"a":null}]}'


class BrokenFetcher:
    """A third-party fetcher that breaks its contract (raises instead of FetchError)."""

    def fetch(self, url: str) -> bytes:
        raise RuntimeError("the fetcher broke")


def test_the_crash_net_turns_an_unforeseen_exception_into_could_not_check():
    verdict = verify(b"https://example.org/assertion", options(fetcher=BrokenFetcher()))
    assert verdict.result == "could_not_check"
    assert [c.code for c in verdict.checks] == [INTERNAL_ERROR]
    assert "RuntimeError" in verdict.checks[0].reason


@pytest.mark.parametrize("iat", [-1e20, 1e20, 1e18, -(10**30)])
def test_presentation_with_an_iat_that_is_not_a_time_fails_freshness(iat):
    holder = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    token = create_vp_jwt([signed()], holder, audience="https://v.example", nonce="n", iat=iat)
    verdict = verify_presentation(token, options(audience="https://v.example", nonce="n"))
    assert next(c for c in verdict.checks if c.check == "freshness").status == "failed"
    assert verdict.result == "invalid"


@pytest.mark.parametrize("encoding", ["ULF-8", "rot13", "idna", "base64"])
def test_svg_declaring_an_encoding_python_cannot_decode_is_malformed(encoding):
    data = f'<?xml version="1.0" encoding="{encoding}"?><svg xmlns="http://www.w3.org/2000/svg"/>'.encode()
    with pytest.raises(MalformedInput, match="encoding"):
        verify(data, options())


@pytest.mark.parametrize("member", ["jws", "signatureValue"])
def test_a_member_added_to_a_data_integrity_proof_breaks_it(member):
    # Found by the fuzz: "jws" and "signatureValue" were left out of every suite's
    # signed proof options, so adding one to a DataIntegrityProof kept it valid.
    doc = signed()
    assert verdict_of(doc).result == "valid"
    doc["proof"][member] = "2025-01-01T00:00:00Z"
    verdict = verdict_of(doc)
    assert check_of(verdict, "proof").status == "failed"
    assert verdict.result == "invalid"
