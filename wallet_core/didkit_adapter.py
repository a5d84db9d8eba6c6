"""The one module that imports DIDKit (archived upstream; optional cross-check only).

DIDKit knows Ed25519Signature2018/2020 and early contexts, not eddsa-rdfc-2022.
Satchel's own suites are authoritative; this adapter lets tests and the
benchmark compare against DIDKit and issue reference credentials with it.
Its Python binding is async; these wrappers run it to completion.

DIDKit is a test dependency (``pip install -e '.[test]'``), not a runtime one:
nothing the server or ``wallet_core.verify`` runs needs it. It is imported on
first use; without it ``available()`` is False and every other function raises
``DidkitMissing``.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


class DidkitMissing(ImportError):
    """DIDKit is not installed (it is a test dependency)."""


@dataclass(frozen=True)
class DidkitResult:
    ok: bool
    errors: list[str]
    warnings: list[str]


def _didkit():
    try:
        import didkit
    except ImportError:
        raise DidkitMissing(
            "DIDKit is not installed: it is a test dependency (pip install -e '.[test]')."
        ) from None
    return didkit


def available() -> bool:
    try:
        _didkit()
    except DidkitMissing:
        return False
    return True


def _run(awaitable_factory):
    """Run DIDKit's coroutine to completion, also when the caller's thread
    already has a running event loop (a server handler, Playwright's sync API)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(awaitable_factory())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(awaitable_factory())).result()


def verify_credential(credential: dict | str) -> DidkitResult:
    """Ask DIDKit to verify a credential's proof (it resolves did:key itself)."""
    text = credential if isinstance(credential, str) else json.dumps(credential)
    options = json.dumps({"proofPurpose": "assertionMethod"})

    didkit = _didkit()

    async def go():
        return await didkit.verify_credential(text, options)

    out = json.loads(_run(go))
    return DidkitResult(
        ok=not out.get("errors"), errors=out.get("errors", []), warnings=out.get("warnings", [])
    )


def generate_ed25519_jwk() -> str:
    return _didkit().generate_ed25519_key()


def issue_credential(credential: dict, jwk: str, proof_type: str = "Ed25519Signature2020") -> dict:
    """Issue with a did:key derived from ``jwk`` (DIDKit's own signing code)."""
    didkit = _didkit()

    async def go():
        method = await didkit.key_to_verification_method("key", jwk)
        options = {
            "proofPurpose": "assertionMethod",
            "verificationMethod": method,
            "type": proof_type,
        }
        return await didkit.issue_credential(json.dumps(credential), json.dumps(options), jwk)

    return json.loads(_run(go))


def did_for(jwk: str) -> str:
    return _didkit().key_to_did("key", jwk)
