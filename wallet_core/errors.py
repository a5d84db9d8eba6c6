"""Errors raised when verification cannot even be attempted.

A bad credential is a verdict, not an exception. These exceptions are for input
that is not a credential at all (or is too large to look at). Each carries a
stable ``code`` for APIs and a plain-language ``message``.
"""

from __future__ import annotations


class InputError(Exception):
    code = "bad_input"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputTooLarge(InputError):
    code = "too_large"


class MalformedInput(InputError):
    """The bytes claim a format (JSON, JWT, PNG, SVG) but are broken."""

    code = "malformed"


class UnreadableInput(MalformedInput):
    """Reading the input failed in a way no check foresaw: the crash net in
    ``verify`` turned an unexpected exception into this refusal. It is a bug to fix
    (the fuzz test fails on it), never a verdict."""


class NotACredential(InputError):
    """Well-formed input that carries no credential (e.g. a PNG with no badge)."""

    code = "not_a_credential"


class UnsupportedFormat(InputError):
    code = "unsupported_format"
