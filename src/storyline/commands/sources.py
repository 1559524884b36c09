"""`storyline sources`: what the watcher knows about each source it polls."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

from storyline.config import Settings

out = Console(soft_wrap=True)


def _when(stamp: float | None) -> str:
    if stamp is None:
        return "-"
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def sources(
    db: Annotated[
        str | None, typer.Option("--db", help="Database file (default: storyline.db here, or $STORYLINE_DB).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the watched sources: last poll, status, articles stored and next poll (UTC).

    Example: storyline sources --db news.db
    """
    from storyline.store import open_store

    with open_store(Settings.from_env(db=db).db, readonly=True) as store:
        states = store.watch_sources() if store.schema_version() >= 30 else []
    if as_json:
        for s in states:
            row = {
                "url": s.url, "feed": s.feed_url, "last_poll": _when(s.last_poll), "status": s.status,
                "articles": s.articles, "entries": s.entries, "next_poll": _when(s.next_poll),
                "interval_s": round(s.interval, 1), "failures": s.failures,
            }  # fmt: skip
            out.print(json.dumps(row, ensure_ascii=False), markup=False, highlight=False)
        return
    if not states:
        out.print("no sources watched yet (run `storyline watch SOURCES`)")
        return
    for s in states:  # plain lines, like `rejections`: URLs are long, and these get grepped
        feed = f" (feed {s.feed_url})" if s.feed_url and s.feed_url != s.url else ""
        out.print(
            f"{s.url}{feed}: {s.status}; last poll {_when(s.last_poll)}, next {_when(s.next_poll)}"
            f" (every {s.interval:.0f} s); {s.articles} articles",
            markup=False,
            highlight=False,
        )
    out.print(f"{len(states)} sources")
