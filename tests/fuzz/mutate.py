"""Mutations of credentials: structural (JSON values, keys, nesting) and bytes.

Every choice goes through a ``Chooser`` (``below(n) -> 0..n-1``), so the same
mutators run from a seeded ``random.Random`` (the bench: fast, 100,000 inputs)
and from Hypothesis (the test suite: fixed seed, shrinkable examples).

``mutate(data, chooser)`` recognises the container of ``data`` (JSON, compact
JWT / SD-JWT, PNG, SVG) and changes it the way a hostile or broken issuer might:
a value of the wrong type, a key removed or added, NaN and huge numbers, hostile
URLs and DIDs, deep nesting, invalid UTF-8, flipped bits. For JWTs the header,
payload and disclosures are changed as JSON and re-encoded; for baked PNGs the
credential inside the chunk is changed and the chunk's CRC recomputed, so the
mutation reaches the verifier instead of stopping at the container.
"""

from __future__ import annotations

import base64
import json
import random
import re
import struct
import zlib
from typing import Protocol


class Chooser(Protocol):
    def below(self, n: int) -> int: ...


class RandomChooser:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def below(self, n: int) -> int:
        return self.rng.randrange(n)


class HypothesisChooser:
    """Draws each choice from Hypothesis ``st.data()``, so failures shrink."""

    def __init__(self, data):
        from hypothesis import strategies as st

        self.data = data
        self._st = st

    def below(self, n: int) -> int:
        return self.data.draw(self._st.integers(0, n - 1)) if n > 1 else 0


def pick(ch: Chooser, seq):
    return seq[ch.below(len(seq))]


class Deep:
    """A placeholder for ``depth`` nested arrays or objects (json.dumps would recurse)."""

    def __init__(self, depth: int, kind: str):
        self.depth, self.kind = depth, kind

    def text(self) -> str:
        if self.kind == "list":
            return "[" * self.depth + "]" * self.depth
        return '{"a":' * self.depth + "{}" + "}" * self.depth


HOSTILE_STRINGS = [
    "",
    " ",
    "x" * 3000,
    "\u0000",
    "\ud800",  # a lone surrogate: valid JSON escape, not encodable as UTF-8
    "\u202e\u0301",
    "\U0001f600" * 10,
    "https://x:99999/",
    "https://[::1/",
    "https://a..b/",
    "https://" + "a" * 64 + ".example/",
    "https://" + ".".join(["a" * 63] * 5) + "/",
    "https://example.org:0/",
    "https://-a-.example/",
    "https://\u00e9xample.org/",
    "https://xn--/",
    "http://127.0.0.1/",
    "https://user:pw@example.org/",
    "https:///",
    "https://example.org/#",
    "did:web:a:b:c:d",
    "did:web:example.com%3A99999",
    "did:web:%zz",
    "did:web::",
    "did:web:" + "a" * 64,
    "did:web:[::1",
    "did:key:z",
    "did:key:z6Mk",
    "did:key:zzzzzzzz",
    "did:key:u",
    "did:jwk:eyJ",
    "did:jwk:e30",
    "did:example:123",
    "urn:uuid:nope",
    "_:b0",
    "2025-13-45T99:99:99Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "-999999-01-01T00:00:00Z",
    "2025-01-01T00:00:00+99:99",
    "NaN",
    "-1",
    "1e400",
    "z",
    "u",
    "zQ",
    "eyJ",
    "DataIntegrityProof",
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "ecdsa-sd-2023",
    "Ed25519Signature2020",
    "Ed25519Signature2018",
    "JsonWebSignature2020",
    "EdDSA",
    "ES256",
    "RS256",
    "none",
    "HS256",
    "hosted",
    "signed",
    "HostedBadge",
    "SignedBadge",
    "BitstringStatusListEntry",
    "1EdTechRevocationList",
    "StatusList2021Entry",
    "@context",
    "@id",
    "@type",
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/2018/credentials/v1",
    "https://w3id.org/openbadges/v2",
    "data:image/png;base64,!!!",
    "data:,",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "%s%n",
]

HOSTILE_NUMBERS = [
    0,
    -1,
    1,
    2**31,
    2**53 + 1,
    -(2**63),
    2**64,
    10**30,
    10**400,
    0.5,
    -0.0,
    1e18,
    1e20,
    -1e20,
    1e300,
    float("nan"),
    float("inf"),
    float("-inf"),
    1735689600,
    253402300800,
]

KEYS = [
    "proof",
    "type",
    "@context",
    "@id",
    "@type",
    "@vocab",
    "id",
    "issuer",
    "name",
    "credentialSubject",
    "credentialStatus",
    "credentialSchema",
    "validFrom",
    "validUntil",
    "issuanceDate",
    "expirationDate",
    "issuedOn",
    "expires",
    "nbf",
    "iat",
    "exp",
    "iss",
    "sub",
    "vc",
    "vct",
    "alg",
    "kid",
    "jwk",
    "cnf",
    "crit",
    "_sd",
    "_sd_alg",
    "...",
    "status",
    "status_list",
    "idx",
    "uri",
    "verification",
    "verificationMethod",
    "cryptosuite",
    "proofValue",
    "proofPurpose",
    "created",
    "jws",
    "badge",
    "recipient",
    "evidence",
    "endorsement",
    "image",
    "achievement",
    "alignment",
    "statusListCredential",
    "statusListIndex",
    "statusPurpose",
    "revocationList",
    "publicKey",
    "allowedOrigins",
    "startsWith",
]


def _hostile_value(ch: Chooser, doc):
    kind = ch.below(9)
    if kind == 0:
        return pick(ch, HOSTILE_STRINGS)
    if kind == 1:
        return pick(ch, HOSTILE_NUMBERS)
    if kind == 2:
        return pick(ch, [None, True, False])
    if kind == 3:
        return pick(ch, [[], {}, [None], [{}], [[]], {"": None}, ["x", 1], {"id": 1}])
    if kind == 4:
        return Deep(pick(ch, [8, 30, 60, 70, 900, 5000]), pick(ch, ["list", "dict"]))
    if kind == 5:  # another part of the same document
        paths = _paths(doc)
        return json.loads(json.dumps(_get(doc, pick(ch, paths)))) if paths else None
    if kind == 6:
        return {pick(ch, KEYS): _hostile_value(ch, None) if ch.below(2) else pick(ch, HOSTILE_STRINGS)}
    if kind == 7:
        return [pick(ch, HOSTILE_STRINGS), pick(ch, HOSTILE_NUMBERS)]
    return pick(ch, HOSTILE_STRINGS) * (1 + ch.below(3))


def _paths(node, prefix=()) -> list[tuple]:
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(node, path):
    for p in path:
        node = node[p]
    return node


def mutate_json_value(doc, ch: Chooser):
    """One structural change somewhere in a JSON value (which may be replaced whole)."""
    paths = _paths(doc)
    if not paths or ch.below(20) == 0:
        return _hostile_value(ch, doc)
    path = pick(ch, paths)
    parent = _get(doc, path[:-1])
    key = path[-1]
    op = ch.below(10)
    if op == 0 and isinstance(parent, dict):
        del parent[key]
    elif op == 0:
        parent.pop(key)
    elif op == 1:
        parent[key] = [parent[key]]
    elif op == 2:
        parent[key] = {pick(ch, KEYS): parent[key]}
    elif op == 3 and isinstance(parent, dict):
        parent[pick(ch, KEYS)] = _hostile_value(ch, doc)
    elif op == 4 and isinstance(parent[key], str) and parent[key]:
        s = parent[key]
        i = ch.below(len(s))
        parent[key] = pick(ch, [s[:i], s[:i] + pick(ch, HOSTILE_STRINGS) + s[i:], s + s, s[i:]])
    elif op == 5 and isinstance(parent[key], list):
        parent[key] = parent[key] * (2 + ch.below(3)) or [None]
    else:
        parent[key] = _hostile_value(ch, doc)
    return doc


def dump_json(value) -> str:
    deep: dict[str, str] = {}

    def default(o):
        if isinstance(o, Deep):
            token = f"@@deep{len(deep)}@@"
            deep[f'"{token}"'] = o.text()
            return token
        raise TypeError(type(o).__name__)

    text = json.dumps(value, default=default, allow_nan=True)
    for token, nested in deep.items():
        text = text.replace(token, nested, 1)
    return text


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


BYTE_SNIPPETS = [b"\x00", b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"~", b".", b"=",
                 b"{", b"}", b"[", b"]", b'"', b"\\", b"<", b"&", b"\r\n", b"eyJ", b"NaN"]


def mutate_bytes(data: bytes, ch: Chooser, *, start: int = 0) -> bytes:
    """Flip, insert, delete or splice bytes (at or after ``start``)."""
    if len(data) <= start:
        return data + pick(ch, BYTE_SNIPPETS)
    i = start + ch.below(len(data) - start)
    op = ch.below(6)
    if op == 0:
        return data[:i] + bytes([data[i] ^ (1 << ch.below(8))]) + data[i + 1 :]
    if op == 1:
        return data[:i] + pick(ch, BYTE_SNIPPETS) + data[i:]
    if op == 2:
        return data[:i] + data[i + 1 + ch.below(16) :]
    if op == 3:
        return data[:i]
    if op == 4:
        j = start + ch.below(len(data) - start)
        return data[:i] + data[j : j + 1 + ch.below(64)] + data[i:]
    return data[:i] + bytes([ch.below(256)]) + data[i + 1 :]


def _mutate_b64_json(part: str, ch: Chooser) -> str:
    try:
        raw = _unb64(part)
    except ValueError:
        raw = part.encode("utf-8", "surrogatepass")
    try:
        return _b64(dump_json(mutate_json_value(json.loads(raw), ch)).encode("ascii"))
    except (ValueError, RecursionError):
        return _b64(mutate_bytes(raw, ch))


def mutate_jwt(text: str, ch: Chooser) -> str:
    compact, *disclosures = text.split("~")
    parts = compact.split(".")
    op = ch.below(10)
    if op == 9 or len(parts) != 3:
        return mutate_bytes(text.encode("utf-8", "surrogatepass"), ch).decode("latin-1")
    if op == 4:  # signature bytes
        try:
            parts[2] = _b64(mutate_bytes(_unb64(parts[2]), ch))
        except ValueError:
            parts[2] = ""
    elif op in (5, 6) and any(disclosures):
        i = ch.below(len(disclosures))
        if disclosures[i]:
            disclosures[i] = _mutate_b64_json(disclosures[i], ch)
    elif op == 7 and disclosures:
        i = ch.below(len(disclosures))
        action = ch.below(3)
        if action == 0:
            disclosures.pop(i)
        elif action == 1:
            disclosures.insert(i, disclosures[i])
        else:  # a key binding JWT that is the issuer JWT itself, or garbage
            disclosures.append(pick(ch, [compact, "eyJ.e30.", "x"]))
    else:  # header (0) or payload
        index = 0 if op == 0 else 1
        parts[index] = _mutate_b64_json(parts[index], ch)
    return "~".join([".".join(parts), *disclosures])


_SVG_CREDENTIAL = re.compile(r"(<!\[CDATA\[)(.*?)(\]\]>)", re.DOTALL)
_SVG_VERIFY = re.compile(r'(verify=")([^"]*)(")')


def mutate_svg(data: bytes, ch: Chooser) -> bytes:
    text = data.decode("utf-8", "replace")
    for pattern in (_SVG_CREDENTIAL, _SVG_VERIFY):
        m = pattern.search(text)
        if m and ch.below(3):
            inner = mutate_text(m.group(2), ch)
            if pattern is _SVG_VERIFY:
                inner = inner.replace(b'"', b"&quot;")
            head, tail = text[: m.start(2)], text[m.end(2) :]
            return head.encode("utf-8") + inner + tail.encode("utf-8")
    return mutate_bytes(data, ch)


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]] | None:
    pos, chunks = 8, []
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        chunks.append((ctype, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks if pos == len(data) else None


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = [b"\x89PNG\r\n\x1a\n"]
    for ctype, body in chunks:
        crc = zlib.crc32(ctype + body) & 0xFFFFFFFF
        out.append(struct.pack(">I4s", len(body), ctype) + body + struct.pack(">I", crc))
    return b"".join(out)


def mutate_png(data: bytes, ch: Chooser) -> bytes:
    chunks = _png_chunks(data)
    if chunks is None or ch.below(5) == 0:
        return mutate_bytes(data, ch, start=8)
    texts = [i for i, (t, _) in enumerate(chunks) if t in (b"iTXt", b"tEXt", b"zTXt")]
    op = ch.below(4)
    if texts and op <= 1:
        i = pick(ch, texts)
        ctype, body = chunks[i]
        if ctype == b"iTXt":
            keyword, _, rest = body.partition(b"\0")
            flags, rest = rest[:2], rest[2:]
            lang, _, rest = rest.partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            if flags[:1] == b"\x01":
                try:
                    text = zlib.decompress(text)
                except zlib.error:
                    flags = b"\x00\x00"
            new = mutate_text(text.decode("utf-8", "replace"), ch)
            if flags[:1] == b"\x01":
                new = zlib.compress(new)
            body = b"\0".join([keyword, flags + lang, translated, new])
        else:
            body = mutate_bytes(body, ch)
        chunks[i] = (ctype, body)
    elif op == 2 and chunks:
        i = ch.below(len(chunks))
        chunks[i] = (chunks[i][0], mutate_bytes(chunks[i][1], ch))
    elif chunks:
        i = ch.below(len(chunks))
        action = ch.below(3)
        if action == 0:
            chunks.pop(i)
        elif action == 1:
            chunks.insert(i, chunks[i])
        else:
            chunks.insert(i, (b"iTXt", b"openbadgecredential\0\x01\0\0\0" + bytes([ch.below(256)]) * 8))
    return _png(chunks)


def mutate_text(text: str, ch: Chooser) -> bytes:
    """A credential as text (JSON document, compact JWT or anything else), changed, as bytes."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")) and ch.below(16):
        try:
            return dump_json(mutate_json_value(json.loads(stripped), ch)).encode("ascii")
        except (ValueError, RecursionError):  # not JSON (any more), or nested too deeply
            pass
    if stripped.startswith("eyJ") and ch.below(16):
        return mutate_jwt(stripped, ch).encode("utf-8", "surrogatepass")
    return mutate_bytes(text.encode("utf-8", "surrogatepass"), ch)


def mutate(data: bytes, ch: Chooser, rounds: int | None = None) -> bytes:
    """``rounds`` (default 1 to 3) successive mutations of a credential file."""
    for _ in range(rounds if rounds is not None else 1 + ch.below(3)):
        if data.startswith(b"\x89PNG"):
            data = mutate_png(data, ch)
        elif b"<svg" in data[:2048]:
            data = mutate_svg(data, ch)
        elif ch.below(20) == 0:
            data = mutate_bytes(data, ch)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                data = mutate_bytes(data, ch)
                continue
            data = mutate_text(text, ch)
    return data
