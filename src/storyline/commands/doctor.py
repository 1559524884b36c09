"""`storyline doctor`: check a store's integrity and list what is wrong."""

from __future__ import annotations

from typing import Annotated

import typer

from storyline.errors import StoreError


def doctor(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Database file or postgresql:// URL (default: storyline.db here, or $STORYLINE_DB)."
        ),
    ] = None,
) -> None:
    """Check a database: every article assigned once, every reference resolving, no orphans.

    Lists each problem with its first ids and exits 1 when there is any; reads only.
    Example: storyline doctor --db news.db
    """
    from storyline.config import Settings
    from storyline.store import open_store
    from storyline.store.integrity import counts, run_checks
    from storyline.store.sql_store import SQLStore

    location = Settings.from_env(db=db).db
    with open_store(location, readonly=True) as store:
        assert isinstance(store, SQLStore)
        problems = run_checks(store)
        sizes = counts(store)
        where = store.location
    for problem in problems:
        typer.echo(problem.line())
    summary = ", ".join(f"{n} {table}" for table, n in sizes.items())
    if problems:
        raise StoreError(f"{len(problems)} kinds of problem found in {where} ({summary})")
    typer.echo(f"ok: {where} is consistent ({summary})")
