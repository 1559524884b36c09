"""`storyline demo`: the whole pipeline on the bundled five-article corpus, into fresh files."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from storyline import cli_guard as guard
from storyline.commands.common import WorkersOption, out, print_plain, reader, run_ingest
from storyline.config import Settings
from storyline.errors import InputError
from storyline.store import open_store


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
    from storyline.store.opening import inspect as inspect_database
    from storyline.story.render import render_view

    if not directory.is_dir():
        raise InputError(f"--dir {directory} is not a folder")
    db_path = directory / "storyline-demo.db"
    json_path = directory / "storyline-demo.json"
    seeds = resources.files("storyline") / "examples" / "seeds"
    inspect_database(str(db_path), for_write=True)  # never deletes a file that is not a storyline database
    for stale in (
        db_path,
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)  # the demo always starts from a fresh database
    settings = Settings(db=str(db_path), workers=workers or 0)
    with resources.as_file(seeds) as seeds_path, open_store(db_path) as store:
        report, _ = run_ingest(store, [str(seeds_path)], settings, process=True, owner="storyline demo")
        with guard.output(str(json_path), str(db_path)) as handle:
            write_json(store, handle)
        threads = len(store.threads())
    with reader(str(db_path)) as read:
        story_ids = list(read.story_ids())
        out.print(
            f"{report.accepted} accepted, {report.rejected} rejected, "
            f"{report.duplicates} duplicates; {threads} threads, {len(story_ids)} stories"
        )
        for story_id in story_ids:
            out.rule(f"story {story_id}")
            render_view(out, load_story_view(read, story_id))
    out.print(f"\nwrote {db_path} and {json_path}")
    # The next steps as commands to paste: a path with a space or a quote is quoted.
    db_arg = shlex.quote(str(db_path))
    if story_ids:
        print_plain(f"read a story: storyline show {story_ids[0]} --db {db_arg}")
    print_plain(f"read it in a browser: storyline serve --db {db_arg}")
