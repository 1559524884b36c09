"""What bringing a dropped story state back costs: rebuilding it from its stored
articles against reading its stored copy back (the prices `story/eviction.py` uses).

    python benchmarks/story_restore_cost.py DB [--big 2] [--small 10]

DB is a processed store (say a watcher's, `benchmarks/watch_latency.py --bulk-only
--db PATH`), read only. For the `--big` largest stories, a 40-article-or-so one, and
`--small` one-article stories, prints the CPU of reading the articles, rebuilding the
state, pickling it (`story/snapshot.py`) and unpickling it, in ms and per sentence.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.store import open_store  # noqa: E402
from storyline.story import snapshot  # noqa: E402
from storyline.story.state import StoryState  # noqa: E402

# A mid-sized story: the one closest to this many articles.
MID_ARTICLES = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--big", type=int, default=2, help="largest stories measured")
    parser.add_argument("--small", type=int, default=10, help="one-article stories measured")
    args = parser.parse_args()
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as db:
        sizes = db.execute(
            "SELECT story_id, COUNT(*) n FROM assignments GROUP BY story_id ORDER BY n DESC, story_id"
        ).fetchall()
    mid = min(sizes, key=lambda row: abs(row[1] - MID_ARTICLES))
    picked = [*sizes[: args.big], mid, *[row for row in sizes if row[1] == 1][: args.small]]
    store = open_store(str(args.db), readonly=True)
    for story_id, _ in picked:
        skeleton = store.get_story(story_id)
        t0 = time.process_time()
        articles = list(store.iter_articles(skeleton.article_ids))
        t1 = time.process_time()
        state = StoryState.rebuild(story_id, articles)
        t2 = time.process_time()
        blob = snapshot.dumps(state)
        t3 = time.process_time()
        snapshot.loads(blob)
        t4 = time.process_time()
        n = max(1, state.sentence_count)
        print(
            f"{story_id}: {len(articles)} articles, {state.sentence_count} sentences; read {1e3 * (t1 - t0):.0f} ms"
            f" + rebuild {1e3 * (t2 - t1):.0f} ms ({1e3 * (t2 - t0) / n:.2f} ms a sentence);"
            f" pickle {1e3 * (t3 - t2):.0f} ms, unpickle {1e3 * (t4 - t3):.0f} ms ({1e3 * (t4 - t3) / n:.3f} a sentence);"
            f" {len(blob) / 1e6:.1f} MB stored",
            flush=True,
        )
    store.close()


if __name__ == "__main__":
    main()
