"""GET /api/v1/health: liveness plus the schema version, for operators and tests."""

from __future__ import annotations

import msgspec
from litestar import get
from litestar.di import NamedDependency

from server.storage import Database, applied_migrations


class Health(msgspec.Struct):
    status: str
    migrations: list[str]


@get("/api/v1/health")
async def health(db: NamedDependency[Database]) -> Health:
    return Health(status="ok", migrations=applied_migrations(db))
