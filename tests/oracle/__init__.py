"""The field's independent verifiers as the test oracle: ``verify.mjs`` runs
Digital Bazaar's ``@digitalbazaar/vc`` (safe-mode canonicalisation), the DCC's
``@digitalcredentials/verifier-core``, ``@digitalbazaar/vc-bitstring-status-list``
and ``@sd-jwt/sd-jwt-vc`` under Node on what Satchel makes.

Nothing is downloaded: the job carries every document a library may ask for —
the bundled JSON-LD contexts (``wallet_core/contexts``) and what the Python side
fetched from the test server (its did.json, its status lists)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import httpx

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "verify.mjs"
CONTEXTS = REPO / "wallet_core" / "contexts"
NODE = shutil.which("node") or "node"


def bundled_contexts() -> dict[str, object]:
    manifest = json.loads((CONTEXTS / "manifest.json").read_text())
    return {
        entry["url"]: json.loads((CONTEXTS / entry["file"]).read_text())
        for entry in manifest["contexts"]
    }


def did_web_https_url(did: str) -> str:
    """The https URL of a did:web document, per the did:web method text."""
    parts = did.removeprefix("did:web:").split(":")
    host = unquote(parts[0])
    path = "/".join(parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def server_documents(base_url: str, *, status_lists: list[str] = (), status_tokens: list[str] = ()) -> dict:
    """The test server's DID document (under its DID and its https did:web URL,
    which is where DCC's resolver looks) and the status lists asked for."""
    docs: dict[str, object] = {}
    with httpx.Client(base_url=base_url) as http:
        did_doc = http.get("/.well-known/did.json").raise_for_status().json()
        docs[did_doc["id"]] = did_doc
        docs[did_web_https_url(did_doc["id"])] = did_doc
        for url in status_lists:
            docs[url] = http.get(url).raise_for_status().json()
        for url in status_tokens:
            docs[url] = http.get(url).raise_for_status().text
    return docs


def status_list_urls(credential: dict) -> list[str]:
    entries = credential.get("credentialStatus") or []
    entries = entries if isinstance(entries, list) else [entries]
    return sorted({e["statusListCredential"] for e in entries if isinstance(e, dict) and "statusListCredential" in e})


def run(checks: list[dict], documents: dict, timeout: float = 120) -> dict:
    """Run the oracle; returns {"results": [...], "unresolved": [...]}."""
    return _node(SCRIPT, {"documents": {**bundled_contexts(), **documents}, "checks": checks}, timeout)


def by_library(out: dict) -> dict[tuple[str, str], dict]:
    return {(r["id"], r["library"]): r for r in out["results"]}


# --- the learner's record file (decision D29) ----------------------------------------

RECORD_MAKER = Path(__file__).resolve().parent / "record_make.mjs"
RECORD_CHECKER = Path(__file__).resolve().parent / "record_check.mjs"


def new_wallet_key() -> dict:
    """A fresh Ed25519 key as a private JWK (what the PWA keeps in IndexedDB, as a JWK)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from wallet_core.encoding import b64url_encode

    key = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    d = key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    x = key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "d": b64url_encode(d), "x": b64url_encode(x)}


def make_record(private_jwk: dict, held: list[dict], entries: list[dict], name: str = "") -> dict:
    """The PWA's own record code (pwa/src/wallet/record.js) run under Node:
    {"did", "record", "resume"} for `held` ([{credential, verdict}]) and self-asserted `entries`."""
    return _node(RECORD_MAKER, {"private_jwk": private_jwk, "held": held, "entries": entries, "name": name}, 60)


def check_record(record: dict, resume: dict, documents: dict | None = None) -> dict:
    """Digital Bazaar's vc `verify` of the record's holder proof (and its embedded credentials)
    and @jsonresume/schema's validation of the résumé (tests/oracle/record_check.mjs)."""
    return _node(RECORD_CHECKER, {"record": record, "resume": resume, "documents": {**bundled_contexts(), **(documents or {})}})


def _node(script: Path, job: dict, timeout: float = 120) -> dict:
    proc = subprocess.run(
        [NODE, str(script)], input=json.dumps(job), capture_output=True, text=True, cwd=REPO, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{script.name} failed ({proc.returncode}): {proc.stderr[-4000:]}")
    return json.loads(proc.stdout)
