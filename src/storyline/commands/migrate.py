"""`storyline migrate`: copy a SQLite store into PostgreSQL, resumably, verifying counts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from storyline.errors import InputError, StoreError


def migrate(
    source: Annotated[str, typer.Option("--from", help="The SQLite database file to copy.")],
    target: Annotated[
        str, typer.Option("--to", help="The PostgreSQL database (postgresql://USER@HOST/NAME).")
    ],
    # Default = store.copy.DEFAULT_BATCH (not imported here: the store loads lazily).
    batch: Annotated[int, typer.Option("--batch", min=1, help="Rows copied per transaction.")] = 5000,
    wait: Annotated[
        float | None,
        typer.Option(
            "--wait", min=0, help="Seconds to wait while another writer holds either database (default: 300)."
        ),
    ] = None,
) -> None:
    """Copy a SQLite database into an empty PostgreSQL database, then check every table's row count.

    Killed or interrupted, it continues where it stopped when run again with the
    same arguments. Both databases are held for writing meanwhile.
    Example: storyline migrate --from news.db --to postgresql://storyline@db.example/news
    """
    from storyline.config import Settings
    from storyline.store import open_store
    from storyline.store.copy import Copier
    from storyline.store.lease import WriterLease
    from storyline.store.postgres import PostgresStore, is_url
    from storyline.store.sqlite import SQLiteStore

    if is_url(source):
        raise InputError("--from takes a SQLite database file, not a URL")
    if not is_url(target):
        raise InputError("--to takes a postgresql:// URL")
    settings = Settings.from_env(db=source, wait=wait)
    with open_store(source, readonly=True) as probe:  # refuses a missing or foreign file untouched
        probe.schema_version()
    with open_store(source) as src, open_store(target) as dst:
        assert isinstance(src, SQLiteStore) and isinstance(dst, PostgresStore)
        owner = "storyline migrate"
        with (
            WriterLease(src, owner, wait=settings.writer_wait),
            WriterLease(dst, owner, wait=settings.writer_wait),
        ):
            copier = Copier(src, dst, batch=batch)
            report = copier.run(_progress)
        where = dst.location
    bad = [entry for entry in report if not entry.matches]
    for entry in report:
        typer.echo(f"{entry.table}: {entry.target_rows} rows ({entry.copied_now} copied now)")
    if bad:
        first = bad[0]
        raise StoreError(
            f"counts differ after the copy: {first.table} has {first.source_rows} rows in {source}, "
            f"{first.target_rows} in {where}" + (f" (and {len(bad) - 1} more tables)" if len(bad) > 1 else "")
        )
    typer.echo(f"copied {source} into {where}: {len(report)} tables, every count verified")


def _progress(table: str, done: int, total: int) -> None:
    """A terminal sees every batch; a log (a copy of a 100k store runs for half an
    hour) gets a line per table when its last batch is in."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{table}: {done}/{total}")
        sys.stderr.flush()
    elif done >= total:
        sys.stderr.write(f"{table}: {total} rows copied\n")
        sys.stderr.flush()
