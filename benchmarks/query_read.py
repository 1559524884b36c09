"""Read-side speed: how long one page of each list takes as the store grows.

A page must cost about the same on 1k and on 100k articles (SQL LIMIT/OFFSET,
COUNT and indexes; no whole-table reads into Python). The store is a copy of a
real one (for example bsnlp-ru ingested with `storyline ingest`) inflated by SQL
with synthetic articles spread over synthetic stories and threads: their texts
are short and they carry no annotations, which the listings never read.

    python benchmarks/query_read.py --db bsnlp.db --articles 1000 100000

Prints one row per call: the median over --repeat runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from storyline.query import ArticleSort, Reader, StorySort
from storyline.query.story_view import load_story_view
from storyline.store import open_store

# Synthetic articles per synthetic story and per thread: the sizes bsnlp-ru's
# grouping gives on average (661 articles, 5 stories of 80–160, threads of ~2.5).
ARTICLES_PER_STORY = 20
ARTICLES_PER_THREAD = 4


def inflate(source: Path, target: Path, articles: int) -> None:
    """Copy `source` to `target` and add synthetic articles until it holds `articles`."""
    shutil.copy(source, target)
    with open_store(target):  # brings the copy to the current schema (indexes included)
        pass
    db = sqlite3.connect(target, isolation_level=None)
    have = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    story_doc, thread_doc = (
        db.execute(f"SELECT data FROM {table} LIMIT 1").fetchone()[0] for table in ("stories", "threads")
    )
    db.execute("BEGIN")
    for i in range(max(0, articles - have)):
        aid, sid, tid = (
            f"syn-{i}",
            f"sty-syn-{i // ARTICLES_PER_STORY}",
            f"thr-syn-{i // ARTICLES_PER_THREAD}",
        )
        day = f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}"
        db.execute(
            "INSERT INTO articles (id, content_hash, source, url, title, text, published, published_precision,"
            " ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                aid,
                f"h{i}",
                "example.org",
                f"https://example.org/{i}",
                f"Заголовок {i}",
                "Текст.",
                day,
                "day",
                day,
            ),
        )
        db.execute("INSERT INTO assignments VALUES (?,?,?)", (aid, tid, sid))
        if i % ARTICLES_PER_STORY == 0:
            db.execute(
                "INSERT INTO stories VALUES (?, json_set(?, '$.last_published', ?))", (sid, story_doc, day)
            )
        if i % ARTICLES_PER_THREAD == 0:
            db.execute("INSERT INTO threads VALUES (?, json_set(?, '$.story_id', ?))", (tid, thread_doc, sid))
    db.execute("COMMIT")
    db.close()


def median_ms(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def calls(reader: Reader) -> dict[str, Callable[[], object]]:
    total = reader.counts().articles
    largest = reader.stories(limit=1).items[0].id
    entity = reader.entities(limit=1).items[0].id
    url = reader.articles(limit=1, offset=total // 2).items[0].url or ""
    real_story = max(
        (r for r in reader.stories(limit=0).items if not r.id.startswith("sty-syn")),
        key=lambda r: r.articles,
    ).id
    return {
        "counts": reader.counts,
        "stories by size, page 1": lambda: reader.stories(StorySort.size, 30),
        "stories by recency, page 1": lambda: reader.stories(StorySort.recency, 30),
        "stories by activity, page 1": lambda: reader.stories(StorySort.activity, 30),
        "stories of an entity": lambda: reader.stories_of_entity(entity, 30),
        "threads, page 1": lambda: reader.threads(limit=30),
        "a story's threads": lambda: reader.threads(largest, limit=30),
        "articles, page 1": lambda: reader.articles(limit=50),
        "articles, middle page": lambda: reader.articles(limit=50, offset=total // 2),
        "articles newest first, page 1": lambda: reader.articles(limit=50, sort=ArticleSort.newest),
        "entities, page 1": lambda: reader.entities(limit=50),
        "article by url": lambda: reader.article_by_url(url),
        "story view (largest real story)": lambda: load_story_view(reader, real_story),
    }


def trigger_cost(source: Path, target: Path, repeat: int) -> tuple[float, float]:
    """Median ms of `update_story_skeleton` on the largest story, with and without
    the story_entities triggers (what migration 10 adds to every story write)."""
    shutil.copy(source, target)
    with open_store(target) as store:
        with Reader(target) as reader:
            story = store.get_story(reader.stories(limit=1).items[0].id)

        def write() -> None:
            with store.transaction():
                store.update_story_skeleton(story)

        with_triggers = median_ms(write, repeat)
        conn = sqlite3.connect(target)
        for name in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER story_entities_{name}")
        conn.commit()
        conn.close()
        without = median_ms(write, repeat)
    return with_triggers, without


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", type=Path, required=True, help="A processed storyline database to start from."
    )
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.articles:
            target = Path(tmp) / f"inflated-{size}.db"
            inflate(args.db, target, size)
            with Reader(target) as reader:
                results[size] = {name: median_ms(call, args.repeat) for name, call in calls(reader).items()}
        with_triggers, without = trigger_cost(args.db, Path(tmp) / "trigger.db", args.repeat * 10)
    sizes = list(results)
    print("| call | " + " | ".join(f"{s:,} articles (ms)" for s in sizes) + " |")
    print("| --- |" + " --- |" * len(sizes))
    for name in results[sizes[0]]:
        print(f"| {name} | " + " | ".join(f"{results[s][name]:.1f}" for s in sizes) + " |")
    print(
        f"\nstory skeleton write, largest story: {with_triggers:.2f} ms with the story_entities"
        f" triggers, {without:.2f} ms without"
    )


if __name__ == "__main__":
    main()
