"""Read latency on either backend, in this process: story views and search ranking.

    python -m benchmarks.query_latency --db STORE.db|postgresql://… [--repeats 3] [--json]

`storyline serve` reads SQLite files only (so far), so the suite measures the
reads that a story page and a search make on both backends here, without HTTP
and without the web's response cache:

- story view: `load_story_view` (the story, its articles with annotations and
  novelty, the entities) through the query layer's `Reader`, on the
  `STORY_SAMPLE` largest stories: what the server does for an uncached story page;
- search ranking: the web search's ranking of each query of `SEARCH_LEMMAS`
  (`web/search.py` `Searcher.rank`: the best FACET_POOL hits by BM25 damped by
  age, from the seq blocks that can hold them; FTS5 on SQLite, the GIN-indexed
  tsvector on PostgreSQL, `store/pg_search.py`): the index's part of a search
  (facets and snippets, which read the best hits' rows, are left out).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

# The largest stories are viewed: the worst case a reader meets.
STORY_SAMPLE = 8
# serve_load.py's search words as lemma groups (an AND of ORs, as the web search
# builds them): common and rare words of bsnlp-ru, and one two-word phrase.
SEARCH_LEMMAS = [
    [["брексит"]],
    [["мэй"]],
    [["трамп"]],
    [["газопровод"]],
    [["выбор"]],
    [["путин"]],
    [["суд"]],
    [["северный"], ["поток"]],
]


def summary(times_ms: list[float]) -> dict[str, float]:
    ordered = sorted(times_ms)
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
    }


def timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def largest_stories(store: object, count: int) -> list[str]:
    db = store._db  # type: ignore[attr-defined]
    rows = db.execute(
        "SELECT story_id FROM assignments GROUP BY story_id ORDER BY COUNT(*) DESC, story_id DESC LIMIT ?",
        (count,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def ranker(store: object) -> Callable[[list[list[str]]], list[tuple[int, float]]]:
    """The web search's ranking (seq blocks, `web/search_rank.py`) on this store's backend."""
    from storyline.store.postgres import PostgresStore
    from storyline.web.search import FACET_POOL, SCORE_ALL_MAX
    from storyline.web.search_rank import blocks_of, day_number, rank_all, rank_best
    from storyline.web.search_sources import PgHits, SqliteHits

    db = store._db  # type: ignore[attr-defined]
    kind = PgHits if isinstance(store, PostgresStore) else SqliteHits
    newest = day_number(db.execute("SELECT MAX(published) FROM articles").fetchone()[0])

    def rank(groups: list[list[str]]) -> list[tuple[int, float]]:
        hits = kind(db, [[(w,) for w in g] for g in groups], "", [])
        rows = hits.blocks()
        if rows and hits.count() > SCORE_ALL_MAX:
            best, _ = rank_best(
                blocks_of(rows), hits.score, hits.ceilings(), newest, FACET_POOL, hits.count()
            )
        else:
            best = rank_all(hits.score(None, None), newest)[:FACET_POOL]
        return [(r.seq, r.score) for r in best]

    return rank


def measure(location: str, repeats: int = 3) -> dict[str, dict[str, float]]:
    """p50/p95 ms of story views and search ranking on the store at `location`."""
    from storyline.query import Reader
    from storyline.query.story_view import load_story_view
    from storyline.store import open_store

    with open_store(location, readonly=True) as store:
        stories = largest_stories(store, STORY_SAMPLE)
        rank = ranker(store)
        for groups in SEARCH_LEMMAS:  # first calls warm the caches of both backends
            rank(groups)
        search = [timed_ms(lambda g=groups: rank(g)) for _ in range(repeats) for groups in SEARCH_LEMMAS]
    with Reader(location) as reader:
        load_story_view(reader, stories[0])
        views = [timed_ms(lambda s=s: load_story_view(reader, s)) for _ in range(repeats) for s in stories]
    return {"story_view_ms": summary(views), "search_rank_ms": summary(search)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="a processed store: a file or a postgresql:// URL")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.db, args.repeats)
    if args.json:
        print(json.dumps(result))
        return
    for name, values in result.items():
        print(f"{name}: p50 {values['p50']} ms, p95 {values['p95']} ms ({values['n']} calls)")


if __name__ == "__main__":
    main()
