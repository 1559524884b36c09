"""CPU of a story list narrowed by source or by `updated_since`: through the joins
of every matching article to its assignment (a store before schema 63) against
schema 63's read tables (`story_members` by source, `story_ingests`), alternating
on the same store and the same catalog, best of N in CPU time (wall clock means
nothing on a loaded machine). Each pair's pages and totals must be equal.

    python benchmarks/story_filters.py STORE.db [--rounds 3]

Sources: the store's three largest and one of a single article; moments: before
the store, its newest ingest moment, and after it.
"""

from __future__ import annotations

import argparse
import os
import time

from storyline.query.rows import StorySort
from storyline.web.catalog import Catalog, StoryFilter

# Best of: a round's CPU varies by ~30% under a load of 15-25.
ROUNDS = 3
PAGE = 20
# What a store before schema 63 reads the filters from (hidden, the catalog joins).
NEW_TABLES = frozenset({"story_ingests", "story_members"})


def _filters(catalog: Catalog) -> list[tuple[str, StoryFilter]]:
    db = catalog.db
    counted = db.execute(
        "SELECT source, COUNT(*) FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY 2 DESC, 1"
    ).fetchall()
    picks = counted[:3] + counted[-1:]
    newest = db.execute("SELECT MAX(ingested_at) FROM articles").fetchone()[0]
    out = [(f"source={s} ({n} articles)", StoryFilter(source=s)) for s, n in picks]
    for label, moment in (("before the store", "2000-01-01"), ("newest moment", newest), ("after", "9999")):
        out.append((f"updated_since {label}", StoryFilter(updated_since=moment)))
    return out


def _timed(catalog: Catalog, flt: StoryFilter, sort: StorySort, old: bool) -> tuple[float, list[str], int]:
    """The list's CPU; `old`: its WHERE built as before schema 63 (the rest, the
    page's rows and counts, read the same tables either way)."""
    where = catalog._story_where
    full = catalog.tables

    def old_where(f: StoryFilter) -> tuple[str, list[object]]:
        catalog.tables = full - NEW_TABLES
        try:
            return where(f)
        finally:
            catalog.tables = full

    if old:
        catalog._story_where = old_where  # type: ignore[method-assign]
    try:
        start = time.process_time()
        page = catalog.stories(flt, sort, PAGE, 0)
        spent = time.process_time() - start
    finally:
        if old:
            del catalog._story_where  # the class's method again
    return spent, [s.id for s in page.items], page.total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("db")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    catalog = Catalog(args.db)
    try:
        full = catalog.tables
        if not NEW_TABLES <= full:
            raise SystemExit(f"error: {args.db} is older than schema 63: open it with storyline first")
        for label, flt in _filters(catalog):
            for sort in (StorySort.recency, StorySort.size):
                old, new = [], []
                for _ in range(args.rounds):
                    spent, old_ids, old_total = _timed(catalog, flt, sort, old=True)
                    old.append(spent)
                    spent, ids, total = _timed(catalog, flt, sort, old=False)
                    new.append(spent)
                    assert (ids, total) == (old_ids, old_total), (label, sort)
                print(
                    f"{label:<44} {sort.value:<8} {total:>5} stories: joins {1000 * min(old):7.2f} ms,"
                    f" read tables {1000 * min(new):6.2f} ms CPU",
                    flush=True,
                )
    finally:
        catalog.close()
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
