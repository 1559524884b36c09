"""The `storyline` command: a thin layer over the pipeline, the store and the exporters.

Every user mistake ends as one line on stderr and a non-zero exit code; only a
bug in storyline itself shows a traceback.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import __version__
from storyline import cli_guard as guard
from storyline.config import Settings
from storyline.errors import InputError, NothingReadError, StorylineError
from storyline.store import Store, open_store

if TYPE_CHECKING:  # imported lazily below: `storyline --help` must not load the stages
    from storyline.ingest.writer import IngestReport
    from storyline.pipeline import ProcessReport

try:  # typer >= 0.20 vendors click; older releases use click itself
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

app = typer.Typer(
    name="storyline",
    help="Follow developing news stories across outlets and days.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
# Defaults of the fetch time limits; the same as ingest.fetch.DEFAULT_DEADLINE and
# ingest.feed.DEFAULT_FEED_DEADLINE (not imported: `--help` must not load ingest).
FETCH_TIMEOUT_S = 60.0
FEED_TIMEOUT_S = 300.0
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database file (default: storyline.db here, or $STORYLINE_DB)."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=0, help="Annotation processes (0: one per core)."),
]


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@contextlib.contextmanager
def _progress() -> Iterator[object]:
    """A rich progress display; each pipeline step gets its own bar."""
    columns = (TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, object] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)  # type: ignore[arg-type]

        yield update


def _open(db: str | None, readonly: bool = True) -> Store:
    """The store for a command; read commands open it read-only (nothing created,
    migrated or switched to WAL, and a missing file is an error)."""
    path = Settings.from_env(db=db).db
    return open_store(path, readonly=readonly)


@dataclass(frozen=True)
class FetchOptions:
    """How the CLI fetches: private addresses refused unless allowed, and time limits."""

    allow_private: bool = False
    fetch_timeout: float = FETCH_TIMEOUT_S
    feed_timeout: float = FEED_TIMEOUT_S


def _run_ingest(
    store: Store, sources: list[str], settings: Settings, process: bool, fetching: FetchOptions | None = None
) -> tuple[IngestReport, ProcessReport | None]:
    from storyline.ingest import Fetcher, ingest
    from storyline.pipeline import process as run_process

    fetching = fetching or FetchOptions()
    fetcher = Fetcher(block_private=not fetching.allow_private, deadline=fetching.fetch_timeout)
    fetcher.timeout = min(fetcher.timeout, fetching.fetch_timeout)
    with _progress() as update:
        report = ingest(
            store,
            sources,
            max_bytes=settings.max_bytes,
            on_progress=lambda n: update("ingest", n, n),  # type: ignore[operator]
            fetch=fetcher,
            feed_deadline=fetching.feed_timeout,
        )
        processed = run_process(store, settings.worker_count(), update) if process else None  # type: ignore[arg-type]
    return report, processed


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories or feed URLs.")],
    db: DbOption = None,
    workers: WorkersOption = None,
    process: Annotated[
        bool, typer.Option("--process/--no-process", help="Annotate and group after storing.")
    ] = True,
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
    settings = Settings.from_env(db=db, workers=workers)
    guard.check_sources(sources)
    with open_store(settings.db) as store:
        fetching = FetchOptions(allow_private, fetch_timeout, feed_timeout)
        report, processed = _run_ingest(store, sources, settings, process, fetching)
    summary = f"{report.accepted} accepted, {report.rejected} rejected, {report.duplicates} duplicates"
    if not report.read_any:
        first = report.first_rejection
        why = f": {first.input}: {first.reason}" if first is not None else ""
        more = f" and {report.rejected - 1} more" if first is not None and report.rejected > 1 else ""
        raise NothingReadError(f"nothing could be read from the input{why}{more} ({summary})")
    out.print(summary)
    if processed is not None and processed.reclustered:
        out.print("annotations redone by a newer annotator: threads, stories and entities rebuilt")


@app.command()
def articles(
    db: DbOption = None,
    story: Annotated[str | None, typer.Option(help="Only the articles of this story.")] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List stored articles in ingest order.

    Example: storyline articles --db news.db --limit 10
    """
    with _open(db) as store:
        groups = store.assignments()
        ids = store.get_story(story).article_ids if story else None
        rows = []
        for article in store.iter_articles(ids, with_annotation=False):
            thread_id, story_id = groups.get(article.id, ("", ""))
            rows.append((article, thread_id, story_id))
            if limit and len(rows) >= limit:
                break
    if as_json:
        for article, thread_id, story_id in rows:
            record = {
                "id": article.id, "source": article.source, "title": article.title,
                "published": article.published, "published_precision": article.published_precision,
                "lang": article.lang, "thread_id": thread_id, "story_id": story_id,
                "duplicate_of": article.duplicate_of, "chars": len(article.text),
            }
            out.print(json.dumps(record, ensure_ascii=False), markup=False, highlight=False)
        return
    table = Table("id", "published", "source", "story", "title / text")
    for article, _, story_id in rows:
        snippet = article.title or article.text[:70].strip()
        table.add_row(article.id, article.published or "—", article.source or "—", story_id or "—", snippet)
    out.print(table)


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts of what the database holds.

    Example: storyline stats --db news.db
    """
    with _open(db) as store:
        counts = {
            "articles": store.count_articles(),
            "near-duplicates": store.count_duplicates(),
            "rejections": len(store.rejections()),
            "threads": len(store.threads()),
            "stories": len(store.stories()),
            "entities": len(store.entities()),
        }
    table = Table("what", "count")
    for name, value in counts.items():
        table.add_row(name, str(value))
    out.print(table)


@app.command()
def stories(db: DbOption = None, limit: Annotated[int, typer.Option(min=0)] = 30) -> None:
    """List stories, largest first.

    Example: storyline stories --db news.db
    """
    with _open(db) as store:
        items = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.id))
    table = Table("story", "articles", "threads", "from", "to", "title")
    for s in items[: limit or None]:
        table.add_row(s.id, str(len(s.article_ids)), str(len(s.thread_ids)),
                      s.first_published or "—", s.last_published or "—", s.title)
    out.print(table)


@app.command()
def show(story_id: Annotated[str, typer.Argument(help="A story id (see `storyline stories`).")],
         db: DbOption = None) -> None:
    """Print a story: summary, timeline, facts (updates and conflicts flagged) and quotes by speaker.

    Example: storyline show sty-000001 --db news.db
    """
    from storyline.story.render import render_story

    with _open(db) as store:
        story = store.get_story(story_id)
        arts = {a.id: a for a in store.iter_articles(story.article_ids)}
        entities = {e.id: e for e in store.entities()}
        novelty = {a: store.novelty(a) for a in arts}
    render_story(out, story, arts, entities, novelty)


def export_store(store: Store, fmt: ExportFormat, handle: TextIO) -> int:
    if fmt is ExportFormat.json:
        from storyline.export.json import write_json

        return write_json(store, handle)
    if fmt is ExportFormat.jsonl:
        from storyline.export.json import write_jsonl

        return write_jsonl(store, handle)
    if fmt is ExportFormat.csv:
        from storyline.export.csv import write_csv

        return write_csv(store, handle)
    from storyline.export.markdown import write_markdown

    stories = store.stories()
    articles = {a.id: a for a in store.iter_articles()}
    novelty = {article_id: store.novelty(article_id) for article_id in articles}
    write_markdown(stories, articles, {e.id: e for e in store.entities()}, novelty, handle)
    return len(articles)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json (contract v1), jsonl, csv or markdown.")] = ExportFormat.json,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Export everything: articles with annotations, entities, threads, stories, rejections.

    Example: storyline export --format json -o corpus.json --db news.db
    """
    database = Settings.from_env(db=db).db
    with _open(db) as store, guard.output(output, database) as handle:
        count = export_store(store, fmt, handle)
    if output not in (None, "-"):
        err.print(f"{count} articles written to {output}")


@app.command()
def recluster(db: DbOption = None) -> None:
    """Rebuild threads, stories and entities from the stored annotations.

    Example: storyline recluster --db news.db
    """
    from storyline.pipeline import recluster as run_recluster

    with _open(db, readonly=False) as store, _progress() as update:
        report = run_recluster(store, update)  # type: ignore[arg-type]
        threads, story_count = len(store.threads()), len(store.stories())
    out.print(f"{report.grouped} articles in {threads} threads and {story_count} stories")


@app.command()
def demo(
    workers: WorkersOption = None,
    directory: Annotated[Path, typer.Option("--dir", help="Where to write the demo files.")] = Path("."),
) -> None:
    """Run the whole pipeline on the bundled example corpus (five articles, January 2022).

    Writes storyline-demo.db and storyline-demo.json and prints the stories.
    Example: storyline demo
    """
    from importlib import resources

    from storyline.export.json import write_json
    from storyline.story.render import render_story

    if not directory.is_dir():
        raise InputError(f"--dir {directory} is not a folder")
    db_path = directory / "storyline-demo.db"
    json_path = directory / "storyline-demo.json"
    seeds = resources.files("storyline") / "examples" / "seeds"
    from storyline.store.opening import inspect as inspect_database

    inspect_database(str(db_path), for_write=True)  # never deletes a file that is not a storyline database
    for stale in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        stale.unlink(missing_ok=True)  # the demo always starts from a fresh database
    settings = Settings(db=str(db_path), workers=workers or 0)
    with resources.as_file(seeds) as seeds_path, open_store(db_path) as store:
        report, _ = _run_ingest(store, [str(seeds_path)], settings, process=True)
        with guard.output(str(json_path), str(db_path)) as handle:
            write_json(store, handle)
        story_list = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.id))
        out.print(
            f"{report.accepted} accepted, {report.rejected} rejected, "
            f"{report.duplicates} duplicates; {len(store.threads())} threads, {len(story_list)} stories"
        )
        entities = {e.id: e for e in store.entities()}
        for story in story_list:
            arts = {a.id: a for a in store.iter_articles(story.article_ids)}
            out.rule(f"story {story.id}")
            render_story(out, story, arts, entities, {a: store.novelty(a) for a in arts})
    out.print(f"\nwrote {db_path} and {json_path}; try: storyline show STORY_ID --db {db_path}")


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Follow developing news stories across outlets and days."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the app and turns user mistakes into one line and an exit code."""
    interrupt = guard.Interrupt(err)
    guard.install(interrupt)
    try:
        code = app(args=argv, standalone_mode=False)
    except StorylineError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        return exc.exit_code
    except click_exceptions.NoArgsIsHelpError as exc:
        out.print(exc.ctx.get_help(), markup=False, highlight=False)
        return 0
    except click_exceptions.ClickException as exc:
        err.print(f"error: {exc.format_message()}", markup=False, highlight=False)
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return interrupt.report()
    except typer.Exit as exc:
        code = exc.exit_code
    except BrokenPipeError:
        return 0
    except sqlite3.Error as exc:
        err.print(f"error: {guard.describe_db_error(exc)}", markup=False, highlight=False)
        return 1
    except OSError as exc:
        err.print(f"error: {guard.describe_os_error(exc)}", markup=False, highlight=False)
        return 1
    if interrupt.signum is not None:  # typer turned the KeyboardInterrupt into exit code 130
        return interrupt.report()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
