"""Sniffing, unbaking and the InputError paths (nothing parsed that is too large)."""

from __future__ import annotations

import json
import struct
import zlib

import pytest

from tests.own_vectors import HOSTILE_SVG, ob3, ob3_jwt_svg, ob3_png, ob3_svg, plain_png
from wallet_core import (
    InputTooLarge,
    MalformedInput,
    NotACredential,
    UnsupportedFormat,
    VerifyOptions,
    verify,
)
from wallet_core.containers import unbake

from .conftest import options


def _png(*chunks: tuple[bytes, bytes]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for ctype, body in list(chunks) + [(b"IEND", b"")]:
        out += (
            struct.pack(">I", len(body))
            + ctype
            + body
            + struct.pack(">I", zlib.crc32(ctype + body))
        )
    return out


def test_oversized_input_is_refused_before_parsing():
    # 20 MB of bytes that would be a parse error if anyone looked at them
    blob = b"{" * (20 * 1024 * 1024)
    with pytest.raises(InputTooLarge) as err:
        verify(blob)
    assert err.value.code == "too_large"


def test_size_limit_is_configurable():
    with pytest.raises(InputTooLarge):
        verify(b'{"a": 1}', VerifyOptions(max_input_bytes=4))


def test_broken_json_is_malformed_with_a_plain_message():
    with pytest.raises(MalformedInput) as err:
        verify(b'{"@context": ["https://www.w3.org/ns/credentials/v2",')
    assert err.value.message.startswith("This file is not valid JSON")


def test_json_without_a_credential_is_not_a_credential():
    with pytest.raises(NotACredential):
        verify(json.dumps({"name": "a shopping list", "items": ["milk"]}).encode())


def test_json_array_is_not_a_credential():
    with pytest.raises(NotACredential):
        verify(b"[1, 2, 3]")


def test_png_without_a_badge_is_not_a_credential():
    with pytest.raises(NotACredential) as err:
        verify(plain_png())
    assert "does not contain a badge" in err.value.message


def test_bad_image_png_is_refused():
    # a file named .png that is not a PNG at all but a small JSON object
    with pytest.raises(NotACredential):
        verify(b'{"image": "not really a picture"}')


def test_truncated_png_is_malformed():
    data = ob3_png()
    with pytest.raises(MalformedInput):
        verify(data[: len(data) // 2])


def test_png_with_corrupted_chunk_is_malformed():
    data = bytearray(_png((b"tEXt", b"openbadges\0{}")))
    data[20] ^= 0xFF
    with pytest.raises(MalformedInput):
        verify(bytes(data))


def test_png_itxt_openbadgecredential_is_unbaked():
    result = unbake(ob3_png())
    assert result.container == "png"
    assert json.loads(result.text)["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


def test_png_text_chunk_and_compressed_itxt_are_read():
    assert (
        unbake(_png((b"tEXt", b"openbadges\0https://example.org/a.json"))).text
        == "https://example.org/a.json"
    )
    body = b"openbadgecredential\0\x01\x00\0\0" + zlib.compress(b'{"x": 1}')
    assert unbake(_png((b"iTXt", body))).text == '{"x": 1}'


def test_svg_credential_element_is_unbaked():
    result = unbake(ob3_svg())
    assert result.container == "svg"
    assert json.loads(result.text)["issuer"]["name"] == ob3()["issuer"]["name"]


def test_svg_verify_attribute_holds_a_jwt():
    result = unbake(ob3_jwt_svg())
    assert result.text.startswith("eyJ") and result.text.count(".") == 2


def test_hostile_svg_with_scripts_is_not_a_credential():
    data = HOSTILE_SVG.encode()
    with pytest.raises(NotACredential):
        verify(data)


def test_svg_entity_bomb_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        b"<openbadges:credential>&c;</openbadges:credential></svg>"
    )
    with pytest.raises(MalformedInput):
        verify(bomb)


def test_svg_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        b"<openbadges:credential>&x;</openbadges:credential></svg>"
    )
    with pytest.raises(MalformedInput):
        verify(xxe)


def test_broken_svg_is_malformed():
    with pytest.raises(MalformedInput) as err:
        verify(b'<svg xmlns="http://www.w3.org/2000/svg"><openbadges:credential>')
    assert "not valid XML" in err.value.message


def test_undecodable_jwt_is_malformed():
    with pytest.raises(MalformedInput):
        verify(b"eyJhbGciOiJFZERTQSJ9.!!!notbase64!!!.sig")


def test_unknown_bytes_are_unsupported():
    with pytest.raises(UnsupportedFormat):
        verify(b"GIF89a\x01\x00\x01\x00")


def test_verdict_carries_container_credential_text_and_clock(opts=None):
    verdict = verify(ob3_png(), options())
    assert verdict.container == "png"
    assert json.loads(verdict.credential)["id"] == ob3()["id"]
    assert verdict.checked_at == "2025-06-01T12:00:00Z"
