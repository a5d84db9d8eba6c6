"""``verify``: bytes in, Verdict out. Raises InputError only when it cannot start."""

from __future__ import annotations

import msgspec

from . import canonical, containers, formats
from .dates import iso
from .environment import Environment
from .errors import InputTooLarge
from .options import VerifyOptions
from .parse import parse_text
from .verdict import CHECK_NAMES, Verdict, overall


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
    unbaked = containers.unbake(bytes(data))
    parsed = parse_text(unbaked.text)
    outcome = formats.select(parsed).verify(parsed, env)
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


def is_self_asserted(issuer_id: str | None, subject_id: str | None) -> bool:
    """A credential its own subject issued (work or life experience the learner
    describes): it proves who said it, not that anyone else vouched for it."""
    return bool(issuer_id) and issuer_id == subject_id
