"""The in-person QR text SVP2 (docs/api.md): wallet_core/presentations/qr.py and the PWA's
pwa/src/wallet/present.js (run in Node) read each other's codes, single and in parts, and
still read SVP1; damaged, mixed or incomplete parts are refused."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest

from tests.unit.test_presentations import AUD, HOLDER, NONCE, T, ob3, options, sd_jwt, vp
from wallet_core.errors import InputTooLarge, MalformedInput
from wallet_core.presentations import (
    create_sd_jwt_presentation,
    create_vp_jwt,
    qr_decode,
    qr_encode,
    qr_encode_parts,
    qr_encode_v1,
    qr_join,
    verify_presentation,
)

HERE = Path(__file__).resolve().parent
B45 = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def kb():
    return create_sd_jwt_presentation(sd_jwt(), ["sub", "achievement.level"], HOLDER, audience=AUD, nonce=NONCE, iat=T)


def presentations() -> dict[str, str]:
    return {
        "SD-JWT+KB": kb(),
        "VP-JWT, one OB3": vp(),
        "VP-JWT, one SD-JWT": create_vp_jwt([kb()], HOLDER, audience=AUD, nonce=NONCE, iat=T),
        "VP-JWT, two credentials": vp([ob3(rdfc=True), copy.deepcopy(kb())]),
    }


def node(job: dict) -> dict:
    out = subprocess.run(["node", str(HERE / "qr_svp2.mjs")], input=json.dumps(job), capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_python_round_trip_is_smaller_than_svp1_and_alphanumeric():
    for name, token in presentations().items():
        packed = qr_encode(token)
        assert packed.startswith("SVP2:") and set(packed[5:]) <= B45, name
        assert qr_decode(packed) == token, name
        assert len(packed) < len(qr_encode_v1(token)), name
        assert verify_presentation(packed, options()).result == "valid", name
    # the case of the issue: one SD-JWT in a VP-JWT (about 2,000 characters in SVP1)
    assert len(qr_encode(presentations()["VP-JWT, one SD-JWT"])) < 1700


def test_parts_join_in_any_order_and_verify():
    token = presentations()["VP-JWT, two credentials"]
    parts = qr_encode_parts(token)
    assert len(parts) >= 2 and all(len(p) <= 1000 + 20 for p in parts)
    assert all(p.startswith(f"SVP2/{i + 1}/{len(parts)}/") for i, p in enumerate(parts))
    assert qr_join(list(reversed(parts))) == qr_encode(token)
    joined = "\n".join(reversed(parts))
    assert qr_decode(joined) == token
    assert verify_presentation(joined, options()).result == "valid"


def test_incomplete_mixed_or_damaged_parts_are_refused():
    a = qr_encode_parts(presentations()["VP-JWT, two credentials"], part_size=400)
    b = qr_encode_parts(vp([ob3(name="Other")]), part_size=400)
    with pytest.raises(MalformedInput, match="of"):
        qr_join(a[:-1])
    with pytest.raises(MalformedInput):
        qr_join(a[:-1] + b[-1:])
    damaged = a[0][:-3] + ("AAA" if not a[0].endswith("AAA") else "BBB")
    with pytest.raises(MalformedInput, match="fit together"):
        qr_join([damaged, *a[1:]])
    with pytest.raises(MalformedInput):
        qr_join(["SVP2/3/2/ABCDEF:AAA"])


@pytest.mark.parametrize("bad", ["SVP2:", "SVP2:!!", "SVP2:AAAA", "SVP3:AA", "SVP2:" + "0" * 30])
def test_garbage_is_malformed(bad):
    with pytest.raises((MalformedInput, InputTooLarge)):
        qr_decode(bad)


def test_a_decompression_bomb_is_refused():
    import zlib

    from wallet_core.presentations.qr import _b45encode

    d = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = d.compress(b"\x00\x00" + b"A" * 5_000_000) + d.flush()
    with pytest.raises(InputTooLarge):
        qr_decode("SVP2:" + _b45encode(bomb))


def test_the_pwa_and_wallet_core_read_each_others_codes():
    tokens = presentations()
    names = list(tokens)
    py_codes = [qr_encode(t) for t in tokens.values()]
    py_parts = ["\n".join(qr_encode_parts(t, part_size=500)) for t in tokens.values()]
    svp1 = [qr_encode_v1(t) for t in tokens.values()]
    # step 1: the PWA decodes wallet_core's SVP2 (single and parts) and SVP1 texts
    out = node({"encode": list(tokens.values()), "decode": py_codes + py_parts + svp1, "partSize": 500})
    expected = list(tokens.values()) * 3
    for i, (got, want) in enumerate(zip(out["decoded"], expected, strict=True)):
        assert got == want, f"PWA decoding {names[i % len(names)]} (#{i})"
    # step 2: wallet_core decodes the PWA's parts, joined in reverse order
    for name, parts, token in zip(names, out["encoded"], tokens.values(), strict=True):
        assert all(p.startswith("SVP2") and set(p.split(":", 1)[1]) <= B45 for p in parts), name
        assert qr_decode("\n".join(reversed(parts))) == token, f"wallet_core decoding the PWA's {name}"
    # step 3: the PWA refuses damaged and incomplete codes
    bad = node({"decode": ["SVP2:!!", out["encoded"][3][0], "SVP2:" + "0" * 30]})["decoded"]
    assert all(isinstance(b, dict) and b["error"] for b in bad), bad
