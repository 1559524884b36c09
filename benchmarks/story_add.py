"""Adding one article to a big story: the story stage's cost, kept state against rebuild.

    python benchmarks/story_add.py [--annotated PKL] [--shared PATH] [--n 2000] [--adds 30]
                                   [--topic brexit] [--rebuilds 1] [--late middle|end] [--json]

A story of `--n` articles is made by replaying one bsnlp-ru topic with new ids,
replica k shifted by k weeks (`group_speed.replica`: dates in the text move with
it). Its state is built once (`StoryState.rebuild`, timed: the cost of a new
process meeting the story). Then `--adds` further replicas arrive one at a time,
each later in reading order than the story so far; each add is timed as the
pipeline's story step does it: `StoryState.extend` plus `result` (novelty,
timeline, ledger, quotes, summary, title) and writing what changed to a SQLite
store (the story document, the part rows that changed, the novelty of changed
articles; `--no-store` leaves it out). `--rebuilds` times a full
`build_story` of the same story for comparison. Then, as a new process meets
the story: the state is stored (`story/snapshot.py`, timed), read back (timed),
and one more article is added through a fresh `StoryStates` (state read from
the store, extended, result, written with the part rows read back).
With `--late middle` (or `end`) the arrivals are late instead: each is a
replica of a topic article moved to the publication day of the story's article
at the middle (or at 95%) of reading order, under a new id, so it sorts inside
the story's span (the state folds it in at its place: `refolded_median` is how
many articles after it were folded again; code without that rebuilt instead).
Wall and CPU time of this
process; the report gives median and p90. `--annotated` is a pickle of annotated
bsnlp-ru as `group_speed.py --annotated` writes it (annotated here otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from group_speed import annotated_base, replica  # noqa: E402

from storyline.isodate import parse_iso  # noqa: E402
from storyline.model import Article, Story  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.story import build_story, snapshot  # noqa: E402
from storyline.story.kept import StoryStates  # noqa: E402
from storyline.story.order import reading_key  # noqa: E402
from storyline.story.state import StoryState  # noqa: E402

WEEK = 7  # days between replicas: the topic's news replayed week after week
# Where in the story's reading order a late arrival lands (`--late`).
LATE_AT = {"middle": 0.5, "end": 0.95}


def late_arrivals(topic: list[Article], story: list[Article], at: float, count: int) -> list[Article]:
    """`count` topic articles moved to the publication day of the story's article at `at`
    of its reading order, under new ids: each sorts inside the story's span."""
    target = sorted(story, key=reading_key)[int(at * (len(story) - 1))]
    day = parse_iso(target.published)
    assert day is not None, "the replayed topic's articles are dated"
    out: list[Article] = []
    dated = [a for a in sorted(topic, key=lambda x: x.id) if parse_iso(a.published) is not None]
    for i in range(count):
        a = dated[(7 * i) % len(dated)]
        own = parse_iso(a.published)
        assert own is not None
        r = replica(a, 1, (day.first_day() - own.first_day()).days)
        r.id = f"{a.id}~late{i}"
        r.content_hash = r.id
        r.duplicate_of = None
        out.append(r)
    return out


def replicas(topic: list[Article], start: int, count: int) -> list[Article]:
    out: list[Article] = []
    k = start
    while len(out) < count:
        for a in sorted(topic, key=lambda x: x.id):
            if len(out) == count:
                break
            r = replica(a, k, WEEK)
            out.append(r)
        k += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annotated", type=Path)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--adds", type=int, default=30)
    ap.add_argument("--topic", default="brexit")
    ap.add_argument("--rebuilds", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-store", action="store_true", help="leave out writing each result to SQLite")
    ap.add_argument("--late", choices=sorted(LATE_AT), help="arrivals dated inside the story's span")
    args = ap.parse_args()
    base, _ = annotated_base(args.shared / "corpora", args.annotated)
    topic = [a for a in base if f"-{args.topic}-" in a.id]
    per_replica = len(topic)
    story_articles = replicas(topic, 0, args.n)
    for i, a in enumerate(story_articles):
        a.seq = i
    # new arrivals: replicas after the story's last one, so each comes last in reading order
    first_new = -(-args.n // per_replica) + 1
    arrivals = [r for i in range(args.adds) for r in replicas(topic, first_new + i, 1)]
    if args.late:
        arrivals = late_arrivals(topic, story_articles, LATE_AT[args.late], args.adds)
    for i, a in enumerate(arrivals):
        a.seq = args.n + i
    story = Story(id="sty-bench", title="", article_ids=[a.id for a in story_articles], thread_ids=[])

    t0, c0 = time.perf_counter(), time.process_time()
    state = StoryState.rebuild(story.id, story_articles)
    first = state.result(story, {})
    rebuild_wall, rebuild_cpu = time.perf_counter() - t0, time.process_time() - c0
    walls, cpus, writes, write_cpus, rows_written, refused = [], [], [], [], [], 0
    refolds: list[int] = []
    written = None  # the part rows the last save wrote, kept as the pipeline's StoryStates keeps them
    tmp = tempfile.TemporaryDirectory()
    store = None if args.no_store else open_store(Path(tmp.name) / "story.db")
    if store is not None:
        with store.transaction():
            for a in [*story_articles, *arrivals]:
                store.add_article(a)
            # the story as the last full build wrote it: the adds compare with these rows
            first.story.summary_sentences = list(first.summary_sentences)
            written = store.save_story(first.story)
    ids = list(story.article_ids)
    for a in arrivals:
        ids.append(a.id)
        skeleton = Story(id=story.id, title="", article_ids=list(ids), thread_ids=[])
        t0, c0 = time.perf_counter(), time.process_time()
        again = getattr(state, "refolded", 0)
        if not state.extend([a]):
            refused += 1
            state = StoryState.rebuild(story.id, [*story_articles, *arrivals[: len(ids) - args.n]])
        refolds.append(getattr(state, "refolded", 0) - again)
        result = state.result(skeleton, {})
        t1, c1 = time.perf_counter(), time.process_time()
        if store is not None:  # what the pipeline's story step writes: changed part rows and novelty
            result.story.summary_sentences = list(result.summary_sentences)
            with store.transaction():
                written = store.save_story(result.story, written)
                for article_id, marks in result.novelty.items():
                    store.save_novelty(article_id, marks)
            rows_written.append(written.written)
        writes.append((time.perf_counter() - t1) * 1000)
        write_cpus.append((time.process_time() - c1) * 1000)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    fresh: dict[str, float] = {}
    if store is not None:  # a new process meeting the story: its stored state, then one more add
        c0 = time.process_time()
        data = snapshot.dumps(state)
        fresh["state_dump_cpu_s"] = round(time.process_time() - c0, 2)
        fresh["state_mib"] = round(len(data) / 2**20, 1)
        with store.transaction():
            store.save_story_state(story.id, snapshot.FORMAT, len(state.articles), data)
        del data
        c0 = time.process_time()
        snapshot.loads(store.story_state(story.id)[2])  # type: ignore[index]
        fresh["state_load_cpu_s"] = round(time.process_time() - c0, 2)
        last = replicas(topic, first_new + args.adds, 1)[0]
        if args.late:  # late too, under an id of its own
            last = late_arrivals(topic, story_articles, LATE_AT[args.late], args.adds + 1)[-1]
        last.seq = args.n + args.adds
        with store.transaction():
            store.add_article(last)
        ids.append(last.id)
        states = StoryStates()
        t0, c0 = time.perf_counter(), time.process_time()
        result = states.update(store, Story(id=story.id, title="", article_ids=list(ids), thread_ids=[]))
        result.story.summary_sentences = list(result.summary_sentences)
        with store.transaction():
            store.save_story(result.story)  # no rows kept: read back to compare
            for article_id, marks in result.novelty.items():
                store.save_novelty(article_id, marks)
        fresh["fresh_add_wall_s"] = round(time.perf_counter() - t0, 2)
        fresh["fresh_add_cpu_s"] = round(time.process_time() - c0, 2)
        fresh["fresh_add_loaded"] = states.loaded
        fresh["fresh_add_rebuilt"] = states.rebuilt
    full = []
    for _ in range(args.rebuilds):
        t0 = time.perf_counter()
        build_story(story, story_articles, {})
        full.append(time.perf_counter() - t0)

    def p90(xs: list[float]) -> float:
        return sorted(xs)[int(0.9 * (len(xs) - 1))]

    report = {
        "articles": args.n,
        "sentences": state.sentence_count,
        "events": len(state.timeline.events),
        "adds": len(walls),
        "late": args.late or "no",
        "refused_adds": refused,
        "refolded_median": statistics.median(refolds) if refolds else 0,
        "add_wall_median_ms": round(statistics.median(walls), 1),
        "add_wall_p90_ms": round(p90(walls), 1),
        "add_cpu_median_ms": round(statistics.median(cpus), 1),
        "add_cpu_p90_ms": round(p90(cpus), 1),
        "store_write_median_ms": round(statistics.median(writes), 1),
        "store_write_cpu_median_ms": round(statistics.median(write_cpus), 1),
        "part_rows": written.count if written is not None else None,
        "part_rows_written_median": statistics.median(rows_written) if rows_written else None,
        "state_rebuild_s": round(rebuild_wall, 2),
        "state_rebuild_cpu_s": round(rebuild_cpu, 2),
        "build_story_s": [round(x, 2) for x in full],
        **fresh,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load1": round(os.getloadavg()[0], 1),
    }
    if args.json:
        print(json.dumps(report))
    else:
        for k, v in report.items():
            print(f"{k:>22}: {v}")


if __name__ == "__main__":
    main()
