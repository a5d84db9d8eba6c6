"""Hostile credentials for the canonicalisation bounds (issue 10), built in code.

Each is a well-formed VC 2.0 credential with a DataIntegrityProof
eddsa-rdfc-2022 proof by a did:key and a 64-byte proofValue: the proof need not
be valid, since verification must canonicalise the document before it can
compare the signature. The hostile part is the credential subject, under one
inline ``{"@vocab": …}`` context, so every property is a term.
"""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wallet_core.encoding import multibase_encode_b58
from wallet_core.sign import did_key_for

VOCAB = {"@vocab": "https://hostile.example/vocab#"}
_DID, _VM = did_key_for(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


def credential(**body) -> dict:
    """A credential around ``body`` with a well-formed (but wrong) eddsa-rdfc-2022 proof."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", VOCAB],
        "type": ["VerifiableCredential"],
        "issuer": _DID,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": body,
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2025-01-01T00:00:00Z",
            "verificationMethod": _VM,
            "proofPurpose": "assertionMethod",
            "proofValue": multibase_encode_b58(bytes(64)),
        },
    }


def complete_graph(n: int = 8) -> dict:
    """n blank nodes, each linked to every other one: no first-degree hash tells them
    apart, so URDNA2015 tries every permutation at every level (factorial work)."""
    nodes = [
        {"@id": f"_:n{i}", "link": [{"@id": f"_:n{j}"} for j in range(n) if j != i]}
        for i in range(n)
    ]
    return credential(node=nodes)


def cycles(count: int = 2, length: int = 400) -> dict:
    """``count`` rings of ``length`` blank nodes: all nodes look alike at first degree,
    and the N-degree hash walks each whole ring from every node."""
    nodes = []
    for c in range(count):
        for i in range(length):
            nodes.append({"@id": f"_:r{c}x{i}", "next": {"@id": f"_:r{c}x{(i + 1) % length}"}})
    return credential(node=nodes)


def many_blank_nodes(n: int = 20_000) -> dict:
    """n distinct blank nodes (each with its own literal)."""
    return credential(node=[{"value": i} for i in range(n)])


def long_array(n: int = 300_000) -> dict:
    """One property with an array of n literals."""
    return credential(value=list(range(n)))


def deep_nesting(depth: int = 900) -> dict:
    """Objects nested ``depth`` levels deep (JSON that Python's parser still reads)."""
    inner: dict = {"value": "bottom"}
    for _ in range(depth):
        inner = {"inner": inner}
    return credential(nested=inner)


HOSTILE = {
    "complete graph of 8 blank nodes": complete_graph,
    "two 400-node cycles": cycles,
    "20,000 blank nodes": many_blank_nodes,
    "300,000-item literal array": long_array,
    "nesting 900 deep": deep_nesting,
}


def hostile_bytes(name: str) -> bytes:
    doc = HOSTILE[name]()
    if name == "nesting 900 deep":  # json.dumps itself recurses too deeply for it
        nested = doc["credentialSubject"].pop("nested")
        depth = 0
        while "inner" in nested:
            nested, depth = nested["inner"], depth + 1
        doc["credentialSubject"]["nested"] = "NESTED"
        inner = '{"inner":' * depth + '{"value":"bottom"}' + "}" * depth
        return json.dumps(doc, separators=(",", ":")).replace('"NESTED"', inner).encode()
    return json.dumps(doc, separators=(",", ":")).encode()


def slow_within_bounds(proofs: int = 8) -> dict:
    """Inside every bound on one document, but slow: ~15,000 JSON values in 1,400
    small objects under a chain of ``proofs`` proofs, each made over the document
    with the proof before it, so each canonicalises a different document (about
    0.5 s each) until the per-verification budget stops it after four (~2 s).
    Tests run it against a short deadline."""
    groups = {
        f"group{g}": [{f"field{k}": f"value {g}-{i}-{k}" for k in range(10)} for i in range(28)]
        for g in range(50)
    }
    doc = credential(**groups)
    chain = []
    for i in range(proofs):
        proof = {**doc["proof"], "id": f"urn:proof:{i}"}
        if i:
            proof["previousProof"] = f"urn:proof:{i - 1}"
        chain.append(proof)
    doc["proof"] = chain
    return doc
