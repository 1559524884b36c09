"""EXPLAIN ANALYZE of PostgreSQL search's scoring and counting, tsvector path against
postings (schema 57), on a database copied with `storyline migrate`.

For each word: the scoring query of the newest 2,048 seqs' hits as
`pg_search.scored` (GIN match, each hit's tsvector filtered and unnested) and as
`pg_search.posting_scored` (`search_postings` ranges) write it, with its execution
time and buffers; then the word's document count both ways.

    python benchmarks/pg_search_plan.py --url postgresql://.../load10k [--words суд,путин]
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from storyline.store import pg_search
from storyline.store.postgres import to_pyformat

RANGE_SEQS = 2048
REPEATS = 5
SHOWN = ("Execution Time", "Buffers: shared", "Index", "Bitmap", "Seq Scan")


class _Capture:
    """A connection that remembers the last statement run through it."""

    def __init__(self, db: psycopg.Connection[Any]) -> None:
        self.db = db
        self.last: tuple[str, tuple[object, ...]] = ("", ())

    def execute(self, sql: str, args: Sequence[object] = ()) -> Any:
        self.last = (sql, tuple(args))
        return self.db.execute(to_pyformat(sql), args)  # type: ignore[arg-type]


def _by_vectors(db: Any, word: str, first: int, last: int) -> list[Any]:
    return pg_search.scored(db, pg_search.tsquery([[(word,)]]), [word], first, last)


def _by_postings(db: Any, word: str, first: int, last: int) -> list[Any]:
    return pg_search.posting_scored(db, [[word]], first, last)


def _explain(db: psycopg.Connection[Any], sql: str, args: Sequence[object]) -> list[str]:
    rows = db.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, args).fetchall()  # type: ignore[arg-type]
    return [str(r[0]) for r in rows if any(k in str(r[0]) for k in SHOWN)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True)
    parser.add_argument("--words", default="суд,путин")
    args = parser.parse_args()
    with psycopg.connect(args.url) as db:
        newest = int(db.execute("SELECT MAX(seq) FROM search").fetchone()[0])  # type: ignore[index]
        first = newest - RANGE_SEQS + 1
        for word in args.words.split(","):
            ways: dict[str, Callable[[Any], list[Any]]] = {
                "tsvector": functools.partial(_by_vectors, word=word, first=first, last=newest),
                "postings": functools.partial(_by_postings, word=word, first=first, last=newest),
            }
            for name, run in ways.items():
                capture = _Capture(db)
                hits = run(capture)
                started = time.perf_counter()
                for _ in range(REPEATS):
                    run(_Capture(db))
                wall = (time.perf_counter() - started) * 1000 / REPEATS
                print(
                    f"== {word} {name}: {len(hits)} hits in [{first}, {newest}], {wall:.1f} ms a query (wall)"
                )
                for line in _explain(db, to_pyformat(capture.last[0]), capture.last[1]):
                    print("   ", line[:160])
            for sql, values in (
                ("SELECT COUNT(*) FROM search WHERE terms @@ %s::tsquery", (pg_search.tsquery([[(word,)]]),)),
                ("SELECT COUNT(DISTINCT seq) FROM search_postings WHERE term = ANY(%s::text[])", ([word],)),
            ):
                print("== count:", sql)
                for line in _explain(db, sql, values):
                    if "Execution" in line:
                        print("   ", line)


if __name__ == "__main__":
    main()
