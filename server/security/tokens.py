"""Random secrets and how they are stored: only a SHA-256 hash of a bearer
secret (session id, challenge) is written to the database, so a copy of the
database does not let anyone act as a learner."""

from __future__ import annotations

import base64
import hashlib
import secrets


def new_secret(nbytes: int = 32) -> str:
    """A URL-safe random secret of ``nbytes`` bytes (256 bits by default)."""
    return secrets.token_urlsafe(nbytes)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(a: object, b: object) -> bool:
    """Constant-time comparison that is false for a missing value. Compares UTF-8
    bytes: ``compare_digest`` refuses non-ASCII str (a TypeError, not a mismatch)."""
    if not isinstance(a, str) or not isinstance(b, str) or not a:
        return False
    return secrets.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Strict base64url (no padding needed, no other alphabet); ValueError otherwise."""
    if not isinstance(text, str) or any(c in text for c in "+/= \n\r\t"):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64url") from exc
