"""The fuzz seeds, the way each mutated input is judged, and a fuzz loop.

Seeds are every interop fixture (read in place from the corpora that
``SATCHEL_FIXTURES`` names, served with their offline world; none when they are
absent), our own hosted OB 2.0 assertion with its web and CLR 2.0 transcript
(``tests/own_vectors.py``), plus credentials Satchel signs for real:
OB 3.0 with eddsa-rdfc-2022, eddsa-jcs-2022 and Ed25519Signature2020, a VC-JWT,
an SD-JWT VC with a holder key, and baked PNG and SVG badges of a signed one.

An input passes when ``verify`` returns a verdict (or refuses with an
``InputError``, a clear one-line error), the verdict encodes as JSON, no check
carries the crash net's ``internal_error`` code (the net catches what a format
failed to handle: that is a bug the fuzz must find, not hide), and a signed
credential whose signed content changed is never ``valid``.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import msgspec

from wallet_core import InputError, VerifyOptions, verify
from wallet_core.canonical import jcs, rdfc
from wallet_core.errors import UnreadableInput
from wallet_core.presentations import claimed, verify_presentation
from wallet_core.verdict import Verdict
from wallet_core.verifier import INTERNAL_ERROR

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class _NetHits(logging.Handler):
    """Remembers where the last exception the crash net caught was raised."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.last = _where(record.exc_info[1])


def _where(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno}: {exc}"[:300]


NET_HITS = _NetHits()
_core_log = logging.getLogger("wallet_core")
_core_log.addHandler(NET_HITS)
_core_log.propagate = False  # the fuzz reports net hits itself, once each


AUDIENCE, NONCE = "https://verifier.example/api/v1/shares", "n-fuzz"


@dataclass(frozen=True)
class Seed:
    label: str
    data: bytes
    fetcher: object | None
    signed: bool  # Satchel-signed: a change to its signed content must never verify
    presentation: bool = False  # verified with verify_presentation, not verify


def _options(fetcher) -> VerifyOptions:
    return VerifyOptions(now=lambda: NOW, fetcher=fetcher, audience=AUDIENCE, nonce=NONCE)


@cache
def satchel_seeds() -> tuple[Seed, ...]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from server.issuer.baking import baked_png, baked_svg
    from tests.unit.test_negative import ob3_credential
    from tests.unit.test_vc_jwt import eddsa_jwt
    from wallet_core import sdjwt
    from wallet_core.presentations import create_sd_jwt_presentation, create_vp_jwt
    from wallet_core.sign import (
        did_key_for,
        sign_ed25519_signature_2020,
        sign_eddsa_jcs_2022,
        sign_eddsa_rdfc_2022,
    )

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did, method = did_key_for(key)
    cred = ob3_credential(did)
    created = "2025-01-01T00:00:00Z"
    rdfc_signed = sign_eddsa_rdfc_2022(cred, key, method, created)
    ed2020 = dict(cred, **{"@context": [*cred["@context"], "https://w3id.org/security/suites/ed25519-2020/v1"]})
    holder = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    sd = sdjwt.issue(
        {"name": "Green Finance", "achievement": {"name": "Green Finance", "level": "HKQF 4"}},
        key,
        vct="urn:satchel:achievement",
        disclosable=["name", "achievement.level"],
        iat=1735689600,
        exp=1893456000,
        holder_jwk=sdjwt.ed25519_jwk(holder),
        salt=lambda: b"\x01" * 16,
    )
    seeds = [
        ("satchel/eddsa-rdfc-2022.json", json.dumps(rdfc_signed).encode()),
        ("satchel/eddsa-jcs-2022.json", json.dumps(sign_eddsa_jcs_2022(cred, key, method, created)).encode()),
        ("satchel/ed25519-2020.json", json.dumps(sign_ed25519_signature_2020(ed2020, key, method, created)).encode()),
        ("satchel/vc.jwt", eddsa_jwt().encode()),
        ("satchel/sd-jwt-vc", sd.encode()),
        ("satchel/baked.png", baked_png(rdfc_signed, rdfc_signed["id"])),
        ("satchel/baked.svg", baked_svg(rdfc_signed, "Green finance")),
    ]
    out = []
    for label, data in seeds:
        verdict = verify(data, _options(None))
        assert verdict.result == "valid", (label, verdict.checks)
        out.append(Seed(label, data, None, signed=True))
    iat = int(NOW.timestamp())
    held = json.loads(json.dumps(cred))
    held["credentialSubject"]["id"] = did_key_for(holder)[0]
    held = sign_eddsa_rdfc_2022(held, key, method, created)
    presentations = [
        ("satchel/vp.jwt", create_vp_jwt([held, sd], holder, audience=AUDIENCE, nonce=NONCE, iat=iat)),
        ("satchel/sd-jwt+kb", create_sd_jwt_presentation(
            sd, ["name"], holder, audience=AUDIENCE, nonce=NONCE, iat=iat)),
    ]
    for label, text in presentations:
        verdict = verify_presentation(text, _options(None))
        assert verdict.result == "valid", (label, verdict.checks)
        out.append(Seed(label, text.encode(), None, signed=True, presentation=True))
    return tuple(out)


@cache
def fixture_seeds() -> tuple[Seed, ...]:
    from tests.own_vectors import clr, ob2_hosted, ob2_world
    from tests.unit.fixture_world import fixture_fetcher, fixture_files

    hosted = json.dumps(ob2_hosted()).encode()
    out = [
        Seed("own/ob2-hosted.json", hosted, ob2_world(hosted), signed=False),
        Seed("own/clr.json", json.dumps(clr()).encode(), None, signed=False),
    ]
    for path in fixture_files():
        data = path.read_bytes()
        if len(data) > 256 * 1024:  # large images: their pixels are never read
            continue
        label = str(path.relative_to(path.parents[2]))
        out.append(Seed(label, data, fixture_fetcher(data), signed=False))
    return tuple(out)


def all_seeds() -> tuple[Seed, ...]:
    return satchel_seeds() + fixture_seeds()


def pick_seed(chooser) -> Seed:
    """Half the inputs start from a Satchel-signed credential or presentation (they reach
    every check), half from the interop fixtures (every format and container)."""
    pool = satchel_seeds() if chooser.below(2) else fixture_seeds()
    return pool[chooser.below(len(pool))]


# --- what a changed signed credential signed ------------------------------------


def _proofs(doc: dict) -> list:
    proof = doc.get("proof")
    return proof if isinstance(proof, list) else [proof]


def signed_content(text: str, original: str) -> object:
    """What the signature(s) of ``original`` cover, computed the same way on ``text``.

    JSON with Data Integrity proofs: the canonical document without its proof and
    the set of each proof's options (JCS for eddsa-jcs-2022, RDFC otherwise). JWT / SD-JWT:
    the issuer JWT's signing input and the set of disclosures (leaving a
    disclosure out is selective disclosure, not a change).
    """
    if original.lstrip().startswith("{"):
        orig_doc = json.loads(original)
        canon = jcs if _proofs(orig_doc)[0].get("cryptosuite") == "eddsa-jcs-2022" else rdfc
        doc = json.loads(text)
        body = {k: v for k, v in doc.items() if k != "proof"}
        configs = []
        for proof in _proofs(doc):
            config = {k: v for k, v in proof.items() if k != "proofValue"}
            config["@context"] = doc.get("@context")
            configs.append(canon(config))
        return ("json", canon(body), frozenset(configs))
    compact, *disclosures = text.strip().split("~")
    head, payload, _sig = compact.split(".")
    return ("jwt", f"{head}.{payload}", frozenset(d for d in disclosures if d))


def changed_signed_content(text: str, original: str) -> bool:
    try:
        new, old = signed_content(text, original), signed_content(original, original)
    except Exception:  # noqa: BLE001 - what was accepted cannot be canonicalised: suspicious
        return True
    # the same signed body (JSON) or signing input (JWT), and nothing but what was
    # signed beside it: proofs that are copies of the original proof (a proof set of
    # identical proofs signs the same thing), or a subset of the disclosures
    return new[0] != old[0] or new[1] != old[1] or not new[2] <= old[2]


# --- judging one input -----------------------------------------------------------


@dataclass
class Finding:
    seed: str
    kind: str  # "crash", "crash_net", "encode", "accepted_tampering"
    detail: str
    data: bytes

    def signature(self) -> str:
        return f"{self.kind}: {self.detail.splitlines()[-1] if self.detail else ''}"


def check_input(
    seed: Seed, data: bytes, original_verdict: Verdict | None = None, stats: Counter | None = None
) -> Finding | None:
    stats = stats if stats is not None else Counter()
    try:
        if seed.presentation:
            try:
                claimed(data)  # what the share API reads before verifying
            except UnreadableInput:
                raise
            except InputError:
                pass
            verdict = verify_presentation(data, _options(seed.fetcher))
        else:
            verdict = verify(data, _options(seed.fetcher))
    except UnreadableInput:
        stats["crash"] += 1
        return Finding(seed.label, "crash_net", NET_HITS.last, data)
    except InputError as exc:
        stats[exc.code] += 1
        if not exc.message or "\n" in exc.message:
            return Finding(seed.label, "unclear_error", repr(exc.message), data)
        return None
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        stats["crash"] += 1
        return Finding(seed.label, "crash", _where(exc), data)
    for check in verdict.checks:
        if check.code == INTERNAL_ERROR:
            stats["crash"] += 1
            return Finding(seed.label, "crash_net", NET_HITS.last or check.reason, data)
    stats[verdict.result] += 1
    try:
        msgspec.json.encode(verdict)
    except Exception as exc:  # noqa: BLE001 - any failure to encode is a finding
        return Finding(seed.label, "encode", f"{type(exc).__name__}: {exc}", data)
    if seed.presentation:
        inner = [c.verdict for c in verdict.credentials]
        if any(c.code == INTERNAL_ERROR for v in inner for c in v.checks):
            stats["crash"] += 1
            return Finding(seed.label, "crash_net", NET_HITS.last, data)
    elif seed.signed and verdict.result == "valid":
        original = original_verdict.credential if original_verdict else None
        if original is not None and changed_signed_content(verdict.credential, original):
            return Finding(seed.label, "accepted_tampering", verdict.credential[:300], data)
    return None


@cache
def original_verdict(seed: Seed) -> Verdict | None:
    if seed.presentation:
        return None
    try:
        return verify(seed.data, _options(seed.fetcher))
    except InputError:
        return None


def fuzz(
    count: int,
    seed_value: int = 0,
    *,
    on_finding: Callable[[Finding], None] | None = None,
    stats: Counter | None = None,
) -> tuple[int, list[Finding], float]:
    """Run ``count`` mutated inputs from a seeded RNG: (inputs, findings, seconds)."""
    import random

    from tests.fuzz.mutate import RandomChooser, mutate

    rng = random.Random(seed_value)
    chooser = RandomChooser(rng)
    findings: list[Finding] = []
    all_seeds()  # build the seeds before the clock starts
    start = time.perf_counter()
    for _ in range(count):
        seed = pick_seed(chooser)
        data = mutate(seed.data, chooser)
        finding = check_input(seed, data, original_verdict(seed), stats)
        if finding is not None:
            findings.append(finding)
            if on_finding:
                on_finding(finding)
    return count, findings, time.perf_counter() - start
