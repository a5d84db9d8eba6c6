"""Issuer signing keys at rest: AES-256-GCM under a key-encryption key (KEK)
that is kept outside the database.

The KEK is 32 random bytes, written as 43 base64url characters. It comes from
the ``SATCHEL_KEK`` environment variable, or else from a file
(``Settings.kek_file``, by default ``<data-dir>/issuer-kek``, mode 0600) that is
created on the first start of a database that has no encrypted key yet.

Each private key column value becomes ``kek1:`` + base64url(nonce || ciphertext
|| tag), with the table and row id as associated data, so a value cannot be
moved to another row. On start every key is opened once: a wrong KEK, or a
missing KEK for a database whose keys are encrypted, stops the server with a
one-line message instead of letting it mint a new identity. Keys stored in the
clear by older versions are encrypted on that start, and the database is
vacuumed and its WAL truncated so that the plaintext is not left in free pages.

Signing code finds the KEK of a database by its file path: ``unlock`` registers
it, ``wrap``/``unwrap`` look it up, and without one they refuse (fail closed).
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import stat
import threading
from collections.abc import Mapping
from pathlib import Path

import sqlite_utils
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.storage import is_postgresql

KEK_ENV = "SATCHEL_KEK"
KEK_FILE_NAME = "issuer-kek"
PREFIX = "kek1:"
NONCE_BYTES = 12
# (table, id column, secret column): every private key Satchel keeps.
KEY_COLUMNS = (
    ("issuer_signing_keys", "id", "private_key"),
    ("issuer_p256_keys", "id", "private_key"),  # PKCS#8 DER (server/issuer/ecdsa_key.py)
)
_KEK_TEXT = re.compile(r"[A-Za-z0-9_-]{43}")

_keks: dict[str, bytes] = {}
_lock = threading.Lock()


class KekError(RuntimeError):
    """The KEK is missing, malformed, unsafe or wrong; the message is one line."""


def _encode(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode()


def _decode(text: str, where: str) -> bytes:
    text = text.strip().rstrip("=")
    if not _KEK_TEXT.fullmatch(text):
        raise KekError(f"{where} must be 32 bytes in base64url (43 characters of A-Z a-z 0-9 - _)")
    return base64.urlsafe_b64decode(text + "=")


def new_kek_text() -> str:
    """A fresh KEK as it is written to a file or to SATCHEL_KEK."""
    return _encode(secrets.token_bytes(32))


def database_file(db: sqlite_utils.Database) -> str:
    """The main database file's path as SQLite reports it, or the PostgreSQL URL
    without its password (the registry key)."""
    if is_postgresql(db):
        return db.name
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or ":memory:"
    return ":memory:"


def _aad(table: str, row_id: str) -> bytes:
    return f"satchel/{table}/{row_id}".encode()


def _kek_for(db: sqlite_utils.Database) -> bytes:
    with _lock:
        kek = _keks.get(database_file(db))
    if kek is None:
        raise KekError("no key-encryption key is loaded for this database (the server was not started with one)")
    return kek


def wrap(db: sqlite_utils.Database, table: str, row_id: str, secret: bytes) -> str:
    """Encrypt a private key for storage in ``table`` row ``row_id``."""
    return _seal(_kek_for(db), table, row_id, secret)


def unwrap(db: sqlite_utils.Database, table: str, row_id: str, stored: str) -> bytes:
    """Decrypt a stored private key; anything else (clear text, wrong KEK) is a KekError."""
    return _open(_kek_for(db), table, row_id, stored)


def _seal(kek: bytes, table: str, row_id: str, secret: bytes) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return PREFIX + _encode(nonce + AESGCM(kek).encrypt(nonce, secret, _aad(table, row_id)))


def _open(kek: bytes, table: str, row_id: str, stored: str) -> bytes:
    if not isinstance(stored, str) or not stored.startswith(PREFIX):
        raise KekError(f"the private key of {table} {row_id} is not encrypted")
    body = stored[len(PREFIX) :]
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(table, row_id))
    except (InvalidTag, ValueError):
        raise KekError(f"the key-encryption key does not open the private key of {table} {row_id}") from None


def _stored_keys(db: sqlite_utils.Database) -> list[tuple[str, str, str, str]]:
    """(table, id column, id, stored value) of every private key in the database."""
    found = []
    for table, id_col, col in KEY_COLUMNS:
        if db[table].exists():
            for row_id, value in db.execute(f"select {id_col}, {col} from {table}").fetchall():
                found.append((table, id_col, row_id, value))
    return found


def _read_file(path: Path) -> bytes:
    try:
        st = path.stat()
    except OSError as exc:
        raise KekError(f"cannot read the key-encryption key file {path}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise KekError(f"the key-encryption key file {path} is not a regular file")
    if st.st_mode & 0o077:
        raise KekError(
            f"the key-encryption key file {path} is open to other users (mode {stat.S_IMODE(st.st_mode):04o}):"
            f" run chmod 600 {path}"
        )
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise KekError(f"cannot read the key-encryption key file {path}: {exc}") from None
    return _decode(text, f"the key-encryption key file {path}")


def _create_file(path: Path) -> bytes:
    text = new_kek_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise KekError(f"cannot create the key-encryption key file {path}: {exc.strerror}") from None
    try:
        os.write(fd, (text + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return _decode(text, str(path))


def load_kek(
    db: sqlite_utils.Database, kek_file: Path, environ: Mapping[str, str] = os.environ
) -> tuple[bytes, str]:
    """The KEK and where it came from. The file is created only for a database
    that holds no encrypted key: otherwise a lost file must not become a new key."""
    if environ.get(KEK_ENV):
        return _decode(environ[KEK_ENV], KEK_ENV), KEK_ENV
    if kek_file.exists():
        return _read_file(kek_file), str(kek_file)
    if any(str(value).startswith(PREFIX) for *_, value in _stored_keys(db)):
        raise KekError(
            f"the issuer keys in {database_file(db)} are encrypted but the key-encryption key file {kek_file}"
            f" does not exist: restore it from your backup, or set {KEK_ENV}"
        )
    return _create_file(kek_file), str(kek_file)


def unlock(db: sqlite_utils.Database, kek_file: Path, environ: Mapping[str, str] = os.environ) -> str:
    """Load the KEK, prove it opens every stored key, encrypt keys left in the clear
    by older versions, and register it for this database. Returns the KEK's source."""
    kek, source = load_kek(db, kek_file, environ)
    plain = []
    for table, id_col, row_id, value in _stored_keys(db):
        if isinstance(value, str) and value.startswith(PREFIX):
            try:
                _open(kek, table, row_id, value)
            except KekError:
                raise KekError(
                    f"the key-encryption key from {source} does not open the issuer keys in {database_file(db)}"
                    " (a different key?): restore the right one from your backup"
                ) from None
        else:
            plain.append((table, id_col, row_id, value))
    if plain:
        _encrypt_clear_keys(db, kek, plain)
    with _lock:
        _keks[database_file(db)] = kek
    return source


def register(db: sqlite_utils.Database, kek_file: Path, environ: Mapping[str, str] = os.environ) -> None:
    """Use the KEK for a database the server process has already unlocked (its
    verification workers): read the key, never create a file, write nothing."""
    kek = _decode(environ[KEK_ENV], KEK_ENV) if environ.get(KEK_ENV) else _read_file(kek_file)
    with _lock:
        _keks[database_file(db)] = kek


def _encrypt_clear_keys(db: sqlite_utils.Database, kek: bytes, plain: list) -> None:
    with db.atomic():
        for table, id_col, row_id, value in plain:
            try:
                secret = base64.b64decode(value, validate=True)
            except (ValueError, TypeError):
                raise KekError(f"the private key of {table} {row_id} is neither encrypted nor a base64 key") from None
            db.execute(
                f"update {table} set private_key = ? where {id_col} = ?",
                [_seal(kek, table, row_id, secret), row_id],
            )
    if is_postgresql(db):  # the old row versions: rewrite the tables without them
        db.vacuum_full(sorted({table for table, *_ in plain}))
        return
    # The clear values are still in free pages and in the WAL: rewrite the file
    # without them, then empty the WAL.
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
