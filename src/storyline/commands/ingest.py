"""`storyline ingest`: read articles into the database, then annotate and group them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from storyline import cli_guard as guard
from storyline.commands.common import (
    FEED_TIMEOUT_S,
    FETCH_TIMEOUT_S,
    DbOption,
    FetchOptions,
    WaitOption,
    WorkersOption,
    out,
    pipeline,
    progress,
    run_ingest,
)
from storyline.config import Settings
from storyline.errors import InputError, NothingReadError
from storyline.store import open_store

if TYPE_CHECKING:
    from storyline.ingest.writer import IngestReport
    from storyline.pipeline import ProcessReport


def summary(report: IngestReport, processed: ProcessReport | None) -> str:
    """The one line an ingest ends with: what was accepted, rejected and failed."""
    text = f"{report.accepted} accepted, {report.rejected} rejected, {report.duplicates} duplicates"
    if report.aliased:
        text += f" ({report.aliased} under a new id, which now names the article kept)"
    if processed is not None and processed.failed:
        text += f"; {processed.failed} failed in processing (see `storyline failures`)"
    return text


def ingest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories or feed URLs (none with --upgrade: only redo the annotations)."
        ),
    ] = None,
    db: DbOption = None,
    workers: WorkersOption = None,
    dask: Annotated[
        str | None, typer.Option(help="Annotate on the Dask cluster at tcp://HOST:PORT (or $STORYLINE_DASK).")
    ] = None,
    process: Annotated[
        bool, typer.Option("--process/--no-process", help="Annotate and group after storing.")
    ] = True,
    upgrade: Annotated[
        bool,
        typer.Option(
            "--upgrade",
            help="Re-annotate a database annotated by another annotator version, then regroup it"
            " (refused without it; resumable: run it again after a kill).",
        ),
    ] = False,
    wait: WaitOption = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Fetch from loopback, private and link-local addresses too (local servers); refused by default.",
        ),
    ] = False,
    fetch_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one fetch may take in all (redirects and body included).")
    ] = FETCH_TIMEOUT_S,
    feed_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds all entry pages of one feed may take together.")
    ] = FEED_TIMEOUT_S,
) -> None:
    """Read articles (JSONL, CSV, TXT, HTML, RSS/Atom; .gz too) into the database, then annotate and group them.

    Example: storyline ingest news.jsonl feeds/ https://example.org/rss --db news.db
    """
    settings = Settings.from_env(db=db, workers=workers, wait=wait, dask=dask)
    sources = sources or []
    if upgrade and not process:
        raise InputError("--upgrade re-annotates and --no-process does not process: give one of them")
    if not sources and not upgrade:
        raise InputError(
            "give a file, directory or feed URL to ingest (or --upgrade alone to redo the annotations)"
        )
    guard.check_sources(sources)
    if not sources and "://" not in str(settings.db) and not Path(settings.db).exists():
        raise InputError(f"no database at {settings.db}: --upgrade alone redoes a stored one")
    with open_store(settings.db) as store:
        if process and not upgrade:
            from storyline.upgrade import require_current

            require_current(store)  # before anything is stored: exit 4, one line, nothing changed
        if not sources:
            with progress() as update, pipeline(store, settings, "storyline ingest", update) as writer:
                redone = writer.process()
            out.print(upgraded(redone))
            return
        fetching = FetchOptions(allow_private, fetch_timeout, feed_timeout)
        report, processed = run_ingest(store, sources, settings, process, fetching)
        if processed is not None and processed.touched_stories:
            from storyline.web.page_store import store_after_ingest  # the first views read stored pages

            store_after_ingest(store, str(settings.db), processed.touched_stories)
    line = summary(report, processed)
    if not report.read_any:
        first = report.first_rejection
        why = f": {first.input}: {first.reason}" if first is not None else ""
        more = f" and {report.rejected - 1} more" if first is not None and report.rejected > 1 else ""
        raise NothingReadError(f"nothing could be read from the input{why}{more} ({line})")
    out.print(line)
    if processed is not None and processed.reclustered:
        out.print(upgraded(processed))


def upgraded(processed: ProcessReport) -> str:
    """The line an upgrade ends with (or an `--upgrade` that found nothing to do)."""
    from storyline.annotate import VERSION

    if not processed.reclustered and not processed.annotated:
        return f"nothing to upgrade: the annotations are annotator version {VERSION}'s"
    text = f"{processed.annotated} articles annotated by annotator version {VERSION}"
    if processed.reclustered:
        text += "; threads, stories and entities rebuilt from them"
    if processed.failed:
        text += f"; {processed.failed} failed in processing (see `storyline failures`)"
    return text
