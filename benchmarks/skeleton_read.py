"""What the story step reads a story back as: `get_story` (the whole document and
every part row decoded: the old path) against `story_skeleton` (the document and
members only: what the fold builds on), alternated per story on one store.

    python benchmarks/skeleton_read.py --db COPY.db [--stories 40] [--rounds 3]

Opens the store as is (pass a copy of a shared store). The stories are the largest
ones (what a 100k add touches: 110-166 articles). CPU ms per read, median and p90, and
the two reads' equality on the members and document fields.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from storyline.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--stories", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with open_store(args.db) as store:
        sized = sorted(store.stories(), key=lambda s: -len(s.article_ids))[: args.stories]
        times: dict[str, list[float]] = {"get_story": [], "story_skeleton": []}
        for n in range(args.rounds):
            for i, story in enumerate(sized):
                order = ["get_story", "story_skeleton"]
                if (i + n) % 2:
                    order.reverse()  # alternate which read goes first
                read = {}
                for name in order:
                    started = time.process_time()
                    read[name] = getattr(store, name)(story.id)
                    times[name].append((time.process_time() - started) * 1000)
                full = read["get_story"]
                same = replace(full, timeline=[], facts=[], quotes=[], summary_sentences=[])
                assert read["story_skeleton"] == same, story.id
    sizes = [len(s.article_ids) for s in sized]
    print(f"{len(sized)} stories of {min(sizes)}-{max(sizes)} articles, {args.rounds} rounds")
    for name, ms in times.items():
        p90 = statistics.quantiles(ms, n=10)[-1]
        print(f"{name}: median {statistics.median(ms):.2f} ms CPU, p90 {p90:.2f}")


if __name__ == "__main__":
    main()
