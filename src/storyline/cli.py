"""The `storyline` command: a thin layer over the pipeline, the store and the exporters.

Every user mistake ends as one line on stderr and a non-zero exit code; only a
bug in storyline itself shows a traceback.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
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
from storyline.commands.serve import serve as serve_command
from storyline.config import Settings
from storyline.errors import InputError, NothingReadError, StorylineError
from storyline.query.view import DEFAULT_TOP
from storyline.store import Store, open_store

if TYPE_CHECKING:  # imported lazily below: `storyline --help` must not load the stages
    from storyline.ingest.writer import IngestReport
    from storyline.pipeline import Pipeline, ProcessReport
    from storyline.query import Reader

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


# A listing's title column never narrows below this, whatever the terminal.
TITLE_MIN_WIDTH = 20
# Other spellings of an entity shown in `storyline entities` (the export has them all).
ALIASES_SHOWN = 3


class ArticleOrder(StrEnum):
    ingest = "ingest"
    newest = "newest"


class StoryOrder(StrEnum):
    size = "size"
    recency = "recency"
    activity = "activity"


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


def _pipeline(store: Store, settings: Settings, owner: str, update: object) -> Pipeline:
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


def _run_ingest(
    store: Store,
    sources: list[str],
    settings: Settings,
    process: bool,
    fetching: FetchOptions | None = None,
    owner: str = "storyline ingest",
) -> tuple[IngestReport, ProcessReport | None]:
    from storyline.ingest import Fetcher

    fetching = fetching or FetchOptions()
    fetcher = Fetcher(block_private=not fetching.allow_private, deadline=fetching.fetch_timeout)
    fetcher.timeout = min(fetcher.timeout, fetching.fetch_timeout)
    with _progress() as update, _pipeline(store, settings, owner, update) as pipeline:
        report = pipeline.ingest(
            sources, max_bytes=settings.max_bytes, fetch=fetcher, feed_deadline=fetching.feed_timeout
        )
        processed = pipeline.process() if process else None
    return report, processed


def _summary(report: IngestReport, processed: ProcessReport | None) -> str:
    text = f"{report.accepted} accepted, {report.rejected} rejected, {report.duplicates} duplicates"
    if report.aliased:
        text += f" ({report.aliased} under a new id, which now names the article kept)"
    if processed is not None and processed.failed:
        text += f"; {processed.failed} failed in processing (see `storyline failures`)"
    return text


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories or feed URLs.")],
    db: DbOption = None,
    workers: WorkersOption = None,
    dask: Annotated[
        str | None, typer.Option(help="Annotate on the Dask cluster at tcp://HOST:PORT (or $STORYLINE_DASK).")
    ] = None,
    process: Annotated[
        bool, typer.Option("--process/--no-process", help="Annotate and group after storing.")
    ] = True,
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
    guard.check_sources(sources)
    with open_store(settings.db) as store:
        fetching = FetchOptions(allow_private, fetch_timeout, feed_timeout)
        report, processed = _run_ingest(store, sources, settings, process, fetching)
    summary = _summary(report, processed)
    if not report.read_any:
        first = report.first_rejection
        why = f": {first.input}: {first.reason}" if first is not None else ""
        more = f" and {report.rejected - 1} more" if first is not None and report.rejected > 1 else ""
        raise NothingReadError(f"nothing could be read from the input{why}{more} ({summary})")
    out.print(summary)
    if processed is not None and processed.reclustered:
        out.print("annotations redone by a newer annotator: threads, stories and entities rebuilt")


def _reader(db: str | None) -> Reader:
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


def _print_list(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
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


def _page_note(shown: int, offset: int, total: int, noun: str) -> None:
    """The line under a paged list: where this page sits and how to get the next one."""
    if total == 0:
        out.print(f"no {noun}")
    elif offset + shown < total:
        first = offset + 1 if shown else offset
        out.print(f"{noun} {first}–{offset + shown} of {total}; next page: --offset {offset + shown}")


@app.command()
def articles(
    db: DbOption = None,
    story: Annotated[str | None, typer.Option(help="Only the articles of this story.")] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first (paging).")] = 0,
    sort: Annotated[
        ArticleOrder, typer.Option(help="ingest: arrival order; newest: latest publication first.")
    ] = ArticleOrder.ingest,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List stored articles, a page at a time.

    Example: storyline articles --db news.db --limit 10 --offset 10
    """
    from storyline.query import ArticleSort

    with _reader(db) as reader:
        page = reader.articles(story, limit, offset, ArticleSort(sort.value))
    if as_json:
        for row in page.items:
            record = {
                "id": row.id,
                "source": row.source,
                "url": row.url,
                "title": row.title,
                "published": row.published,
                "published_precision": row.published_precision,
                "lang": row.lang,
                "thread_id": row.thread_id or "",
                "story_id": row.story_id or "",
                "duplicate_of": row.duplicate_of,
                "chars": row.chars,
            }
            out.print(json.dumps(record, ensure_ascii=False), markup=False, highlight=False)
        return
    rows = [
        (
            row.id,
            row.published or "—",
            row.source or "—",
            row.story_id or "—",
            row.title or " ".join(row.snippet.split()),
        )
        for row in page.items
    ]
    _print_list(("id", "published", "source", "story", "title / text"), rows)
    _page_note(len(page.items), offset, page.total, "articles")


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts of what the database holds.

    Example: storyline stats --db news.db
    """
    with _reader(db) as reader:
        counts = reader.counts()
    table = Table("what", "count")
    for name, value in (
        ("articles", counts.articles),
        ("near-duplicates", counts.duplicates),
        ("duplicate input ids", counts.aliases),
        ("rejections", counts.rejections),
        ("failures", counts.failures),
        ("threads", counts.threads),
        ("stories", counts.stories),
        ("entities", counts.entities),
    ):
        table.add_row(name, str(value))
    out.print(table)


@app.command()
def rejections(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List inputs that did not become articles, each with its reason.

    Example: storyline rejections --db news.db
    """
    with _open(db) as store:
        items = store.rejections()
    shown = items[: limit or None]
    if as_json:
        for r in shown:
            out.print(
                json.dumps({"input": r.input, "reason": r.reason}, ensure_ascii=False),
                markup=False,
                highlight=False,
            )
        return
    if not items:
        out.print("no rejections recorded")
        return
    for r in shown:  # plain lines: inputs are long paths, and these get grepped
        out.print(f"{r.input}: {r.reason}", markup=False, highlight=False)
    noun = "rejection" if len(items) == 1 else "rejections"
    out.print(f"{len(items)} {noun}" + (f", {len(shown)} shown" if len(shown) < len(items) else ""))


@app.command()
def failures(
    db: DbOption = None,
    stage: Annotated[str | None, typer.Option(help="Only this stage: annotate, group or story.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List articles (and stories) a stage failed on, with the error; the run went on without them.

    A later run of a newer storyline or annotator retries them.
    Example: storyline failures --db news.db
    """
    from dataclasses import asdict

    from storyline.pipeline import STAGES

    if stage is not None and stage not in STAGES:
        raise InputError(f"--stage must be one of {', '.join(STAGES)}, not {stage!r}")
    with _open(db) as store:
        items = store.failures(stage)
    if as_json:
        for f in items:
            out.print(json.dumps(asdict(f), ensure_ascii=False), markup=False, highlight=False)
        return
    if not items:
        out.print("no failures recorded")
        return
    for f in items:
        out.print(
            f"{f.stage} {f.item_id}: {f.error_type}: {f.message} "
            f"({f.attempts} attempt{'s' if f.attempts > 1 else ''}, {f.code_version}, {f.at})",
            markup=False,
            highlight=False,
        )
    out.print(f"{len(items)} {'failure' if len(items) == 1 else 'failures'}")


@app.command()
def stories(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 30,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first (paging).")] = 0,
    sort: Annotated[
        StoryOrder,
        typer.Option(
            help="size: most articles; recency: latest article; activity: most articles in the newest week."
        ),
    ] = StoryOrder.size,
    entity: Annotated[str | None, typer.Option(help="Only the stories of this entity id.")] = None,
) -> None:
    """List stories, largest (or latest, or most active) first.

    Example: storyline stories --db news.db --sort activity --limit 10
    """
    from storyline.query import StorySort

    with _reader(db) as reader:
        order = StorySort(sort.value)
        page = (
            reader.stories_of_entity(entity, limit, offset)
            if entity
            else reader.stories(order, limit, offset)
        )
    rows = [
        (
            s.id,
            str(s.articles),
            str(s.threads),
            str(s.recent_articles),
            s.first_published or "—",
            s.last_published or "—",
            s.title,
        )
        for s in page.items
    ]
    _print_list(("story", "articles", "threads", "this week", "from", "to", "title"), rows)
    _page_note(len(page.items), offset, page.total, "stories")


class EntityKind(StrEnum):
    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"


@app.command()
def entities(
    db: DbOption = None,
    kind: Annotated[
        EntityKind | None, typer.Option("--type", help="Only people, organisations or places.")
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 30,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first (paging).")] = 0,
) -> None:
    """List entities (people, organisations, places), most mentioned first; their ids select stories.

    Example: storyline entities --db news.db --type PER, then storyline stories --entity ID
    """
    with _reader(db) as reader:
        page = reader.entities(kind.value if kind else None, limit, offset)
    rows = [
        (e.id, e.type, str(e.mention_count), e.name, ", ".join(e.aliases[:ALIASES_SHOWN])) for e in page.items
    ]
    _print_list(("entity", "type", "mentions", "name", "also written"), rows)
    _page_note(len(page.items), offset, page.total, "entities")


@app.command()
def show(
    story_id: Annotated[str, typer.Argument(help="A story id (see `storyline stories`).")],
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only what articles since this day (YYYY-MM-DD) reported: events, facts, quotes, articles."
        ),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these sections: summary, timeline, facts, quotes, threads, articles (repeat or comma list)."
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=0, help="Lines per section (0: all).")] = DEFAULT_TOP,
    as_json: Annotated[bool, typer.Option("--json", help="The same view as one JSON object.")] = False,
) -> None:
    """Print a story: summary, timeline, facts (updates and conflicts flagged), quotes by speaker, threads, articles.

    Each section shows its top lines and says how many more there are.
    Example: storyline show sty-000001 --db news.db --section timeline,facts --since 2022-01-07
    """
    from storyline.query.story_view import ViewOptions, load_story_view
    from storyline.query.view import view_json
    from storyline.story.render import render_view

    options = ViewOptions.parse(section, top, since)
    with _reader(db) as reader:
        view = load_story_view(reader, story_id, options)
    if as_json:
        out.print(view_json(view), markup=False, highlight=False)
        return
    render_view(out, view)


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
    raise ValueError(f"not a store export: {fmt}")


@app.command()
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json (contract v1), jsonl, csv or markdown.")
    ] = ExportFormat.json,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export everything: articles with annotations, entities, threads, stories, rejections.

    Example: storyline export --format json -o corpus.json --db news.db
    """
    database = Settings.from_env(db=db).db
    if fmt is ExportFormat.markdown:  # the report reads through the query layer, a story at a time
        from storyline.export.markdown import write_report

        with _reader(db) as reader, guard.output(output, database) as handle:
            write_report(reader, handle)
            count = reader.counts().articles
    else:
        with _open(db) as store, guard.output(output, database) as handle:
            count = export_store(store, fmt, handle)
    if output not in (None, "-"):
        err.print(f"{count} articles written to {output}")


@app.command()
def recluster(db: DbOption = None, wait: WaitOption = None) -> None:
    """Rebuild threads, stories and entities from the stored annotations.

    Example: storyline recluster --db news.db
    """
    settings = Settings.from_env(db=db, wait=wait)
    with _open(db, readonly=False) as store, _progress() as update:
        with _pipeline(store, settings, "storyline recluster", update) as pipeline:
            report = pipeline.recluster()
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
    from storyline.query.story_view import load_story_view
    from storyline.story.render import render_view

    if not directory.is_dir():
        raise InputError(f"--dir {directory} is not a folder")
    db_path = directory / "storyline-demo.db"
    json_path = directory / "storyline-demo.json"
    seeds = resources.files("storyline") / "examples" / "seeds"
    from storyline.store.opening import inspect as inspect_database

    inspect_database(str(db_path), for_write=True)  # never deletes a file that is not a storyline database
    for stale in (
        db_path,
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)  # the demo always starts from a fresh database
    settings = Settings(db=str(db_path), workers=workers or 0)
    with resources.as_file(seeds) as seeds_path, open_store(db_path) as store:
        report, _ = _run_ingest(store, [str(seeds_path)], settings, process=True, owner="storyline demo")
        with guard.output(str(json_path), str(db_path)) as handle:
            write_json(store, handle)
        threads = len(store.threads())
    with _reader(str(db_path)) as reader:
        story_ids = list(reader.story_ids())
        out.print(
            f"{report.accepted} accepted, {report.rejected} rejected, "
            f"{report.duplicates} duplicates; {threads} threads, {len(story_ids)} stories"
        )
        for story_id in story_ids:
            out.rule(f"story {story_id}")
            render_view(out, load_story_view(reader, story_id))
    out.print(f"\nwrote {db_path} and {json_path}")
    if story_ids:
        out.print(
            f"read a story: storyline show {story_ids[0]} --db {db_path}", markup=False, highlight=False
        )
    out.print(f"read it in a browser: storyline serve --db {db_path}", markup=False, highlight=False)


app.command()(serve_command)  # storyline/commands/serve.py


from storyline.commands import sources as _sources  # noqa: E402 - light modules
from storyline.commands import watch as _watch  # noqa: E402

app.command()(_watch.watch)
app.command()(_sources.sources)


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Follow developing news stories across outlets and days."""


from storyline.commands import doctor as _doctor  # noqa: E402
from storyline.commands import migrate as _migrate  # noqa: E402

app.command()(_migrate.migrate)
app.command()(_doctor.doctor)


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
    except Exception as exc:  # the PostgreSQL driver's (not imported unless a URL was given)
        if not type(exc).__module__.startswith("psycopg"):
            raise
        err.print(f"error: database failed: {' '.join(str(exc).split())}", markup=False, highlight=False)
        return 1
    if interrupt.signum is not None:  # typer turned the KeyboardInterrupt into exit code 130
        return interrupt.report()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
