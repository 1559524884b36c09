"""The web application: API, pages, static files, security headers, error shapes.

`create_app(db)` opens the database once through the writer thread (which
migrates it and backfills the search index of an older database), then serves
every read on read-only connections: per-thread SQLite connections, or a pool
of read-only PostgreSQL sessions for a `postgresql://` URL (whose writer takes
the store's advisory-lock lease, as a CLI ingest does). Pages never load anything from another
origin: the Content-Security-Policy allows scripts, styles, images and fetches
from this server only, and no inline script.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import __version__
from storyline.config import DEFAULT_MAX_BYTES
from storyline.errors import NotFoundError, StorylineError
from storyline.query.story_view import ViewOptions
from storyline.store.base import Store
from storyline.web.api import ApiError, feed_router, router
from storyline.web.cache import CACHE_ENTRIES, CacheMiddleware, ResponseCache
from storyline.web.catalog import Catalog
from storyline.web.live import LIVE_WAIT_S, GenerationWaiter
from storyline.web.page_store import StoredPages
from storyline.web.search import Searcher
from storyline.web.story_page import PageCache
from storyline.web.writer import WriterThread

log = logging.getLogger("storyline.web")

# Inline styles are allowed (vis-timeline and Swagger UI position elements with
# them); scripts, fonts, images and fetches come from this origin only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
    " form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# The page kinds whose unknown id a 404 page names ("/stories/x": no story "x").
MISSING_KEYS = {
    "stories": "no_story",
    "threads": "no_thread",
    "articles": "no_article",
    "entities": "no_entity",
}


# Seconds between a page's checks for new articles (the story list and story
# pages poll a cheap marker; an unchanged one is a bodiless 204). A news desk
# wants a new report within a minute; 15 s keeps that with 8 open pages costing
# one marker look-up every 2 s, served from the response cache between writes.
LIVE_POLL_S = 15


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every answer that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                if extra:
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def static_dir() -> Path:
    return Path(str(resources.files("storyline.web") / "static"))


def create_app(
    db: str | Path,
    token: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache_entries: int = CACHE_ENTRIES,
    live_poll_s: int = LIVE_POLL_S,
    live_wait_s: int = LIVE_WAIT_S,
) -> FastAPI:
    """The app over one database (a file, which must exist, or a `postgresql://`
    URL); `cache_entries=0` turns the response cache off (every request then runs
    its queries), `live_poll_s=0` stops the pages from checking for new articles,
    `live_wait_s=0` makes them check every `live_poll_s` instead of long-polling (`live.py`)."""
    path: str | Path = str(db) if str(db).startswith(("postgresql://", "postgres://")) else Path(db)
    writer: WriterThread | None = None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.live.stop_on_exit_signals()  # a stopping server ends the pages' waits first
        yield
        app.state.writer.close()
        app.state.catalog.close()

    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Stories, threads, articles, entities and search over one storyline database.",
        docs_url=None,  # served below from vendored Swagger UI (no CDN)
        redoc_url=None,
        lifespan=lifespan,
    )
    catalog_holder: dict[str, Catalog] = {}

    stored_holder: dict[str, StoredPages] = {}

    def refresh_pages(store: Store, story_ids: list[str]) -> None:
        stored_holder["stored"].refresh(store, story_ids)

    writer = WriterThread(path, max_bytes, after_write=refresh_pages)
    writer.submit(lambda store: None).result()  # migrate (and backfill the search index) before reading
    catalog = Catalog(path)
    catalog_holder["catalog"] = catalog
    from storyline.web.page_store import STORY_TOP

    stored_holder["stored"] = StoredPages(catalog, ViewOptions(top=STORY_TOP), writer.submit)
    app.state.stored_pages = stored_holder["stored"]
    app.state.catalog = catalog
    app.state.searcher = Searcher(catalog)
    app.state.pages = PageCache()
    app.state.responses = ResponseCache(cache_entries)
    app.state.writer = writer
    app.state.token = token or None
    app.state.live_poll_s = live_poll_s
    app.state.live_wait_s = live_wait_s
    app.state.live = GenerationWaiter(catalog.generation)

    # Plain ASGI middleware (not BaseHTTPMiddleware): the cache inside, the headers
    # outermost, so an answer served from the cache gets them too.
    app.add_middleware(CacheMiddleware, cache=app.state.responses, generation=catalog.generation)
    app.add_middleware(SecurityHeaders)

    def _wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api") or request.url.path.endswith((".json", ".atom"))

    def _error(
        request: Request,
        status: int,
        message: str,
        key: str | None = None,
        params: dict[str, str] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> Response:
        """JSON (English `message`, plus `fields`) for the API; a page worded in its
        language from `key`."""
        if _wants_json(request):
            return JSONResponse({"error": message, **(fields or {})}, status_code=status)
        from storyline.web.pages import error_page

        return error_page(request, status, key, params or {})

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc.status, exc.message, exc.key, exc.params, exc.fields)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        kind, _, rest = request.url.path.lstrip("/").partition("/")
        key = MISSING_KEYS.get(kind)
        return _error(request, 404, str(exc), key, {"id": unquote(rest.split("/")[0])} if key else None)

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, exc: StorylineError) -> Response:
        return _error(request, 400, str(exc))  # a page says "bad request" in its language

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts, names = [], []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
            names += [where] if where and where not in names else []
        key = "bad_params" if names else None
        return _error(request, 422, "; ".join(parts) or "invalid request", key, {"names": ", ".join(names)})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))  # a page: the status's words

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")

    app.include_router(router)
    app.include_router(feed_router)
    from storyline.web.pages import pages

    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_PAGE)

    return app


# Swagger UI from the vendored copy; started by static/docs.js (no inline script).
_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>storyline API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>
"""
