"""CPU of a text-filtered story list (`/?q=`): the page and its total as two
statements (a count, then the page: the hits joined to their stories twice, three
times by activity) against one (`Catalog._matching_page`), alternating on the same
store, best of N in CPU time (wall clock is meaningless on a loaded machine).

    python benchmarks/story_list_q.py STORE.db [QUERY ...]
"""

from __future__ import annotations

import sys
import time

from storyline.query.rows import StorySort
from storyline.web.catalog import _ORDERS, Catalog, StoryFilter
from storyline.web.search import Searcher, SearchFilter

# Queries of a common word, a place and a phrase of two words (schema 57's postings).
QUERIES = ("суд", "москва", "выборы президента")
ROUNDS = 3  # best of: a round's CPU varies by ~30% under a load of 15-25
PAGE = 20


def two_statements(catalog: Catalog, flt: StoryFilter, sort: StorySort) -> tuple[list[str], int]:
    where, args = catalog._story_where(flt)
    total = int(catalog.db.execute(f"SELECT COUNT(*) FROM story_list z {where}", args).fetchone()[0])
    if sort is StorySort.activity:
        return catalog._active_page(where, args, PAGE, 0), total
    sql = f"SELECT z.story_id FROM story_list z {where} ORDER BY {_ORDERS[sort]} LIMIT ? OFFSET 0"
    return [r[0] for r in catalog.db.execute(sql, [*args, PAGE])], total


def main(path: str, queries: tuple[str, ...]) -> None:
    catalog = Catalog(path)
    searcher = Searcher(catalog)
    try:
        for query in queries:
            flt = StoryFilter(
                articles_matching=searcher.matching_clause(query, SearchFilter(None, None, None, None))
            )
            for sort in (StorySort.recency, StorySort.activity):
                old: list[float] = []
                new: list[float] = []
                for _ in range(ROUNDS):
                    start = time.process_time()
                    ids, total = two_statements(catalog, flt, sort)
                    old.append(time.process_time() - start)
                    start = time.process_time()
                    page = catalog._matching_page(*catalog._story_where(flt), sort, PAGE, 0)
                    new.append(time.process_time() - start)
                    assert ([s.id for s in page.items], page.total) == (_items(catalog, ids), total)
                print(
                    f"{query!r} {sort.value}: {total} stories; two statements {1000 * min(old):.1f} ms,"
                    f" one {1000 * min(new):.1f} ms CPU",
                    flush=True,
                )
    finally:
        catalog.close()


def _items(catalog: Catalog, ids: list[str]) -> list[str]:
    return [s.id for s in catalog.story_items(ids)]


if __name__ == "__main__":
    main(sys.argv[1], tuple(sys.argv[2:]) or QUERIES)
