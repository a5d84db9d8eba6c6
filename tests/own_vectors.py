"""The project's own small test credentials, made at test time (no other
project's files): what the tests verify, import, share and tamper with.

- ``ob3()``: an Open Badges 3.0 credential issued by Digital Bazaar's
  ``@digitalbazaar/vc`` (eddsa-rdfc-2022, did:key) through
  ``tests/oracle/eddsa_issue.mjs`` — Satchel verifies a credential it did not
  sign. ``ob3_expired()`` is the same library's credential whose ``validUntil``
  has passed, ``ob3_second()`` another of its credentials.
- ``ob3_png()`` / ``ob3_svg()``: ``ob3()`` baked by Satchel's issuer
  (``server/issuer/baking.py``).
- ``ob3_jwt()`` (and ``ob3_jwt_svg()``, baked in an SVG's ``verify`` attribute): a VC-JWT (EdDSA, did:key) signed in ``tests/unit/test_vc_jwt.py``
  from the VC-JOSE text.
- ``did_web_ob3()``: a credential whose issuer is a did:web (offline, its key
  cannot be resolved: "could not check").
- ``clr()``: a CLR 2.0 transcript of six achievement credentials (a diploma
  with an endorsement, courses, one with a letter grade, a badge), written here.
- ``plain_png()``: a PNG that carries no credential; ``HOSTILE_SVG``: an SVG
  with scripts and event handlers, which must never run.
"""

from __future__ import annotations

import io
import json
import subprocess
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

REPO = Path(__file__).resolve().parent.parent
ISSUE_SCRIPT = REPO / "tests" / "oracle" / "eddsa_issue.mjs"
VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB3_ANY = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
CLR2 = "https://purl.imsglobal.org/spec/clr/v2p0/context.json"
DATA_INTEGRITY = "https://w3id.org/security/data-integrity/v2"
CREATED = "2025-01-01T00:00:00Z"

OB3_NAME = "Teamwork in Practice"
OB3_ISSUER = "Harbour Skills Centre"


def _badge(**dates) -> dict:
    return {
        "@context": [VC2, OB3],
        "id": "urn:uuid:7d1e3b52-9c4a-4f0e-b1d6-2a8c5e9f0b13",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:replaced", "type": ["Profile"], "name": OB3_ISSUER},
        "name": OB3_NAME,
        "validFrom": "2024-01-01T00:00:00Z",
        **dates,
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://harbour.example/achievements/teamwork",
                "type": ["Achievement"],
                "name": OB3_NAME,
                "description": "Plans and delivers a project with a team of four.",
                "criteria": {"narrative": "Assessed on a group project and a reflective log."},
                "creditsAvailable": 2,
            },
        },
    }


def ob3_unsigned() -> dict:
    """The OB 3.0 credential ``ob3()`` signs, before signing (issuer and subject to fill in)."""
    return _badge()


def _second() -> dict:
    badge = _badge()
    badge["id"] = "urn:uuid:0c4f8a27-6b3e-4d19-a5f2-8e7d1c9b3a64"
    badge["name"] = badge["credentialSubject"]["achievement"]["name"] = "Digital Safety"
    badge["credentialSubject"]["achievement"]["id"] = "https://harbour.example/achievements/safety"
    return badge


@cache
def _theirs() -> tuple[dict, dict, dict]:
    requests = [
        {"op": "issue", "credential": _second(), "suite": "eddsa-rdfc-2022", "seed": "33" * 32},
        {"op": "issue", "credential": _badge(), "suite": "eddsa-rdfc-2022", "seed": "33" * 32},
        {"op": "issue", "credential": _badge(validUntil="2024-12-31T00:00:00Z"),
         "suite": "eddsa-rdfc-2022", "seed": "33" * 32},
    ]
    out = subprocess.run(
        ["node", str(ISSUE_SCRIPT)], input=json.dumps({"requests": requests}),
        capture_output=True, text=True, cwd=REPO, check=True, timeout=120,
    )
    answers = json.loads(out.stdout)
    for answer in answers:
        assert "failed" not in answer, answer["failed"]
    return answers[1]["credential"], answers[2]["credential"], answers[0]["credential"]


def ob3() -> dict:
    return json.loads(json.dumps(_theirs()[0]))


def ob3_expired() -> dict:
    return json.loads(json.dumps(_theirs()[1]))


def ob3_second() -> dict:
    """Another credential from the same library and issuer ("Digital Safety")."""
    return json.loads(json.dumps(_theirs()[2]))


def ob3_bytes() -> bytes:
    return json.dumps(ob3()).encode()


def ob3_png() -> bytes:
    from server.issuer.baking import baked_png

    credential = ob3()
    return baked_png(credential, credential["id"])


def ob3_svg() -> bytes:
    from server.issuer.baking import baked_svg

    return baked_svg(ob3(), OB3_NAME)


def ob3_jwt() -> str:
    from tests.unit.test_vc_jwt import eddsa_jwt

    return eddsa_jwt()


def ob3_jwt_svg() -> bytes:
    """An SVG whose ``<openbadges:credential verify="…">`` attribute holds ``ob3_jwt()``
    (the OB 3.0 baking text's second form)."""
    from server.issuer.baking import OB3_SVG_NS

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB3_SVG_NS}" width="40" height="40">'
        f'<openbadges:credential verify="{ob3_jwt()}"/><circle cx="20" cy="20" r="18"/></svg>'
    ).encode()


def did_web_ob3() -> dict:
    from wallet_core.sign import sign_eddsa_rdfc_2022

    key = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
    did = "did:web:issuer.harbour.example"
    credential = _badge()
    credential["issuer"]["id"] = did
    return sign_eddsa_rdfc_2022(credential, key, f"{did}#key-1", CREATED)


def plain_png() -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make("no credential here", error="m").save(buffer, kind="png", scale=2)
    return buffer.getvalue()


HOSTILE_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:ev="http://www.w3.org/2001/xml-events" width="120" height="120" onload="alert('onload')">
  <script type="text/javascript">alert('script element');</script>
  <circle cx="60" cy="60" r="50" fill="#0a7" onclick="alert('onclick')"/>
  <a href="javascript:alert('link')"><text x="20" y="65">Badge</text></a>
  <handler type="application/ecmascript" ev:event="load">alert('handler')</handler>
  <animation xlink:href="javascript:alert('animation')"/>
  <foreignObject width="120" height="120"><body xmlns="http://www.w3.org/1999/xhtml">
    <img src="x" onerror="alert('onerror')"/></body></foreignObject>
</svg>
"""

# --- a CLR 2.0 transcript --------------------------------------------------------

CLR_HOLDER = "Mei Lin Chan"
CLR_ISSUER = "Harbour Community College"
CLR_ENDORSER = "Harbour Health Council"
CLR_PARTS = [
    # (name, achievementType)
    ("Certificate in Community Care", "Diploma"),
    ("Health Literacy 1", "Course"),
    ("Human Biology", "Course"),
    ("Introduction to Care Work", "Course"),
    ("First Aid at Work", "Course"),
    ("Harbour Health Council - Certified Care Assistant", "Badge"),
]
GRADE = "urn:uuid:5b0d2c7e-1f3a-4e8b-9c6d-0a1b2c3d4e01"


def _clr_part(index: int, name: str, kind: str, issuer: dict, subject: str) -> dict:
    achievement = {
        "id": f"urn:uuid:5b0d2c7e-1f3a-4e8b-9c6d-0a1b2c3d4f{index:02d}",
        "type": "Achievement",
        "name": name,
        "description": f"{name}: taught and assessed at {CLR_ISSUER}.",
        "achievementType": kind,
        "criteria": {"narrative": f"Completed {name} and its assessment."},
    }
    subject_doc = {"id": subject, "type": "AchievementSubject", "achievement": achievement}
    if index == 0:
        achievement["endorsement"] = [{
            "@context": [VC1, OB3_ANY],
            "id": "urn:uuid:5b0d2c7e-1f3a-4e8b-9c6d-0a1b2c3d4e02",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": {"id": "urn:uuid:5b0d2c7e-1f3a-4e8b-9c6d-0a1b2c3d4e03", "type": "Profile",
                       "name": CLR_ENDORSER},
            "issuanceDate": "2023-08-01T00:00:00Z",
            "credentialSubject": {"id": achievement["id"], "type": "EndorsementSubject",
                                  "endorsementComment": "Recognised preparation for care assistants."},
        }]
    if index == 1:
        achievement["resultDescription"] = [
            {"id": GRADE, "type": "ResultDescription", "name": "Grade", "resultType": "LetterGrade"}
        ]
        subject_doc["result"] = [{"type": "Result", "resultDescription": GRADE, "value": "A"}]
    return {
        "@context": [VC1, OB3_ANY],
        "id": f"https://college.harbour.example/credentials/{index + 1}",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": issuer,
        "issuanceDate": "2025-06-30T00:00:00Z",
        "name": name,
        "credentialSubject": subject_doc,
    }


def clr_document(subject: str, parts: int | None = None) -> dict:
    """The unsigned transcript (``parts`` repeats the six achievements to that many)."""
    issuer = {"id": "did:example:replaced", "type": "Profile", "name": CLR_ISSUER,
              "url": "https://college.harbour.example/"}
    count = len(CLR_PARTS) if parts is None else parts
    nested = []
    for i in range(count):
        name, kind = CLR_PARTS[i % len(CLR_PARTS)]
        part = _clr_part(i % len(CLR_PARTS), name, kind, issuer, subject)
        part["id"] += f"-{i}" if i >= len(CLR_PARTS) else ""
        nested.append(part)
    return {
        "@context": [VC1, CLR2, OB3_ANY, DATA_INTEGRITY],
        "id": "urn:uuid:5b0d2c7e-1f3a-4e8b-9c6d-0a1b2c3d4e10",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": issuer,
        "issuanceDate": "2025-07-01T00:00:00Z",
        "name": CLR_HOLDER,
        "credentialSubject": {"id": subject, "type": "ClrSubject", "verifiableCredential": nested},
    }


def clr(subject: str = "did:example:meilin", parts: int | None = None) -> dict:
    """The transcript issued to ``subject``, signed (eddsa-rdfc-2022) by a did:key issuer."""
    from wallet_core.sign import did_key_for, sign_eddsa_rdfc_2022

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did, vm = did_key_for(key)
    doc = clr_document(subject, parts)
    doc["issuer"]["id"] = did
    for part in doc["credentialSubject"]["verifiableCredential"]:
        part["issuer"] = doc["issuer"]
    return sign_eddsa_rdfc_2022(doc, key, vm, CREATED)


# --- an Open Badges 2.0 hosted assertion and the web it lives on ---------------

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB2_HOST = "https://badges.harbour.example"
OB2_ASSERTION = f"{OB2_HOST}/assertions/robotics-7.json"
OB2_BADGE = f"{OB2_HOST}/badges/robotics.json"
OB2_ISSUER = f"{OB2_HOST}/issuer.json"
OB2_ISSUER_NAME = "Harbour Makers Club"
OB2_BADGE_NAME = "Robotics Builder"
OB2_ENDORSER = f"{OB2_HOST}/endorsers/guild.json"


def ob2_hosted(**changes) -> dict:
    """A hosted OB 2.0 assertion (hashed e-mail recipient); ``changes`` replace fields."""
    doc = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": OB2_ASSERTION,
        "recipient": {"type": "email", "hashed": True, "salt": "harbour",
                      "identity": "sha256$" + "5e" * 32},
        "badge": OB2_BADGE,
        "issuedOn": "2024-03-01T00:00:00Z",
        "verification": {"type": "hosted"},
    }
    doc.update(changes)
    return doc


def ob2_badge_class(**changes) -> dict:
    doc = {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": OB2_BADGE,
        "name": OB2_BADGE_NAME,
        "description": "Built and programmed a line-following robot.",
        "image": f"{OB2_HOST}/badges/robotics.png",
        "criteria": f"{OB2_HOST}/badges/robotics-criteria.html",
        "issuer": OB2_ISSUER,
        "alignment": [{"targetName": "Programming", "targetUrl": "https://skills.example/programming"}],
    }
    doc.update(changes)
    return doc


def ob2_endorsement(index: int, claim_id: str, comment: str) -> dict:
    return {
        "@context": OB2_CONTEXT,
        "type": "Endorsement",
        "id": f"{OB2_HOST}/endorsements/{index}.json",
        "claim": {"id": claim_id, "endorsementComment": comment},
        "issuedOn": "2024-02-01T00:00:00Z",
        "issuer": OB2_ENDORSER,
        "verification": {"type": "HostedBadge"},
    }


def ob2_world(*served: dict | bytes, badge: dict | None = None):
    """A StaticFetcher serving the issuer, the badge class, an endorser and each
    ``served`` assertion at its own id (what a hosted assertion's web looks like)."""
    from wallet_core.fetcher import StaticFetcher

    issuer = {"@context": OB2_CONTEXT, "type": "Issuer", "id": OB2_ISSUER, "name": OB2_ISSUER_NAME,
              "url": OB2_HOST, "email": "badges@harbour.example"}
    endorser = {"@context": OB2_CONTEXT, "type": "Issuer", "id": OB2_ENDORSER,
                "name": "Harbour Engineering Guild", "url": "https://guild.example"}
    docs = {OB2_ISSUER: json.dumps(issuer), OB2_BADGE: json.dumps(badge or ob2_badge_class()),
            OB2_ENDORSER: json.dumps(endorser)}
    for item in served:
        doc = json.loads(item) if isinstance(item, bytes) else item
        docs[doc["id"]] = json.dumps(doc)
    return StaticFetcher(docs)


# --- a Data Integrity proof set and chain, signed from the spec text ------------


def _independent_rdfc(doc: dict) -> bytes:
    """RDFC-1.0 N-Quads by PyLD with the bundled contexts read as files (not
    wallet_core's canonicaliser)."""
    from tests.issuer.wallet import _canon

    return _canon(doc)


def _independent_proof(document: dict, key: Ed25519PrivateKey, vm: str, proof_id: str,
                       previous: list[str] | None = None) -> dict:
    """vc-di-eddsa eddsa-rdfc-2022 "Add Proof": hash the proof options and the
    document (for a chained proof, the document with the proofs it follows)."""
    import hashlib

    from tests.issuer.wallet import b58

    proof = {"id": proof_id, "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
             "created": CREATED, "verificationMethod": vm, "proofPurpose": "assertionMethod"}
    if previous:
        proof["previousProof"] = previous if len(previous) > 1 else previous[0]
    options = {**proof, "@context": document["@context"]}
    data = hashlib.sha256(_independent_rdfc(options)).digest() + hashlib.sha256(
        _independent_rdfc(document)).digest()
    return {**proof, "proofValue": "z" + b58(key.sign(data))}


CHAIN_IDS = ("urn:uuid:3a8e0b1c-1111-4d2e-9f00-000000000001",
             "urn:uuid:3a8e0b1c-2222-4d2e-9f00-000000000002",
             "urn:uuid:3a8e0b1c-3333-4d2e-9f00-000000000003")


def proof_chain() -> dict:
    """``ob3_unsigned()`` with a proof set and a chain: proofs 0 and 1 over the
    credential, proof 2 (``previousProof`` [0, 1]) over the credential with them."""
    from wallet_core.sign import did_key_for  # did:key text only

    key = Ed25519PrivateKey.from_private_bytes(bytes([9]) * 32)
    did, vm = did_key_for(key)
    doc = ob3_unsigned()
    doc["issuer"]["id"] = did
    first = [_independent_proof(doc, key, vm, CHAIN_IDS[0]), _independent_proof(doc, key, vm, CHAIN_IDS[1])]
    chained = _independent_proof({**doc, "proof": first}, key, vm, CHAIN_IDS[2], list(CHAIN_IDS[:2]))
    return {**doc, "proof": [*first, chained]}


# --- Badgr's own export shapes around an OB 2.0 assertion ------------------------
# Field names as Badgr's API and backpack write them; the values are ours.


def badgr_backpack_badge(assertion: dict) -> dict:
    """A backpack badge as Badgr exports it: its own fields, the assertion under ``json``."""
    return {
        "id": 4821,
        "json": assertion,
        "image": f"{OB2_HOST}/media/robotics-7.png",
        "imagePreview": {"type": "image", "id": f"{OB2_HOST}/media/robotics-7.png"},
        "recipient_identifier": "learner@harbour.example",
        "acceptance": "Accepted",
        "shared_url": "https://backpack.example/public/badges/4821",
        "extensions": {},
    }


def badgr_api_record(open_badge_id: str = OB2_ASSERTION, **changes) -> dict:
    """An assertion record of Badgr's API: Badgr's view, pointing at the hosted assertion."""
    doc = {
        "entityType": "Assertion",
        "entityId": "Zq4Lw0bKTcyT1f0xkUe8Rg",
        "openBadgeId": open_badge_id,
        "createdAt": "2024-03-01T00:00:00Z",
        "badgeclass": "b7Yc3QmPRnS5kX2aVd9uJw",
        "badgeclassOpenBadgeId": OB2_BADGE,
        "issuer": "p1Nf8rTgQwe4Hx7cLm2sZa",
        "issuerOpenBadgeId": OB2_ISSUER,
        "image": f"{OB2_HOST}/media/robotics-7.png",
        "recipient": {"identity": "learner@harbour.example", "hashed": False, "type": "email"},
        "issuedOn": "2024-03-01T00:00:00Z",
        "narrative": None,
        "evidence": [],
        "revoked": False,
        "revocationReason": None,
        "expires": None,
        "extensions": {},
    }
    doc.update(changes)
    return doc


def badgr_api_answer(*records: dict) -> dict:
    """Badgr's API answer around ``records``."""
    return {"status": {"success": True, "description": "ok"}, "result": list(records)}
