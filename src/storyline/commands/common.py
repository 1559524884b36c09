"""What the CLI commands share: their option types, the consoles, opening the store
or a reader, the pipeline of a writing command, and the layout of listings.

Nothing heavy is imported at module level: `storyline --help` loads every command
module, and must not load the stages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.config import Settings
from storyline.errors import InputError
from storyline.store import Store, open_store

if TYPE_CHECKING:
    from storyline.ingest.writer import IngestReport
    from storyline.pipeline import Pipeline, ProcessReport
    from storyline.query import Reader

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# Defaults of the fetch time limits; the same as ingest.fetch.DEFAULT_DEADLINE and
# ingest.feed.DEFAULT_FEED_DEADLINE (not imported: `--help` must not load ingest).
FETCH_TIMEOUT_S = 60.0
FEED_TIMEOUT_S = 300.0
# A listing's title column never narrows below this, whatever the terminal.
TITLE_MIN_WIDTH = 20

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database file or postgresql:// URL (default: storyline.db here, or $STORYLINE_DB)."
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=0, help="Annotation processes (0: one per core)."),
]
WaitOption = Annotated[
    float | None,
    typer.Option(
        "--wait",
        min=0,
        help="Seconds to wait while another writer holds the database (default: 300, or $STORYLINE_WRITER_WAIT).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]


@contextlib.contextmanager
def progress() -> Iterator[object]:
    """A rich progress display; each pipeline step gets its own bar."""
    columns = (TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, object] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)  # type: ignore[arg-type]

        yield update


def open_db(db: str | None, readonly: bool = True) -> Store:
    """The store for a command; read commands open it read-only (nothing created,
    migrated or switched to WAL, and a missing file is an error)."""
    path = Settings.from_env(db=db).db
    return open_store(path, readonly=readonly)


def reader(db: str | None) -> Reader:
    """A read-only reader: read commands never create, migrate or write the database."""
    from storyline.query import MissingDatabaseError, Reader
    from storyline.store.opening import inspect as inspect_database

    path = Settings.from_env(db=db).db
    if "://" not in path:
        inspect_database(path, for_write=False)  # the same refusals, in the same words, as every command
    try:
        return Reader(path)
    except MissingDatabaseError as exc:
        raise InputError(f"no database at {path}; run `storyline ingest PATH --db {path}` first") from exc


@dataclass(frozen=True)
class FetchOptions:
    """How the CLI fetches: private addresses refused unless allowed, and time limits."""

    allow_private: bool = False
    fetch_timeout: float = FETCH_TIMEOUT_S
    feed_timeout: float = FEED_TIMEOUT_S


def pipeline(store: Store, settings: Settings, owner: str, update: object) -> Pipeline:
    """The writer of this command: it holds the writer lease while in its with-block."""
    from storyline.pipeline import Pipeline

    return Pipeline(
        store,
        workers=settings.worker_count(),
        dask=settings.dask,
        progress=update,  # type: ignore[arg-type]
        owner=owner,
        wait=settings.writer_wait,
        ttl=settings.lease_ttl,
    )


def run_ingest(
    store: Store,
    sources: list[str],
    settings: Settings,
    process: bool,
    fetching: FetchOptions | None = None,
    owner: str = "storyline ingest",
) -> tuple[IngestReport, ProcessReport | None]:
    """Store the sources (and annotate and group them when `process`), with a progress display."""
    from storyline.ingest import Fetcher

    fetching = fetching or FetchOptions()
    fetcher = Fetcher(block_private=not fetching.allow_private, deadline=fetching.fetch_timeout)
    fetcher.timeout = min(fetcher.timeout, fetching.fetch_timeout)
    with progress() as update, pipeline(store, settings, owner, update) as writer:
        report = writer.ingest(
            sources, max_bytes=settings.max_bytes, fetch=fetcher, feed_deadline=fetching.feed_timeout
        )
        processed = writer.process() if process else None
    return report, processed


def print_list(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """A listing with one line per row: every column kept whole but the last (a
    title), which is cut with an ellipsis to fit; on a terminal too narrow even for
    that, the lines run past its edge rather than break a column."""
    table = Table()
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(header[:-1])]
    for name, width in zip(header, widths, strict=False):
        table.add_column(name, no_wrap=True, min_width=width)
    table.add_column(header[-1], no_wrap=True, overflow="ellipsis", ratio=1, min_width=TITLE_MIN_WIDTH)
    needed = sum(widths) + TITLE_MIN_WIDTH + 3 * len(header) + 1  # cells, padding and borders
    if needed > out.width:
        table.width = needed
    for row in rows:
        table.add_row(*row)
    out.print(table)


def page_note(shown: int, offset: int, total: int, noun: str) -> None:
    """The line under a paged list: where this page sits and how to get the next one."""
    if total == 0:
        out.print(f"no {noun}")
    elif offset + shown < total:
        first = offset + 1 if shown else offset
        out.print(f"{noun} {first}–{offset + shown} of {total}; next page: --offset {offset + shown}")


def print_plain(line: str) -> None:
    """One line as it is: no rich markup or highlighting (URLs, JSON, user text)."""
    out.print(line, markup=False, highlight=False)
