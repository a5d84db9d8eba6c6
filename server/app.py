"""create_app(): wires settings, storage, templates and every feature's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.di import Provide
from litestar.template.config import TemplateConfig

from server.errors import EXCEPTION_HANDLERS
from server.demo.routes import demo_achievements, demo_award
from server.health.routes import health
from server.pwa_static.routes import pwa_file
from server.settings import Settings
from server.storage import open_database
from server.verify.routes import verify_api, verify_page, verify_page_submit
from server.verify.service import build_verify_options

TEMPLATES_DIR = Path(__file__).parent / "templates"


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings()
    verify_options = build_verify_options(settings)
    state: dict = {}

    @asynccontextmanager
    async def database_lifespan(app: Litestar) -> AsyncIterator[None]:
        db = open_database(settings.database_path)
        state["db"] = db
        if settings.demo:
            from server.demo.seed import ensure_demo_data

            ensure_demo_data(db)
        try:
            yield
        finally:
            db.close()

    def provide_db():
        return state["db"]

    return Litestar(
        route_handlers=[health, demo_achievements, demo_award, verify_api, verify_page, verify_page_submit, pwa_file],
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "db": Provide(provide_db, sync_to_thread=False),
            "verify_options": Provide(lambda: verify_options, use_cache=True, sync_to_thread=False),
        },
        lifespan=[database_lifespan],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        compression_config=CompressionConfig(backend="gzip", minimum_size=512, gzip_compress_level=6),
        template_config=TemplateConfig(directory=TEMPLATES_DIR, engine=JinjaTemplateEngine),
        openapi_config=None,
    )
