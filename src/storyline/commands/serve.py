"""`storyline serve`: the web interface and the JSON API on uvicorn.

With `--workers N` uvicorn runs N server processes on one socket, each with its
own read connections and response cache (web/cache.py). Writes stay single: a
posted article goes to its process's writer thread, which holds the store's
writer lease only while it stores and processes that article, so at any moment
at most one process (or one CLI ingest) writes, and the others wait for the
lease. The worker processes rebuild the app from environment variables that
this command sets (uvicorn starts them with an import string, not an object).
"""

from __future__ import annotations

import math
import os
import socket
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from storyline.config import Settings
from storyline.errors import InputError

# The server's default address: loopback only, so nothing is exposed by accident.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Server processes at most: past the machine's cores more processes only add
# memory (each keeps its own caches and, once an article is posted, its models).
MAX_WORKERS = 32
# The web's defaults (web/cache.py CACHE_ENTRIES, web/app.py LIVE_POLL_S), not
# imported: `storyline --help` must not load the web stack.
DEFAULT_CACHE = 2048
DEFAULT_POLL_S = 15
DEFAULT_LIVE_WAIT_S = 25  # web/live.py LIVE_WAIT_S
# A longer wait only suits a server no proxy stands in front of; past this, a page
# left open on a dead connection learns too late that it should ask again.
MAX_LIVE_WAIT_S = 120
# Under --watch the pages check twice per watch interval when that is sooner than
# DEFAULT_POLL_S (`live_poll`), so their refresh adds at most half an interval to the
# up to one interval an arrival waits for its feed's poll: at --watch-interval 5 a page
# checking every 15 s left its viewer waiting 0-15 s more for an article already in
# the story's view (benchmarks/watch_latency.py, session 16: p95 ~6.5 s to the view,
# ~20 s to a viewer's page). A check is one marker look-up, a bodiless 204 from the
# response cache between writes (web/app.py LIVE_POLL_S: 8 pages at 15 s cost one every
# 2 s; at 3 s, 2.7 a second); never more often than every MIN_WATCH_POLL_S.
WATCH_POLL_SHARE = 0.5
MIN_WATCH_POLL_S = 2
# Environment through which the worker processes get their settings.
ENV_DB = "STORYLINE_SERVE_DB"
ENV_TOKEN = "STORYLINE_SERVE_TOKEN"
ENV_MAX_BYTES = "STORYLINE_SERVE_MAX_BYTES"
ENV_CACHE = "STORYLINE_SERVE_CACHE"
ENV_POLL = "STORYLINE_SERVE_POLL"
ENV_LIVE_WAIT = "STORYLINE_SERVE_LIVE_WAIT"
ENV_WATCH = "STORYLINE_SERVE_WATCH"  # the sources file of --watch ("" for none)
ENV_WATCH_INTERVAL = "STORYLINE_SERVE_WATCH_INTERVAL"
ENV_ALLOW_PRIVATE = "STORYLINE_SERVE_ALLOW_PRIVATE"

err = Console(stderr=True, soft_wrap=True)


def _token(token_file: Path | None) -> str | None:
    """The bearer token for POST /api/articles: --token-file wins over $STORYLINE_TOKEN."""
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise InputError(f"cannot read --token-file {token_file}: {exc.strerror or exc}") from exc
        if not token:
            raise InputError(f"--token-file {token_file} is empty")
        return token
    return os.environ.get("STORYLINE_TOKEN", "").strip() or None


def _check_listen(host: str, port: int) -> None:
    """Fail with one line before loading anything when the address cannot be bound."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def redact(url: str) -> str:
    """A URL without its password, to print."""
    from storyline.store.postgres import redact as _redact

    return _redact(url)


def _check_postgres(url: str) -> None:
    """A PostgreSQL database to serve must hold a storyline store (one line otherwise)."""
    from storyline.query.connect import open_connections

    open_connections(url).close()


def live_poll(poll: int | None, watching: bool, watch_interval: float) -> int:
    """Seconds between the pages' checks: `--poll` when given; else the default, or
    under --watch half the watch interval when that is shorter (at least MIN_WATCH_POLL_S)."""
    if poll is not None:
        return poll
    if not watching:
        return DEFAULT_POLL_S
    return max(MIN_WATCH_POLL_S, min(DEFAULT_POLL_S, math.ceil(watch_interval * WATCH_POLL_SHARE)))


def app_from_env():  # type: ignore[no-untyped-def]
    """The app of one worker process, from the settings `serve` put in the environment."""
    from storyline.web.app import create_app

    application = create_app(
        os.environ[ENV_DB],
        token=os.environ.get(ENV_TOKEN) or None,
        max_bytes=int(os.environ[ENV_MAX_BYTES]),
        cache_entries=int(os.environ[ENV_CACHE]),
        live_poll_s=int(os.environ[ENV_POLL]),
        live_wait_s=int(os.environ.get(ENV_LIVE_WAIT, str(DEFAULT_LIVE_WAIT_S))),
    )
    sources = os.environ.get(ENV_WATCH, "")
    if sources:  # serve --watch: the watcher writes through this process's one writer thread
        from storyline.commands import watch as _watch

        interval = float(os.environ.get(ENV_WATCH_INTERVAL, "300"))
        allow_private = os.environ.get(ENV_ALLOW_PRIVATE) == "1"
        _watch.start_in_server(application, Path(sources), interval, allow_private, None)
    _settle_heap()
    return application


def _settle_heap() -> None:
    """Move everything the server has built so far (modules, templates, routes, the
    database's catalog) out of the cyclic collector's reach (`gc.freeze`). They live
    as long as the process, yet each full collection walked them all again: at 100k
    (bsnlp-ru replayed, 8 clients searching) one full collection took ~60 ms of CPU
    with the GIL held, a stall every request in flight waited out, ~0.9 ms a request
    on average; frozen, collections cost ~0.07 ms a request. Reference counting
    still frees them; only cycles among them are never collected, and they are the
    app's own, kept till exit. Per server process (not in `create_app`, which tests
    call many times)."""
    import gc

    gc.collect()
    gc.freeze()


def serve(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or postgresql:// URL (default: storyline.db here, or $STORYLINE_DB).",
        ),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = DEFAULT_PORT,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="File holding the bearer token that POST /api/articles needs (or $STORYLINE_TOKEN).",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(min=1, max=MAX_WORKERS, help="Server processes (one writer among them at a time)."),
    ] = 1,
    cache: Annotated[
        int,
        typer.Option(
            min=0, help="Answers each process keeps until the store changes (0: no response cache)."
        ),
    ] = DEFAULT_CACHE,
    poll: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=3600,
            help="Seconds between the pages' checks for new articles when they cannot wait for one"
            " (--live-wait 0, or a failed wait) (default 15; with --watch half its interval if shorter,"
            " at least 2; 0: pages never update themselves).",
        ),
    ] = None,
    live_wait: Annotated[
        int,
        typer.Option(
            "--live-wait",
            min=0,
            max=MAX_LIVE_WAIT_S,
            help="Seconds a page's check for new articles waits on the server for one (long poll:"
            " a new article shows at once; 0: check every --poll seconds instead).",
        ),
    ] = DEFAULT_LIVE_WAIT_S,
    watch: Annotated[
        Path | None,
        typer.Option("--watch", help="Also watch the sources in this file (see `storyline watch`)."),
    ] = None,
    watch_interval: Annotated[
        float, typer.Option(min=1.0, help="Seconds between polls for --watch.")
    ] = 300.0,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="--watch may fetch from loopback and private addresses.")
    ] = False,
) -> None:
    """Serve the web interface and the JSON API (OpenAPI at /openapi.json, docs at /docs).

    Example: storyline serve --db news.db --port 8000, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from storyline.store import open_store

    settings = Settings.from_env(db=db)
    path = settings.db
    postgres = path.startswith(("postgresql://", "postgres://"))
    if "://" in path and not postgres:
        raise InputError(f"cannot serve {path}: give a database file or a postgresql:// URL")
    if not postgres and not Path(path).is_file():
        raise InputError(f"no database at {path}; run `storyline ingest PATH --db {path}` first")
    token = _token(token_file)
    if watch is not None:
        if workers != 1:
            raise InputError("--watch runs the watcher in one server process: give --workers 1")
        from storyline.watch.sources_list import read_sources

        read_sources(watch)  # a mistake in the sources file stops the server before it starts
    _check_listen(host, port)
    if postgres:
        _check_postgres(path)
    with open_store(path):  # migrate once here, not in every worker at the same time
        pass
    os.environ.update(
        {
            ENV_DB: path if postgres else str(Path(path).resolve()),
            ENV_TOKEN: token or "",
            ENV_MAX_BYTES: str(settings.max_bytes),
            ENV_CACHE: str(cache),
            ENV_POLL: str(live_poll(poll, watch is not None, watch_interval)),
            ENV_LIVE_WAIT: str(live_wait),
            ENV_WATCH: str(watch.resolve()) if watch is not None else "",
            ENV_WATCH_INTERVAL: str(watch_interval),
            ENV_ALLOW_PRIVATE: "1" if allow_private else "",
        }
    )
    where = f"http://{host}:{port}/"
    shown = redact(path) if postgres else path
    err.print(f"serving {shown} on {where} (API docs: /docs)", markup=False, highlight=False)
    try:
        uvicorn.run(
            "storyline.commands.serve:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
    except SystemExit as exc:  # uvicorn exits when it cannot bind (a race with _check_listen)
        if exc.code:
            raise InputError(f"cannot listen on {host}:{port}") from exc
