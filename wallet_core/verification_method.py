"""Turn a proof's ``verificationMethod`` into a public key.

- ``did:…#…``: resolve the DID (registry in ``dids``), pick the method by id.
- ``https://…#z6Mk…`` or ``urn:uuid:…#z6Mk…`` (the 1EdTech convention: issuer id + key): the key is the multibase value in
  the fragment; the signature can be checked, but nothing offline proves the key
  belongs to that URL's owner (``controller_proven=False``).
- other ``https://`` URLs: fetched through the fetcher (a key document).
"""

from __future__ import annotations

from urllib.parse import urldefrag

from . import dids, jsonsafe, reasons
from .fetch_reasons import unavailable
from .fetcher import FetchError
from .keys import KeyInvalid, KeyUnavailable, VerificationKey, from_jwk, from_multikey


def key_from_method_entry(entry: dict) -> object:
    if "publicKeyMultibase" in entry:
        return from_multikey(entry["publicKeyMultibase"])
    if "publicKeyJwk" in entry:
        return from_jwk(entry["publicKeyJwk"])
    if "publicKeyBase58" in entry:  # Ed25519VerificationKey2018
        from .encoding import ED25519_PUB, b58decode, multibase_encode_b58

        raw = b58decode(entry["publicKeyBase58"])
        return from_multikey(multibase_encode_b58(ED25519_PUB + raw))
    raise reasons.error(KeyInvalid, "vm.no_key", method=entry.get("id"))


def _find_method(doc: dict, method_id: str) -> dict:
    did = doc.get("id", "")
    for entry in doc.get("verificationMethod", []) or []:
        if not isinstance(entry, dict):
            continue
        entry_id = entry.get("id", "")
        if entry_id.startswith("#"):
            entry_id = did + entry_id
        if entry_id == method_id:
            return entry
    raise reasons.error(KeyInvalid, "vm.not_of", method=method_id, did=did)


def resolve_did_method(method_id: str, fetcher) -> VerificationKey:
    did, fragment = urldefrag(method_id)
    doc = dids.resolve(did, fetcher)
    if not fragment:
        methods = [m for m in doc.get("verificationMethod", []) if isinstance(m, dict)]
        if len(methods) != 1:
            raise reasons.error(KeyInvalid, "vm.not_single", method=method_id)
        entry = methods[0]
    else:
        entry = _find_method(doc, method_id)
    return VerificationKey(
        public_key=key_from_method_entry(entry),
        method_id=method_id,
        controller=did,
        controller_proven=True,
        how=f"key resolved from {did.split(':', 2)[0]}:{did.split(':', 2)[1]}",
        how_params={"how_code": "key.did", "method": ":".join(did.split(":", 2)[:2])},
    )


def resolve(method_id: object, fetcher=None) -> VerificationKey:
    if not isinstance(method_id, str) or not method_id:
        raise reasons.error(KeyInvalid, "vm.missing")
    if method_id.startswith("did:"):
        return resolve_did_method(method_id, fetcher)
    scheme = method_id.split(":", 1)[0] if ":" in method_id else ""
    url, fragment = urldefrag(method_id)
    if scheme in ("https", "http", "urn") and fragment.startswith("z") and len(fragment) > 40:
        return VerificationKey(
            public_key=from_multikey(fragment),
            method_id=method_id,
            controller=url,
            controller_proven=False,
            how="key taken from the verification method URL",
            how_params={"how_code": "key.vm_url"},
        )
    if scheme in ("https", "http"):
        if fetcher is None:
            raise KeyUnavailable(*unavailable("verification method", method_id, "offline"))
        try:
            entry = jsonsafe.loads(fetcher.fetch(method_id))
        except FetchError as exc:
            kind = getattr(exc, "kind", "unreachable")
            raise KeyUnavailable(*unavailable("verification method", method_id, kind, str(exc))) from None
        except ValueError:
            raise reasons.error(KeyInvalid, "vm.not_json", method=method_id) from None
        if not isinstance(entry, dict):
            raise reasons.error(KeyInvalid, "vm.not_object", method=method_id)
        controller = entry.get("controller") or entry.get("owner") or url
        return VerificationKey(
            public_key=key_from_method_entry(entry),
            method_id=method_id,
            controller=controller,
            controller_proven=False,
            how=f"key document fetched from {url}",
            how_params={"how_code": "key.fetched", "url": url},
        )
    if not scheme:
        raise reasons.error(KeyInvalid, "vm.not_url", method=method_id[:60])
    raise reasons.error(KeyInvalid, "vm.scheme", scheme=repr(scheme))
