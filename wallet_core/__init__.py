"""Satchel's domain library: unbake, parse, normalise and verify credentials."""

from .errors import InputError, InputTooLarge, MalformedInput, NotACredential, UnsupportedFormat
from .options import VerifyOptions
from .verdict import Check, Display, IssuerInfo, Verdict
from .verifier import verify

__all__ = [
    "Check",
    "Display",
    "InputError",
    "InputTooLarge",
    "IssuerInfo",
    "MalformedInput",
    "NotACredential",
    "UnsupportedFormat",
    "Verdict",
    "VerifyOptions",
    "verify",
]
