"""Everything a test database holds, as text (to search it for a secret, or to
see that a request wrote nothing), on either engine."""

from __future__ import annotations

from server.storage import is_postgresql


def database_text(db) -> str:
    if not is_postgresql(db):
        return "\n".join(db.iterdump())
    lines = []
    for table in db.table_names():
        for row in db.execute(f"select * from {table} order by rowid"):
            lines.append(f"{table}: {row!r}")
    return "\n".join(lines)
