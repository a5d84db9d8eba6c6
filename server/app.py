"""create_app(): wires settings, storage, templates and every feature's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from server.accounts import routes as account_routes
from server.backups import routes as backup_routes
from server.errors import EXCEPTION_HANDLERS, JsonSafeRequest
from server.health.routes import health
from server.issuer import ecdsa_key
from server.issuer import routes as issuer_routes
from server.issuer.claims import routes as claim_routes
from server.issuer.console import routes as issuer_console
from server.issuer.console.admin import first_start_token
from server.issuer.identity import ensure_key, public_origin
from server.issuer.oid4vci import routes as oid4vci_routes
from server.pwa_static.routes import favicon, pwa_file, robots_txt
from server.security import kek
from server.security.headers import add_security_headers, template_globals
from server.security.ratelimit import RateLimiter
from server.settings import Settings
from server.shares import ShareConfig
from server.shares.api import ROUTES as SHARE_API_ROUTES
from server.shares.page import ROUTES as SHARE_PAGE_ROUTES
from server.shares.state import ShareState
from server.storage import one_process_at_a_time, open_database
from server.sync import routes as sync_routes
from server.verifier import VerifierConfig
from server.verifier.routes import ROUTES as VERIFIER_ROUTES
from server.verifier.routes import VerifierState
from server.verify.pool import VerifierPool
from server.verify.routes import (
    verify_api,
    verify_page,
    verify_page_submit,
    verify_presentation_api,
)
from server.verify.service import build_verify_options, worker_spec

TEMPLATES_DIR = Path(__file__).parent / "templates"


def open_prepared_database(settings: Settings):
    """Open the database and make it ready to serve: migrations, the issuer's keys
    unlocked (made on the first start), the demo catalogue; on the very first start
    the console's one-time admin token is printed. `satchel serve --workers N` runs
    this once before the workers start, so that they find everything made (D32)."""
    db = open_database(settings.database)
    with one_process_at_a_time(db):  # PostgreSQL: processes starting together take turns
        kek.unlock(db, settings.kek_path)  # before any key is read or made
        ensure_key(db)
        ecdsa_key.current_key(db)  # the P-256 key, published before any award uses it
        if settings.demo:
            from server.demo.seed import ensure_demo_data

            ensure_demo_data(db)
        token = first_start_token(db)
    if token:
        print(
            f"Satchel issuer console: {settings.public_url}/console/login\n"
            f"One-time admin token (shown once): {token}",
            flush=True,
        )
    return db


def create_app(
    settings: Settings | None = None,
    share_config: ShareConfig | None = None,
    verifier_config: VerifierConfig | None = None,
) -> Litestar:
    settings = settings or Settings()
    public_origin(settings.public_url)  # refuse a malformed public URL before starting
    state: dict = {}
    # The verifier resolves this server's own did:web and status lists from the database.
    verify_options = build_verify_options(settings, lambda: state["db"])
    # Every verification the server runs (API, /verify page, share pages) goes to
    # worker processes with a hard deadline (server/verify/pool.py).
    verifier = VerifierPool(worker_spec(settings), settings.verifier_pool)

    def provide_db():
        return state["db"]

    shares = ShareState(share_config or ShareConfig(), settings, verifier, provide_db)
    vp_verifier = VerifierState(verifier_config or VerifierConfig(), settings, verifier, provide_db)

    @asynccontextmanager
    async def database_lifespan(app: Litestar) -> AsyncIterator[None]:
        db = open_prepared_database(settings)
        state["db"] = db
        app.state.db = db
        try:
            yield
        finally:
            await verifier.close()
            db.close()

    return Litestar(
        route_handlers=[
            health,
            verify_api,
            verify_presentation_api,
            verify_page,
            verify_page_submit,
            *issuer_routes.ROUTES,
            *oid4vci_routes.ROUTES,
            *issuer_console.ROUTES,
            *claim_routes.ROUTES,
            *account_routes.ROUTES,
            *backup_routes.ROUTES,
            *sync_routes.ROUTES,
            *SHARE_API_ROUTES,
            *SHARE_PAGE_ROUTES,
            *VERIFIER_ROUTES,
            favicon,
            robots_txt,
            pwa_file,
        ],
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "db": Provide(provide_db, sync_to_thread=False),
            "verify_options": Provide(lambda: verify_options, use_cache=True, sync_to_thread=False),
            "verifier": Provide(lambda: verifier, use_cache=True, sync_to_thread=False),
            "shares": Provide(lambda: shares, use_cache=True, sync_to_thread=False),
            "vp_verifier": Provide(lambda: vp_verifier, use_cache=True, sync_to_thread=False),
        },
        lifespan=[database_lifespan],
        # Guards and handlers read these: settings, the passkey and OID4VCI token rate limiters.
        state=State(
            {
                "settings": settings,
                "auth_limiter": RateLimiter(provide_db, settings.auth_rate_limit, settings.auth_rate_window),
                "token_limiter": RateLimiter(provide_db, settings.token_rate_limit, settings.token_rate_window),
            }
        ),
        # One table: server/errors.py maps every error to its response.
        exception_handlers=EXCEPTION_HANDLERS,
        request_class=JsonSafeRequest,
        request_max_body_size=settings.max_body_bytes,
        compression_config=CompressionConfig(backend="gzip", minimum_size=512, gzip_compress_level=6),
        template_config=TemplateConfig(
            directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=template_globals
        ),
        # CSP, frame-ancestors, nosniff and Referrer-Policy on every response that
        # does not set its own (server/security/headers.py).
        before_send=[add_security_headers, oid4vci_routes.add_cors_headers],
        # The API's OpenAPI schema at /api/v1/openapi.json, and nothing else: no UI (no
        # third-party scripts), and no catch-all under /api/v1 (unknown paths stay JSON 404s).
        openapi_config=OpenAPIConfig(
            title="Satchel API",
            version="1",
            path="/api/v1/openapi.json",
            render_plugins=[JsonRenderPlugin(path="/")],
        ),
    )
