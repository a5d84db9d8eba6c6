"""Serve the built PWA (pwa/dist) at the site root.

index.html, sw.js and the manifest are revalidated on every load so updates
reach learners; hashed assets are cached for a year. Unknown paths without a
file extension get index.html (client-side navigation); machine paths
(/api/, /.well-known/, /oid4vci/, /issuer/) never do: they get a JSON 404, so
that a program probing for metadata (``/.well-known/openid-configuration``) is
told plainly that there is none.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from litestar import HttpMethod, Response, get, route
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ServiceUnavailableException
from litestar.params import FromPath
from litestar.response import File

from server.errors import is_machine_path
from server.settings import Settings

MEDIA_TYPES = {".webmanifest": "application/manifest+json", ".js": "text/javascript", ".mjs": "text/javascript"}
# esbuild names bundles name-HASH8.js / .css; nothing else is content-hashed.
HASHED_NAME = re.compile(r"-[A-Z0-9]{8}\.(js|css)$")
# connect-src allows https: so the wallet can receive OID4VCI offers from other issuers.
CSP = (
    "default-src 'self'; img-src 'self' data:; connect-src 'self' https:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def cache_control_for(name: str) -> str:
    if HASHED_NAME.search(name):
        return "public, max-age=31536000, immutable"
    return "no-cache"


def resolve_pwa_file(dist: Path, rel: str) -> Path:
    # No file has a NUL in its name or a name longer than 255 bytes: the file
    # system would raise (ValueError, ENAMETOOLONG) rather than say "no such file".
    if "\0" in rel or any(len(part.encode("utf-8", "surrogatepass")) > 255 for part in rel.split("/")):
        raise NotFoundException("Not found.")
    if is_machine_path("/" + rel.lstrip("/")):
        raise NotFoundException("No such endpoint.")
    if not (dist / "index.html").is_file():
        raise ServiceUnavailableException(
            "The wallet app has not been built yet: run `npm run build` (or `make run`)."
        )
    rel = rel.lstrip("/")
    root = dist.resolve()
    try:
        candidate = (root / (rel or "index.html")).resolve()
        if root not in candidate.parents and candidate != root:
            raise NotFoundException("Not found.")
        if candidate.is_file():
            return candidate
    except (OSError, ValueError):
        raise NotFoundException("Not found.") from None
    if "." not in Path(rel).name:
        return root / "index.html"
    raise NotFoundException("Not found.")


# HEAD answers like GET (headers, no body): link checkers and uptime probes use it.
@route(["/", "/{path:path}"], http_method=[HttpMethod.GET, HttpMethod.HEAD], include_in_schema=False)
async def pwa_file(settings: NamedDependency[Settings], path: FromPath[str] = "/") -> File:
    file = resolve_pwa_file(settings.pwa_dir, path)
    headers = {
        "Cache-Control": cache_control_for(file.name),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": CSP,
        "Referrer-Policy": "no-referrer",
    }
    media_type = MEDIA_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
    return File(path=file, headers=headers, media_type=media_type, content_disposition_type="inline")


# The PWA's own icon (a PNG: every browser takes one at /favicon.ico), cached a week.
FAVICON = "icons/icon-192.png"


@route("/favicon.ico", http_method=[HttpMethod.GET, HttpMethod.HEAD], include_in_schema=False)
async def favicon(settings: NamedDependency[Settings]) -> File:
    file = resolve_pwa_file(settings.pwa_dir, FAVICON)
    return File(
        path=file,
        headers={"Cache-Control": "public, max-age=604800", "X-Content-Type-Options": "nosniff"},
        media_type="image/png",
        content_disposition_type="inline",
    )


# Crawlers may read the public pages (the wallet's start page, /verify); they
# stay out of machine paths, the issuer console and claim/offer links, and
# everything that is someone's own: share pages and verifier results.
ROBOTS_TXT = """User-agent: *
Disallow: /api/
Disallow: /oid4vci/
Disallow: /oid4vp/
Disallow: /issuer/
Disallow: /console
Disallow: /claim/
Disallow: /offer/
Disallow: /s/
Disallow: /verifier
Allow: /
"""


@get("/robots.txt", include_in_schema=False)
async def robots_txt() -> Response[str]:
    return Response(
        ROBOTS_TXT,
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )
