"""The one way a test gets a credential from Satchel: awarded by the real issuer
(server/issuer, the service the console calls) — its did:web keys, its status
lists, its name from settings.

``where`` is the server the credential is for:
- a Litestar ``TestClient`` of ``server.app.create_app`` (its database and settings);
- a live server (``tests.conftest.LiveServer`` or any object with ``url`` and
  ``data_dir``, and ``public_url`` when it differs from ``url``): its database (SQLite file, or ``database`` URL)
  is opened beside the running server and its key-encryption key read from
  ``DATA_DIR/issuer-kek`` (or ``kek_file``), as a second process would.

``form`` is what the test needs: ``"ldp_vc"`` (the OB 3.0 credential as a dict,
signed with ``suite``), ``"json"`` (the same as JSON text, for pasting or
posting), ``"sd_jwt"`` (the award as an SD-JWT VC, bound to ``holder_jwk``
when given), or ``"record"`` (the issuer's award record: ``id`` for revoking it,
``credential``, ``claim_token``).
"""

from __future__ import annotations

import json
from pathlib import Path

from server.demo.achievements import DEMO_ACHIEVEMENTS
from server.issuer.awards import award
from server.issuer.sdjwt_vc import sd_jwt_for_award
from server.security import kek
from server.settings import DEFAULT_ISSUER_NAMES
from server.storage import open_database

DEMO_SLUGS = [d["slug"] for d in DEMO_ACHIEVEMENTS]


def award_credential(
    where,
    subject: str,
    slug: str = "green-finance",
    lang: str = "en",
    *,
    form: str = "ldp_vc",
    suite: str = "eddsa-rdfc-2022",
    holder_jwk: dict | None = None,
    issuer_names: dict | None = None,
) -> dict | str:
    if form not in ("ldp_vc", "json", "sd_jwt", "record"):
        raise ValueError(f"unknown form {form!r}")
    app = getattr(where, "app", None)
    if app is not None:  # a TestClient: the app's own database and settings
        settings = app.state.settings
        return _issue(app.state.db, settings.public_url, settings.issuer_names, subject, slug, lang, form, suite, holder_jwk)
    data_dir = Path(where.data_dir)
    public_url = getattr(where, "public_url", None) or where.url
    db = open_database(getattr(where, "database", None) or data_dir / "satchel.db")
    try:
        kek.register(db, Path(getattr(where, "kek_file", None) or data_dir / kek.KEK_FILE_NAME))
        names = issuer_names or DEFAULT_ISSUER_NAMES
        return _issue(db, public_url, names, subject, slug, lang, form, suite, holder_jwk)
    finally:
        db.close()


def _issue(db, public_url, names, subject, slug, lang, form, suite, holder_jwk):
    record = award(db, public_url, slug, subject, lang, issuer_names=names, suite=suite)
    if form == "record":
        return record
    if form == "sd_jwt":
        return sd_jwt_for_award(db, public_url, record, holder_jwk)
    if form == "json":
        return json.dumps(record["credential"], ensure_ascii=False)
    return record["credential"]
