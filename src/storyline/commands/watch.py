"""`storyline watch SOURCES`: follow feeds and sites, storing articles as they appear.

Heavy modules are imported inside the command: `storyline --help` must not load
the stages.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from storyline import __version__
from storyline.config import Settings
from storyline.errors import InputError, UpgradeNeededError, WriterBusyError

if TYPE_CHECKING:
    from storyline.store.base import Store
    from storyline.watch.commit import Stored
    from storyline.watch.poll import PollResult
    from storyline.watch.watcher import RunWrite, Watcher

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# Seconds between two polls of a source, before the interval adapts: five minutes
# is what feed readers default to, and news feeds change a few times an hour.
DEFAULT_INTERVAL_S = 300.0
# Seconds one fetch may take in all (the same as ingest's --fetch-timeout).
FETCH_TIMEOUT_S = 60.0
# Bytes one feed or page may have (as sent and decompressed): a news page with its
# markup is 50-500 KB, a busy feed up to a few MB.
MAX_PAGE_BYTES = 5_000_000
# Retries of a request that failed for a passing reason (timeout, 429, 5xx).
DEFAULT_RETRIES = 2
CONTACT_ENV = "STORYLINE_CONTACT"
HOST_DELAY_ENV = "STORYLINE_HOST_DELAY"
# Seconds between two requests to one host (see watch/polite.py).
DEFAULT_HOST_DELAY_S = 1.0


def host_delay_from_env() -> float:
    """`serve --watch`'s host delay: $STORYLINE_HOST_DELAY, else the default."""
    text = os.environ.get(HOST_DELAY_ENV, "").strip()
    try:
        value = float(text) if text else DEFAULT_HOST_DELAY_S
    except ValueError as exc:
        raise InputError(f"${HOST_DELAY_ENV} must be a number of seconds, not {text!r}") from exc
    if value < 0:
        raise InputError(f"${HOST_DELAY_ENV} must not be negative")
    return value


def user_agent(contact: str | None) -> str:
    """A User-Agent that names the program and how to reach whoever runs it."""
    reach = contact or os.environ.get(CONTACT_ENV, "").strip()
    suffix = f"; contact: {reach}" if reach else ""
    return f"storyline/{__version__} (news watcher{suffix})"


def build_watcher(
    sources: Path,
    read_store: Store,
    run_write: RunWrite[Stored],
    *,
    interval: float,
    allow_private: bool,
    contact: str | None,
    host_delay: float,
    fetch_timeout: float,
    max_bytes: int,
    max_page_bytes: int = MAX_PAGE_BYTES,
    retries: int = DEFAULT_RETRIES,
    on_poll: Callable[[PollResult, Stored], None] | None = None,
) -> Watcher:
    from storyline.ingest.fetch import DEFAULT_TIMEOUT, Fetcher
    from storyline.watch.polite import HostGate, PoliteFetcher
    from storyline.watch.poll import Poller
    from storyline.watch.sources_list import read_sources
    from storyline.watch.watcher import Watcher

    urls = read_sources(sources)
    fetcher = Fetcher(
        block_private=not allow_private,
        deadline=fetch_timeout,
        user_agent=user_agent(contact),
        timeout=min(fetch_timeout, DEFAULT_TIMEOUT),
        max_bytes=max_page_bytes,
    )
    polite = PoliteFetcher(fetcher, gate=HostGate(host_delay), attempts=retries + 1)
    return Watcher(
        urls,
        read_store,
        run_write,
        Poller(polite, max_bytes=max_bytes, page_cap=max_page_bytes),
        interval,
        on_poll=on_poll,
        on_error=_error,
    )


def _error(url: str, message: str) -> None:
    err.print(f"{url}: {message}", markup=False, highlight=False)


def _report(result: PollResult, stored: Stored) -> None:
    state = result.state
    if result.rejection is not None:
        line = f"{state.url}: {result.rejection.reason}"
    else:
        line = f"{state.url}: {state.status}, {len(stored.new_ids)} new, {len(stored.edited_ids)} edited"
        if stored.already_stored:
            line += f", {stored.already_stored} already stored"
        if stored.rejected:
            line += f", {stored.rejected} rejected"
    if stored.memory is not None:  # the writer processed something: its caches may have churned
        line += f"; {stored.memory.line()}"
    if result.handled:  # where the poll's time went (benchmarks/watch_latency.py reads it)
        line += f"; {result.phases.line()}"
    err.print(line, markup=False, highlight=False)


def watch(
    sources: Annotated[
        Path, typer.Argument(help="A file of feed or site URLs (one per line, # comments) or OPML.")
    ],
    db: Annotated[
        str | None, typer.Option("--db", help="Database file (default: storyline.db here, or $STORYLINE_DB).")
    ] = None,
    interval: Annotated[
        float,
        typer.Option(
            min=1.0,
            help="Longest wait between two polls of a source; a feed with new entries is polled up to 4 times as often.",
        ),
    ] = DEFAULT_INTERVAL_S,
    once: Annotated[
        bool, typer.Option("--once", help="Poll every source once, then exit (for cron and tests).")
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Fetch from loopback, private and link-local addresses too (local servers).",
        ),
    ] = False,
    contact: Annotated[
        str | None,
        typer.Option(
            help=f"How site owners can reach you (an e-mail or URL), sent in the User-Agent (or ${CONTACT_ENV})."
        ),
    ] = None,
    host_delay: Annotated[
        float,
        typer.Option(min=0.0, help="Seconds between two requests to the same host.", envvar=HOST_DELAY_ENV),
    ] = DEFAULT_HOST_DELAY_S,
    fetch_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one fetch may take in all.")
    ] = FETCH_TIMEOUT_S,
    max_page_bytes: Annotated[
        int, typer.Option(min=1000, help="Bytes one feed or page may have; a bigger one is rejected.")
    ] = MAX_PAGE_BYTES,
    retries: Annotated[
        int,
        typer.Option(
            min=0, max=10, help="Retries of a request that timed out or got a 429/5xx (with backoff)."
        ),
    ] = DEFAULT_RETRIES,
) -> None:
    """Follow feeds and sites: store new articles as they appear, and keep stories up to date.

    Example: storyline watch feeds.txt --db news.db --contact me@example.org
    """
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    settings = Settings.from_env(db=db)
    if not sources.is_file():
        raise InputError(f"no sources file at {sources}")
    store = open_store(settings.db)
    pipeline = Pipeline(
        store,
        workers=settings.worker_count(),
        owner="storyline watch",
        wait=settings.writer_wait,
        ttl=settings.lease_ttl,
        refuse_upgrade=True,
    )
    try:
        pipeline.require_current()  # refuses to start on a store annotated by another annotator version
    except BaseException:
        store.close()
        raise

    def run_write(job: object) -> Stored:
        with pipeline:  # the writer lease, for this poll's writes only
            stored: Stored = job(pipeline)  # type: ignore[operator]
            if stored.story_ids:  # the first views after the poll read stored pages (as after ingest)
                from storyline.web.page_store import store_after_ingest

                store_after_ingest(pipeline.store, str(settings.db), stored.story_ids)
            return stored

    watcher = build_watcher(
        sources, store, run_write, interval=interval, allow_private=allow_private, contact=contact,
        host_delay=host_delay, fetch_timeout=fetch_timeout, max_bytes=settings.max_bytes,
        max_page_bytes=max_page_bytes, retries=retries, on_poll=_report,
    )  # fmt: skip
    try:
        totals = watcher.run(once=once)
    finally:
        store.close()
    err.print(pipeline.memory().line(), markup=False, highlight=False)
    out.print(
        f"{totals.polls} polls ({totals.failed_polls} failed): {totals.new} new articles, "
        f"{totals.edited} edited, {totals.already_stored} already stored, {totals.rejected} rejected; "
        f"{len(totals.story_ids)} stories updated",
        markup=False,
        highlight=False,
    )
    if totals.failed_commits:  # cron must see it: those polls are redone by the next run
        raise WriterBusyError(
            f"{totals.failed_commits} polls could not be stored (nothing of them was); run again"
        )


def start_in_server(
    app: object, sources: Path, interval: float, allow_private: bool, contact: str | None
) -> threading.Thread:
    """`serve --watch`: the watcher on a thread of the server, writing through the
    server's one writer thread (and its long-lived pipeline). The sources file is
    read here, so a mistake in it stops the server before it starts."""
    from storyline.store import open_store
    from storyline.watch.sources_list import read_sources

    read_sources(sources)
    delay = host_delay_from_env()
    writer = app.state.writer  # type: ignore[attr-defined]
    started = threading.Event()

    def run_write(job: object) -> Stored:
        return writer.with_pipeline(job).result()  # type: ignore[no-any-return]

    def run() -> None:
        read_store = open_store(writer.db_path, readonly=True)  # this thread's own connection
        try:
            watcher = build_watcher(
                sources, read_store, run_write, interval=interval, allow_private=allow_private,
                contact=contact, host_delay=delay, fetch_timeout=FETCH_TIMEOUT_S,
                max_bytes=writer.max_bytes, on_poll=_report,
            )  # fmt: skip
            app.state.watcher = watcher  # type: ignore[attr-defined]
            started.set()
            watcher.run()
        except UpgradeNeededError as exc:  # the store needs an upgrade: the watcher stops, reads go on
            err.print(f"error: watcher stopped: {exc}", markup=False, highlight=False)
        finally:
            started.set()
            read_store.close()

    thread = threading.Thread(target=run, name="storyline-watch", daemon=True)
    thread.start()
    started.wait(timeout=30)
    return thread
