"""wallet_core.vp_ldp's own rules, on presentations made here (the interop tests
in tests/oid4vp_interop_verifier make them with @digitalbazaar/vc): the proof
purpose, challenge, domain, the signer being the holder, the holder being the
credential's subject, freshness; eddsa-rdfc-2022, eddsa-jcs-2022 and ecdsa-rdfc-2019 (P-256) holder keys."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.vectors import make_presentations as mk
from wallet_core import VerifyOptions
from wallet_core.canonical import jcs, rdfc
from wallet_core.dids.did_key import did_key_from_ec_public
from wallet_core.encoding import multibase_encode_b58
from wallet_core.errors import MalformedInput, NotACredential
from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022
from wallet_core.suites import ecdsa_rdfc_2019
from wallet_core.suites.data_integrity import hash_data
from wallet_core.suites.ecdsa import sign_p1363
from wallet_core.vp_ldp import expanded_types, verify_ldp_presentation

V2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
AUD = "decentralized_identifier:did:web:employer.example"
NONCE = "n-0123456789"


def stamp(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Holder:
    def __init__(self, curve: str = "ed25519"):
        self.curve = curve
        if curve in ("ed25519", "jcs"):
            self.key = Ed25519PrivateKey.generate()
            self.did, self.method = did_key_for(self.key)
        else:
            self.key = ec.generate_private_key(ec.SECP256R1())
            self.did = did_key_from_ec_public(self.key.public_key())
            self.method = f"{self.did}#{self.did[len('did:key:'):]}"

    def sign(self, vp: dict, *, purpose="authentication", challenge=NONCE, domain=AUD, created=NOW, method=None) -> dict:
        document = {k: v for k, v in vp.items() if k != "proof"}
        suite = {"ed25519": "eddsa-rdfc-2022", "jcs": "eddsa-jcs-2022", "p256": "ecdsa-rdfc-2019"}[self.curve]
        proof = {"type": "DataIntegrityProof", "cryptosuite": suite, "created": stamp(created),
                 "verificationMethod": method or self.method, "proofPurpose": purpose, "challenge": challenge, "domain": domain}
        if self.curve == "ed25519":
            sig = self.key.sign(hash_data(document, proof, lambda d: rdfc(d).encode("utf-8")))
        elif self.curve == "jcs":  # what Satchel's own wallet signs with
            sig = self.key.sign(hash_data(document, proof, jcs))
        else:
            sig = sign_p1363(self.key, ecdsa_rdfc_2019.hash_data(document, proof, hashes.SHA256, None))
        return {**document, "proof": {**proof, "proofValue": multibase_encode_b58(sig)}}


ISSUER = Ed25519PrivateKey.generate()
ISSUER_DID, ISSUER_METHOD = did_key_for(ISSUER)


def credential_for(subject: str) -> dict:
    doc = {
        "@context": [V2, OB3],
        "id": "urn:uuid:7f1c0b2e-1111-4c3a-9d55-3a2f1d0e0001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER_DID, "type": ["Profile"], "name": "A college"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "AI Foundations",
        "credentialSubject": {
            "id": subject, "type": ["AchievementSubject"],
            "achievement": {"id": "https://college.example/a/1", "type": ["Achievement"], "name": "AI Foundations",
                            "description": "d", "criteria": {"narrative": "c"}},
        },
    }
    return sign_eddsa_rdfc_2022(doc, ISSUER, ISSUER_METHOD, "2026-01-01T00:00:00Z")


def vp_of(holder: Holder, credential: dict | None = None, *, named: str | None = None) -> dict:
    return {"@context": [V2], "type": ["VerifiablePresentation"], "holder": named or holder.did,
            "verifiableCredential": [credential or credential_for(holder.did)]}


def options(**kw) -> VerifyOptions:
    return VerifyOptions(audience=AUD, nonce=NONCE, now=lambda: NOW, **kw)


def checks(verdict) -> dict:
    return {c.check: c.status for c in verdict.checks}


@pytest.mark.parametrize("curve", ["ed25519", "jcs", "p256"])
def test_holder_signed_presentation_is_valid(curve):
    holder = Holder(curve)
    verdict = verify_ldp_presentation(holder.sign(vp_of(holder)), options())
    assert verdict.format == "ldp-vp" and verdict.holder == holder.did
    assert checks(verdict) == {"holder_signature": "passed", "audience": "passed", "nonce": "passed", "freshness": "passed"}
    assert verdict.credentials[0].holder_binding.status == "passed"
    assert verdict.result == "valid", verdict


@pytest.mark.parametrize(
    ("change", "check"),
    [
        (lambda h, vp: h.sign(vp, purpose="assertionMethod"), "holder_signature"),
        (lambda h, vp: h.sign(vp, challenge="other"), "nonce"),
        (lambda h, vp: h.sign(vp, domain="redirect_uri:https://elsewhere.example/cb"), "audience"),
        (lambda h, vp: h.sign(vp, created=NOW - timedelta(hours=2)), "freshness"),
        (lambda h, vp: h.sign(vp, created=NOW + timedelta(hours=2)), "freshness"),
        (lambda h, vp: {**h.sign(vp), "holder": Holder().did}, "holder_signature"),  # named holder is not the signer
        (lambda h, vp: {**h.sign(vp), "holder": 7}, "holder_signature"),
        (lambda h, vp: {**h.sign(vp), "id": "urn:uuid:added-after-signing"}, "holder_signature"),
        (lambda h, vp: {**h.sign(vp), "proof": [h.sign(vp)["proof"]] * 2}, "holder_signature"),
        (lambda h, vp: {k: v for k, v in h.sign(vp).items() if k != "proof"}, "holder_signature"),
        (lambda h, vp: Holder().sign(vp, method=h.method), "holder_signature"),  # another key under the holder's id
    ],
)
def test_bad_presentations_fail_the_check_that_says_why(change, check):
    holder = Holder()
    verdict = verify_ldp_presentation(change(holder, vp_of(holder)), options())
    assert checks(verdict)[check] == "failed", verdict.checks
    assert verdict.result == "invalid"


def test_presented_by_someone_other_than_the_subject():
    subject, other = Holder(), Holder()
    verdict = verify_ldp_presentation(other.sign(vp_of(other, credential_for(subject.did))), options())
    assert checks(verdict)["holder_signature"] == "passed"
    assert verdict.credentials[0].holder_binding.status == "failed"
    assert verdict.result == "invalid"


def test_tampered_credential_is_invalid_even_when_the_holder_signed_it():
    holder = Holder()
    cred = copy.deepcopy(credential_for(holder.did))
    cred["credentialSubject"]["achievement"]["name"] = "Something else"
    verdict = verify_ldp_presentation(holder.sign(vp_of(holder, cred)), options())
    assert checks(verdict)["holder_signature"] == "passed"
    assert verdict.credentials[0].verdict.result == "invalid"
    assert verdict.result == "invalid"


def test_no_expected_nonce_or_audience_is_never_passed():
    holder = Holder()
    verdict = verify_ldp_presentation(holder.sign(vp_of(holder)), VerifyOptions(now=lambda: NOW))
    assert checks(verdict)["nonce"] == "could_not_check" and checks(verdict)["audience"] == "could_not_check"
    assert verdict.result != "valid"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"not json", MalformedInput),
        (b"[]", MalformedInput),
        (b'{"type": ["VerifiableCredential"]}', NotACredential),
        (b'{"type": ["VerifiablePresentation"]}', NotACredential),
        (b'{"type": ["VerifiablePresentation"], "verifiableCredential": ["a.b.c"]}', MalformedInput),
    ],
)
def test_not_a_presentation_is_an_input_error(data, error):
    with pytest.raises(error):
        verify_ldp_presentation(data, options())


def test_expanded_types():
    assert expanded_types({"@context": [V2, OB3], "type": ["VerifiableCredential", "OpenBadgeCredential"]}) == [
        "https://www.w3.org/2018/credentials#VerifiableCredential",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
    ]
    assert expanded_types({"@context": [V2, "https://unknown.example/ctx"], "type": ["VerifiableCredential"]}) is None
    assert expanded_types({"@context": [V2], "type": []}) is None


def test_in_the_worker_pool_a_slow_presentation_is_stopped_and_input_errors_are_raised():
    """server/verify/pool.py: the ldp_presentation job has the deadline of every job."""
    import json

    from server.verify.pool import PoolSettings
    from tests.api.test_verify_pool import SLOW, _with_pool, run

    holder = Holder()
    slow = {"@context": [V2], "type": ["VerifiablePresentation"], "verifiableCredential": [json.loads(SLOW)]}
    good = holder.sign(vp_of(holder), created=datetime.now(UTC))

    async def body(pool):
        with pytest.raises(MalformedInput):
            await pool.verify_ldp_presentation(b"not json", AUD, NONCE)
        stopped = await pool.verify_ldp_presentation(json.dumps(slow).encode(), AUD, NONCE)
        after = await pool.verify_ldp_presentation(json.dumps(good).encode(), AUD, NONCE)
        return stopped, after, pool.killed

    stopped, after, killed = run(_with_pool(PoolSettings(workers=1, timeout=1.0), body))
    assert stopped.result == "could_not_check" and stopped.checks[0].code == "verify.timeout"
    assert killed == 1
    assert after.result == "valid", after


# --- a learner's record file (decision D29) ------------------------------------------------


def record_of(holder: Holder, *entries, ob2: list[str] = (), created=NOW - timedelta(days=400), **extra) -> dict:
    """A Satchel record as the wallet signs it: eddsa-jcs-2022, authentication, no challenge or domain."""
    vp = {"@context": [V2], "id": "urn:uuid:5b1c", "type": ["VerifiablePresentation", "SatchelRecord"],
          "holder": holder.did, "verifiableCredential": list(entries), **({"openBadges2": list(ob2)} if ob2 else {})}
    proof = {"@context": [V2], "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": stamp(created),
             "verificationMethod": holder.method, "proofPurpose": "authentication", **extra}
    sig = holder.key.sign(hash_data(vp, proof, jcs))
    return {**vp, "proof": {**proof, "proofValue": multibase_encode_b58(sig)}}


def enveloped(text: str, media: str = "application/vc+jwt") -> dict:
    return {"@context": V2, "id": f"data:{media},{text}", "type": "EnvelopedVerifiableCredential"}


def test_a_year_old_record_is_could_not_check_never_valid_and_never_stale():
    holder = Holder("jcs")
    verdict = verify_ldp_presentation(record_of(holder, credential_for(holder.did)), VerifyOptions(now=lambda: NOW))
    assert [(c.check, c.status, c.code) for c in verdict.checks] == [
        ("holder_signature", "passed", "presentation.holder_signed"),
        ("audience", "could_not_check", "presentation.record_audience"),
        ("nonce", "could_not_check", "presentation.record_replay"),
        ("freshness", "passed", "presentation.record_signed"),
    ]
    assert verdict.credentials[0].result == "valid"
    assert verdict.result == "could_not_check"
    # whatever audience and nonce the caller expects: a file answers no one
    assert verify_ldp_presentation(record_of(holder, credential_for(holder.did)), options()).result == "could_not_check"


@pytest.mark.parametrize(("extra", "code"), [
    ({"created": NOW + timedelta(hours=2)}, "presentation.future"),
    ({"expires": stamp(NOW - timedelta(days=1))}, "presentation.expired"),
    ({"expires": "next year"}, "presentation.expired"),
])
def test_a_record_from_the_future_or_expired_fails_freshness(extra, code):
    holder = Holder("jcs")
    created = extra.pop("created", NOW - timedelta(days=1))
    verdict = verify_ldp_presentation(record_of(holder, credential_for(holder.did), created=created, **extra),
                                      VerifyOptions(now=lambda: NOW))
    fresh = next(c for c in verdict.checks if c.check == "freshness")
    assert (fresh.status, fresh.code) == ("failed", code)
    assert verdict.result == "invalid"


def test_an_enveloped_credential_is_verified_as_the_credential_its_url_holds():
    holder = Holder("jcs")
    jwt = mk.vc_jwt(holder.did)
    verdict = verify_ldp_presentation(record_of(holder, enveloped(jwt)), VerifyOptions(now=lambda: NOW))
    [cred] = verdict.credentials
    assert cred.verdict.credential == jwt and cred.verdict.result == "valid", cred.verdict.checks
    assert cred.holder_binding.code == "holder_binding.subject_match"


@pytest.mark.parametrize("url", ["data:application/vc+jwt;base64,!!!", "https://example.org/vc", "data:no-comma"])
def test_a_damaged_envelope_is_refused_with_a_clear_message(url):
    holder = Holder("jcs")
    record = record_of(holder, {"@context": V2, "id": url, "type": "EnvelopedVerifiableCredential"})
    with pytest.raises(MalformedInput, match="Credential 1 of the presentation"):
        verify_ldp_presentation(record, VerifyOptions(now=lambda: NOW))


def test_a_records_open_badges_2_text_is_verified_and_its_binding_could_not_be_checked():
    holder = Holder("jcs")
    assertion = json.dumps({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
                            "id": "https://badges.invalid/a/1", "recipient": {"type": "email", "hashed": False,
                            "identity": "ada@example.org"}, "badge": "https://badges.invalid/b/1",
                            "issuedOn": "2021-03-04T00:00:00Z", "verification": {"type": "hosted"}})
    verdict = verify_ldp_presentation(record_of(holder, credential_for(holder.did), ob2=[assertion]),
                                      VerifyOptions(now=lambda: NOW, fetcher=None))
    ob2 = verdict.credentials[1]
    assert ob2.verdict.format.startswith("ob2")
    assert (ob2.holder_binding.status, ob2.holder_binding.code) == ("could_not_check", "holder_binding.ob2_recipient")
