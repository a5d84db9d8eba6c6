"""The PWA's OpenID4VCI key choices, run in Node from pwa/src: the P-256 did:key it derives
(`did:key:zDn…`, compressed point) decodes, with wallet_core's own multikey decoder, to the
very key WebCrypto made; and the proof algorithm and key binding follow the issuer's metadata."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from wallet_core.encoding import b64url_decode
from wallet_core.keys import from_multikey

REPO = Path(__file__).resolve().parents[2]
NODE = shutil.which("node") or "node"


def node(script: str):
    out = subprocess.run(
        [NODE, "--input-type=module", "-e", script],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_p256_did_key_is_the_webcrypto_key():
    keys = node(
        f"""const m = await import('{REPO}/pwa/src/wallet/keys.js');
        const ks = await Promise.all(Array.from({{ length: 16 }}, () => m.createP256Key()));
        console.log(JSON.stringify(ks.map((k) => ({{ did: k.did, jwk: k.publicJwk, extractable: k.privateKey.extractable }}))));"""
    )
    parities = set()
    for k in keys:
        assert k["did"].startswith("did:key:zDn") and k["extractable"] is False
        numbers = from_multikey(k["did"].removeprefix("did:key:")).public_numbers()
        assert numbers.x == int.from_bytes(b64url_decode(k["jwk"]["x"]), "big")
        assert numbers.y == int.from_bytes(b64url_decode(k["jwk"]["y"]), "big")
        parities.add(numbers.y & 1)
    assert parities == {0, 1}  # both compressed-point prefixes (02, 03) were exercised


def test_proof_algorithm_and_binding_follow_the_metadata():
    cases = {
        "none advertised": {},
        "ES256 only, jwk": {
            "cryptographic_binding_methods_supported": ["jwk"],
            "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["ES256"]}},
        },
        "ES256 only, did": {
            "cryptographic_binding_methods_supported": ["did:key"],
            "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["ES256"]}},
        },
        "both, jwk": {
            "cryptographic_binding_methods_supported": ["jwk"],
            "proof_types_supported": {
                "jwt": {"proof_signing_alg_values_supported": ["ES256", "EdDSA"]}
            },
        },
        "RS256 only": {
            "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["RS256"]}}
        },
        "no jwt proofs": {
            "proof_types_supported": {
                "attestation": {"proof_signing_alg_values_supported": ["ES256"]}
            }
        },
        "x5c binding only": {"cryptographic_binding_methods_supported": ["cose_key"]},
    }
    got = node(
        f"""const k = await import('{REPO}/pwa/src/wallet/keys.js');
        const o = await import('{REPO}/pwa/src/wallet/oid4vci.js');
        const w = await k.createWalletKeys();
        const wallet = {{ ...w, p256: null }};
        let made = 0;
        const ensure = async () => (made++, (wallet.p256 = w.p256));
        const cases = {json.dumps(cases)};
        const out = {{}};
        for (const [name, config] of Object.entries(cases)) {{
          const key = await o.proofKey(config, wallet, ensure);
          out[name] = key && {{ alg: key.alg, binding: key.binding, p256: key.did === w.p256.did }};
        }}
        out.made = made;
        console.log(JSON.stringify(out));"""
    )
    assert got["none advertised"] == {"alg": "EdDSA", "binding": "did", "p256": False}
    assert got["ES256 only, jwk"] == {"alg": "ES256", "binding": "jwk", "p256": True}
    assert got["ES256 only, did"] == {"alg": "ES256", "binding": "did", "p256": True}
    assert got["both, jwk"] == {"alg": "EdDSA", "binding": "jwk", "p256": False}
    assert (
        got["RS256 only"] is None
        and got["no jwt proofs"] is None
        and got["x5c binding only"] is None
    )
    assert got["made"] == 1  # the P-256 key is made once, when first needed
