"""Where a long-lived watcher's memory goes: a heap diff of the pipeline between two
article counts, on the watcher's own database.

    python benchmarks/watch_memory.py SOURCE.db [--poll 100] [--trace-from 3000]
                                      [--until 5000] [--budget-mib N] [--profile-budget-mib N]

SOURCE.db is a database a watcher filled (`benchmarks/watch_latency.py --bulk-only
--db PATH`): its articles and annotations are copied into a scratch database whose
grouping is cleared, and a `Pipeline` is fed them again in ingest order, `--poll`
articles per writer-lease entry as the watcher does (grouping, then the stories it
touched; annotation is not redone, its models are not loaded, so RSS here is the
grouping and story state without the ~350 MiB of models). Printed:

- RSS (VmRSS) and the kept story states (stories, sentences) at every `--every`
  articles, with the writer's cache counters (`Pipeline.memory`: story states kept,
  evicted, read back and rebuilt; grouping profiles kept, evicted, read and hit), so
  churn from a budget that is too small shows;
- from `--trace-from` to `--until`, tracemalloc's diff of what was allocated in that
  window and is still alive, by source line (the growth a leak would show), and by
  the object that holds it (kept story states, grouper caches, the rest);
- at the end, the bytes the kept story states hold (each rebuilt under tracemalloc,
  with the articles it keeps alive), per sentence: the figure `story/kept.py`
  calibrates its budget with;
- RSS before and after glibc's `malloc_trim(0)`: memory freed by Python but kept by
  the allocator's arenas;
- at every `--every` articles, RSS by kind of mapping (`benchmarks/smaps.py`: glibc's
  heap and thread arenas, large anonymous maps, files) and the blocks alive in
  Python's allocator, and the live sentence records (`SentenceInfo`) against those
  the kept states hold: more live than kept is dropped states not yet freed.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from smaps import line as smaps_line  # noqa: E402

from storyline.pipeline import Pipeline  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.store.base import Store  # noqa: E402
from storyline.story.features import SentenceInfo  # noqa: E402
from storyline.story.kept import StoryStates  # noqa: E402
from storyline.story.state import StoryState  # noqa: E402

# Articles between two RSS lines.
EVERY = 500
# Frames kept per traced allocation (enough to reach the caller that holds it).
TRACE_FRAMES = 12
# Source lines and holders printed from the heap diff.
TOP = 25
MIB = 1024 * 1024


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def malloc_trim() -> bool:
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        return False


def scratch_copy(source: Path, folder: Path) -> Path:
    """The source's rows in a new file (SQLite's backup: safe while a watcher writes),
    with its grouping and the watcher's lease cleared."""
    target = folder / "memory.db"
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        dst.execute("DELETE FROM writer_lease")  # the copy has no writer yet
    with open_store(target) as store, store.transaction():
        store.clear_grouping()
    return target


def kept_line(states: StoryStates) -> str:
    sentences = sum(s.sentence_count for s in states.states.values())
    live = sum(1 for o in gc.get_objects() if type(o) is SentenceInfo)
    return (
        f"{len(states.states)} kept states, {sentences} sentences ({live} sentence records alive);"
        f" {sys.getallocatedblocks() / 1e6:.2f} M Python blocks; MiB by mapping: {smaps_line()}"
    )


def show_diff(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot) -> None:
    stats = after.compare_to(before, "lineno")
    grown = sum(s.size_diff for s in stats)
    print(f"heap growth in the window (traced, still alive): {grown / MIB:+.1f} MiB")
    for stat in stats[:TOP]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        print(f"  {stat.size_diff / MIB:+8.2f} MiB {stat.count_diff:+9d} blocks  {where}")
    print("by the storyline function that asked for it (the caller of the allocating line):")
    by_caller: dict[str, int] = {}
    for stat in after.compare_to(before, "traceback"):
        inner = [f for f in reversed(stat.traceback) if "storyline" in f.filename]  # innermost first
        frame = inner[1] if len(inner) > 1 else (inner[0] if inner else None)
        caller = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "(outside storyline)"
        by_caller[caller] = by_caller.get(caller, 0) + stat.size_diff
    for caller, size in sorted(by_caller.items(), key=lambda kv: -kv[1])[:TOP]:
        print(f"  {size / MIB:+8.2f} MiB  {caller}")


def deep_size(root: object) -> int:
    """sys.getsizeof summed over everything reachable from `root` through containers and
    instance dicts (each object once): live Python bytes, not what the allocator keeps."""
    seen: set[int] = set()
    todo = [root]
    total = 0
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            todo.extend(obj.keys())
            todo.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            todo.extend(obj)
        elif hasattr(obj, "__dict__") and not callable(obj):
            todo.append(vars(obj))
        elif hasattr(obj, "__slots__"):
            todo.extend(getattr(obj, name) for name in obj.__slots__ if hasattr(obj, name))
    return total


def holders(pipeline: Pipeline) -> None:
    """The grouping state's parts by a deep `sys.getsizeof` walk, next to RSS."""
    grouper = pipeline.grouper
    parts = {
        "thread profiles in memory": grouper.threads._loaded,
        "story profiles in memory": grouper.stories._loaded,
        "entity table (resolver)": grouper.resolver,
        "vocabularies (document frequencies)": (grouper.vocab, grouper.entity_vocab),
    }
    sizes = ", ".join(f"{name} {deep_size(obj) / MIB:.1f} MiB" for name, obj in parts.items())
    print(f"grouping state by getsizeof: {sizes}; RSS {rss_mib():.0f} MiB")


def state_sizes(store: Store, story_ids: list[str]) -> None:
    """The bytes a kept state holds (with the articles it keeps alive), rebuilt under
    tracemalloc for each of these stories: per sentence and per article, and the spread."""
    if not story_ids:
        return
    gc.collect()
    tracemalloc.start(1)
    rows = []
    kept = []
    for story_id in story_ids:
        skeleton = store.get_story(story_id)
        articles = list(store.iter_articles(skeleton.article_ids))
        gc.collect()
        base = tracemalloc.get_traced_memory()[0]
        state = StoryState.rebuild(story_id, articles)
        del articles
        gc.collect()
        rows.append((state.sentence_count, len(state.articles), tracemalloc.get_traced_memory()[0] - base))
        kept.append(state)
    tracemalloc.stop()
    sentences = sum(r[0] for r in rows)
    size = sum(r[2] for r in rows)
    per = sorted(r[2] / max(1, r[0]) for r in rows)
    print(
        f"kept states rebuilt under tracemalloc: {len(rows)} stories, {sentences} sentences, "
        f"{sum(r[1] for r in rows)} articles, {size / MIB:.1f} MiB: {size / max(1, sentences):.0f} bytes "
        f"per sentence (per story: min {per[0]:.0f}, median {per[len(per) // 2]:.0f}, max {per[-1]:.0f})"
    )
    for count, articles, held in sorted(rows, key=lambda r: -r[0])[:5]:
        print(f"  {count} sentences, {articles} articles: {held / MIB:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--poll", type=int, default=100, help="articles per lease entry (a poll)")
    parser.add_argument("--trace-from", type=int, default=3000)
    parser.add_argument("--until", type=int, default=5000)
    parser.add_argument("--every", type=int, default=EVERY)
    parser.add_argument(
        "--budget-mib", type=float, help="the kept story states' budget (default: the code's)"
    )
    parser.add_argument(
        "--snapshot-min",
        type=int,
        help="stories of at least this many articles have their state stored (default: the code's);"
        " with a smaller --budget-mib, a short replay meets the big-story regime of 5,000 articles",
    )
    parser.add_argument(
        "--skip-state-sizes", action="store_true", help="skip rebuilding the kept states under tracemalloc"
    )
    parser.add_argument(
        "--profile-budget-mib",
        type=float,
        help="the grouping profiles' budget per level (default: the code's `PROFILE_BYTES`)",
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="watch-memory-"))
    try:
        db = scratch_copy(args.source, folder)
        store = open_store(db)
        pipeline = Pipeline(store, owner="benchmarks/watch_memory.py")
        states = pipeline._story_states
        if args.budget_mib is not None:
            states.budget = int(args.budget_mib * MIB)
        if args.snapshot_min is not None:
            states.snapshot_min = args.snapshot_min
        if args.profile_budget_mib is not None:
            grouper = pipeline.grouper
            grouper.threads.budget = grouper.stories.budget = int(args.profile_budget_mib * MIB)
        ids = store.ids_without_assignment()[: args.until]
        print(f"{len(ids)} articles, {args.poll} per poll; RSS at the start {rss_mib():.0f} MiB")
        before: tracemalloc.Snapshot | None = None
        cpu = time.process_time()
        for start in range(0, len(ids), args.poll):
            if start >= args.trace_from and before is None:
                gc.collect()
                tracemalloc.start(TRACE_FRAMES)
                before = tracemalloc.take_snapshot()
                print(f"tracing from {start} articles (RSS {rss_mib():.0f} MiB)")
            with pipeline:
                grouped = pipeline.group_articles(ids[start : start + args.poll])
                pipeline.build_stories(grouped.touched - grouped.removed)
            done = min(len(ids), start + args.poll)
            if done % args.every == 0 or done == len(ids):
                print(f"  {done}: {kept_line(states)}; {pipeline.memory().line()}", flush=True)
        spent = time.process_time() - cpu
        print(f"CPU {1000 * spent / max(1, len(ids)):.0f} ms per article (traced part included)")
        if before is not None:
            gc.collect()
            show_diff(before, tracemalloc.take_snapshot())
            tracemalloc.stop()
        holders(pipeline)
        if not args.skip_state_sizes:
            state_sizes(store, list(states.states))
        gc.collect()
        high = rss_mib()
        trimmed = malloc_trim()
        print(
            f"RSS {high:.0f} MiB, after malloc_trim(0) {rss_mib():.0f} MiB ({'trimmed' if trimmed else 'no-op'});"
            f" peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
