"""``verify``: bytes in, Verdict out. Raises InputError only when it cannot start.

Crashes become verdicts: every format handles its own input (the fuzz test holds
them to it), and behind them a net turns any exception they did not foresee into
a ``could_not_check`` verdict with the reason code ``format.internal_error`` (or,
while the input is still being read, an ``UnreadableInput`` refusal), logged with
its traceback. The net never produces ``valid``.
"""

from __future__ import annotations

import logging

import msgspec

from . import canonical, containers, formats, reasons
from .dates import iso
from .environment import Environment
from .errors import InputError, InputTooLarge, UnreadableInput
from .formats.outcome import Outcome
from .options import VerifyOptions
from .parse import parse_text
from .verdict import CHECK_NAMES, IssuerInfo, Verdict, overall

INTERNAL_ERROR = "format.internal_error"
log = logging.getLogger("wallet_core")


def verify(data: bytes, options: VerifyOptions | None = None) -> Verdict:
    # one scope for canonicalisation: repeated documents once, one budget for all proofs
    with canonical.verification():
        return _verify(data, options or VerifyOptions())


def _verify(data: bytes, options: VerifyOptions) -> Verdict:
    if len(data) > options.max_input_bytes:
        raise InputTooLarge(
            f"This file is too large to check ({len(data):,} bytes; the limit is {options.max_input_bytes:,})."
        )
    env = Environment.from_options(options)
    try:
        unbaked = containers.unbake(bytes(data))
        parsed = parse_text(unbaked.text)
        module = formats.select(parsed)
    except (InputError, MemoryError):  # MemoryError: the worker pool's limit, reported there
        raise
    except Exception as exc:  # the net: a container or parser missed a case
        log.exception("unexpected error reading a credential")
        raise UnreadableInput(
            f"Satchel could not read this file ({type(exc).__name__}); it was not checked."
        ) from exc
    try:
        outcome = module.verify(parsed, env)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # the net: a format or suite missed a case
        log.exception("unexpected error verifying a credential")
        outcome = unprocessed(module, exc)
    order = {name: i for i, name in enumerate(CHECK_NAMES)}
    checks = sorted(outcome.checks, key=lambda c: order.get(c.check, len(order)))
    return Verdict(
        format=outcome.format,
        container=unbaked.container,
        result=overall(checks),
        issuer=outcome.issuer,
        subject=outcome.subject,
        checks=checks,
        display=msgspec.structs.replace(
            outcome.display, self_asserted=is_self_asserted(outcome.issuer.id, outcome.subject)
        ),
        credential=parsed.text,
        checked_at=iso(env.now),
    )


def unprocessed(module, exc: BaseException) -> Outcome:
    """The outcome for a credential a format failed on: could_not_check, never valid."""
    name = module.__name__.rsplit(".", 1)[-1].replace("_", "-")
    check = reasons.check("format", "could_not_check", INTERNAL_ERROR, error=type(exc).__name__)
    return Outcome(format=name, checks=[check], issuer=IssuerInfo(), subject=None)


def is_self_asserted(issuer_id: str | None, subject_id: str | None) -> bool:
    """A credential its own subject issued (work or life experience the learner
    describes): it proves who said it, not that anyone else vouched for it."""
    return bool(issuer_id) and issuer_id == subject_id
