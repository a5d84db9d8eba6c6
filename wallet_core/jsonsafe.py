"""The one JSON parser for untrusted input: credentials, tokens, fetched documents.

``loads`` accepts only what RFC 8259 and I-JSON (RFC 7493) call JSON, and only
what the rest of wallet_core can walk safely:

- text that is valid UTF-8 (bytes are decoded strictly);
- no ``NaN``, ``Infinity`` or ``-Infinity`` (not JSON; Python would accept them),
  except in JOSE parts (``loads_jose``), where the date rule judges them;
- no string with a lone surrogate (``"\\ud800"``): it cannot be encoded as UTF-8,
  so it could not be canonicalised, hashed, stored or sent back;
- nested at most ``MAX_DEPTH`` arrays/objects deep: about as deep as Python's
  own parser reads, refused with a clear error instead of a ``RecursionError``.
  (Canonicalisation has a much tighter bound, ``canonical.MAX_DEPTH``, and
  answers "not checked" for a credential beyond it.)

Every refusal is a ``JsonInputError``, a ``ValueError``, so callers that
already handle ``json.JSONDecodeError`` handle these the same way.
"""

from __future__ import annotations

import json
import re

MAX_DEPTH = 960

# A \uD800-\uDFFF escape: only then can a parsed string hold a surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JsonInputError(ValueError):
    pass


def _reject_constant(name: str):
    raise JsonInputError(f"{name} is not allowed in JSON")


def _check(value: object, check_strings: bool) -> None:
    """Depth and lone surrogates, iteratively (no recursion on hostile input)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = [*node.keys(), *node.values()] if check_strings else node.values()
        elif isinstance(node, list):
            children = node
        else:
            if check_strings and isinstance(node, str):
                try:
                    node.encode("utf-8")
                except UnicodeEncodeError:
                    raise JsonInputError("a string holds a lone surrogate (not UTF-8)") from None
            continue
        if depth > MAX_DEPTH:
            raise JsonInputError(f"it is nested more than {MAX_DEPTH} levels deep")
        stack.extend((child, depth + 1) for child in children)


def loads(data: str | bytes | bytearray, *, nan: bool = False) -> object:
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonInputError(f"it is not valid UTF-8 ({exc.reason})") from None
    try:
        value = json.loads(data, parse_constant=None if nan else _reject_constant)
    except RecursionError:
        raise JsonInputError(f"it is nested more than {MAX_DEPTH} levels deep") from None
    _check(value, check_strings=bool(_SURROGATE_ESCAPE.search(data)))
    return value


def loads_jose(data: str | bytes | bytearray) -> object:
    """A JWT header or payload, a disclosure: as ``loads``, except that ``NaN`` and
    ``±Infinity`` parse as floats. They are what a careless issuer writes for a
    NumericDate (``nbf``, ``iat``, ``exp``), and the date rule fails them as dates
    (wallet_core/validity.py): a verdict says which claim is wrong."""
    return loads(data, nan=True)
