"""Speed of `Grouper.add` as the store grows to 100k articles (annotation excluded).

bsnlp-ru (661 articles) is annotated once; the annotated articles are then
replayed with new ids, replica k shifted by k * --shift-days (default 365: the
same year of news replayed year after year, so stories stay the size real ones
have). Every article goes through the real path: stored, annotated (copied),
then `Grouper.add` inside its own transaction. The time of each add is
recorded, as wall time and as CPU time of this process (the machine is shared:
wall time includes waiting for a core, CPU time does not); the report gives the
median and p90 per window of articles, with the load average when the window
closed, and for the last window (the adds made with ~N articles already stored).

Run: ``python benchmarks/group_speed.py [--shared PATH] [--n 100000] [--window 5000]
[--shift-days 365] [--json] [--db PATH] [--annotated PATH] [--stories]``. ``--stories``
times the pipeline's story step with each add (`story/kept.py`: the touched story's
intelligence folded in or rebuilt, and written). Takes long at 100k
(about 0.5-1 h on one core); progress goes to stderr. ``--annotated`` keeps the
annotated bsnlp-ru in a pickle (written on the first run, read afterwards), so
repeated runs skip the annotation and a run is not exposed to annotator edits
made meanwhile.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import pickle
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.annotate import VERSION  # noqa: E402
from storyline.group import Grouper  # noqa: E402
from storyline.group.evaluate import annotate, load_bsnlp  # noqa: E402
from storyline.model import Annotation, Article  # noqa: E402
from storyline.pipeline import GROUPED_WITH  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.store.base import Store  # noqa: E402
from storyline.story.kept import StoryStates  # noqa: E402


def _raise(story_id: str, exc: Exception) -> None:
    raise exc


def _quiet(step: str, done: int, total: int) -> None:
    return None


def shifted(published: str | None, days: int) -> str | None:
    if not published or len(published) < 10:
        return published
    return (date.fromisoformat(published[:10]) + timedelta(days=days)).isoformat()


def replica(article: Article, k: int, shift_days: int) -> Article:
    ann = copy.deepcopy(article.annotation) or Annotation(lang="ru", full=False)
    for m in ann.entities:
        m.entity_id = None
    # Dates in the text move with the replica, so leads stay consistent with `published`.
    for d in ann.dates:
        if d.value and len(d.value) >= 10:
            d.value = shifted(d.value, k * shift_days)
    out = Article(**{**vars(article), "annotation": None, "seq": None})
    out.id = f"{article.id}~{k}"
    out.content_hash = out.id
    if article.duplicate_of:
        out.duplicate_of = f"{article.duplicate_of}~{k}"
    out.published = shifted(article.published, k * shift_days)
    out.annotation = ann
    return out


def stored_base(db: Path) -> list[Article]:
    """The articles of a store that `storyline ingest` processed, annotated, in ingest order.

    Near-duplicates keep their `duplicate_of`; a replica points at the same replica
    of the original (`replica`)."""
    with open_store(db) as store:
        return [a for a in store.iter_articles() if a.annotation is not None]


def annotated_base(corpora: Path, cache: Path | None) -> tuple[list[Article], float]:
    """bsnlp-ru annotated, and the seconds it took (0 when read from `cache`)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh), 0.0  # a file this script wrote
    base = load_bsnlp(corpora)
    started = time.time()
    annotate(base)
    seconds = time.time() - started
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(base, fh)
    return base, seconds


def run(
    corpora: Path,
    n: int,
    window: int,
    shift_days: int,
    db: Path,
    log: bool = True,
    cache: Path | None = None,
    stories: bool = False,
    base_db: Path | None = None,
    build_after: bool = False,
) -> dict[str, object]:
    """Replay to `n` articles in `db` (continuing a replay already there), timing each add.

    `stories`: each add also runs the pipeline's story step for what it touched.
    `build_after`: the replay groups only, then every story is built once from its
    articles, as one `storyline ingest` of the whole corpus builds each touched story
    once at the end of its run (the stored result is the same: a fold equals a rebuild)."""
    if base_db is not None:
        base, annotate_seconds = stored_base(base_db), 0.0
    else:
        base, annotate_seconds = annotated_base(corpora, cache)
    store = open_store(db)
    grouper = Grouper(store)
    states = StoryStates() if stories else None
    times: list[float] = []
    cpu: list[float] = []
    windows = []
    done = store.count_articles()  # a replay stopped earlier goes on where it stopped
    k, skip = divmod(done, len(base))
    with store.transaction():
        store.set_state(GROUPED_WITH, VERSION.encode())  # grouped from current annotations
    while done + len(times) < n:
        for article in base[skip:]:
            if done + len(times) >= n:
                break
            art = replica(article, k, shift_days)
            ann = art.annotation
            with store.transaction():
                art.annotation = None
                store.add_article(art)
                store.save_annotation(art.id, ann)  # type: ignore[arg-type]
            art.annotation = ann
            t0, c0 = time.perf_counter(), time.process_time()
            with store.transaction():
                grouper.add(art)
                if build_after:  # as the pipeline notes them: built at the end, or by the next run
                    store.note_unbuilt_stories(grouper.touched_stories)
                    grouper.touched_stories.clear()
            if states is not None:  # the pipeline's story step for the stories the add touched
                for gone in grouper.removed_stories:
                    states.forget(gone)
                touched = grouper.touched_stories - grouper.removed_stories
                grouper.touched_stories.clear()
                grouper.removed_stories.clear()
                states.build(store, touched, _raise, _quiet)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            if len(times) % window == 0:
                chunk = sorted(times[-window:])
                cpu_chunk = sorted(cpu[-window:])
                row = {
                    "articles": done + len(times),
                    "median_ms": round(1000 * statistics.median(chunk), 2),
                    "p90_ms": round(1000 * chunk[int(0.9 * len(chunk))], 2),
                    "cpu_median_ms": round(1000 * statistics.median(cpu_chunk), 2),
                    "cpu_p90_ms": round(1000 * cpu_chunk[int(0.9 * len(cpu_chunk))], 2),
                    "load1": round(os.getloadavg()[0], 2),
                    "threads": len(grouper.threads),
                    "stories": len(grouper.stories),
                    "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                }
                if states is not None:
                    row["story_states_extended"] = states.extended
                    row["story_states_rebuilt"] = states.rebuilt
                windows.append(row)
                if log:
                    print(json.dumps(row), file=sys.stderr, flush=True)
        k, skip = k + 1, 0
    built: dict[str, object] = {}
    if build_after:
        built = build_all(store, grouper, log)
    # A restart at full size: the state load a new process pays once.
    t0 = time.perf_counter()
    Grouper(store)
    load_seconds = time.perf_counter() - t0
    total = store.count_articles()
    store.close()
    last = windows[-1] if windows else {}
    return {
        "articles": total,
        "adds": len(times),
        "shift_days": shift_days,
        "annotate_661_seconds": round(annotate_seconds, 1),
        "last_window_median_ms": last.get("median_ms"),
        "last_window_p90_ms": last.get("p90_ms"),
        "last_window_cpu_median_ms": last.get("cpu_median_ms"),
        "last_window_cpu_p90_ms": last.get("cpu_p90_ms"),
        "overall_median_ms": round(1000 * statistics.median(times), 2) if times else None,
        "state_load_seconds": round(load_seconds, 2),
        **built,
        "windows": windows,
    }


def build_all(store: Store, grouper: Grouper, log: bool) -> dict[str, object]:
    """Build every story not built yet, once, with the pipeline's story step (each
    story its own transaction: record, part rows, novelty, and a big story's state)."""
    pending = store.unbuilt_stories()
    states = StoryStates()
    t0, c0 = time.perf_counter(), time.process_time()
    step = max(1, len(pending) // 20)
    built = 0
    for i in range(0, len(pending), step):
        done, _ = states.build(store, pending[i : i + step], _raise, _quiet)
        with store.transaction():
            store.clear_unbuilt_stories(pending[i : i + step])
        built += done
        if log:
            print(f"stories built {built}/{len(pending)}", file=sys.stderr, flush=True)
    return {
        "stories_built": built,
        "story_build_s": round(time.perf_counter() - t0, 1),
        "story_build_cpu_s": round(time.process_time() - c0, 1),
        "story_states_stored": states.snapshots,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--window", type=int, default=5_000)
    parser.add_argument("--shift-days", type=int, default=365)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--annotated", type=Path, default=None, help="pickle of the annotated corpus (cache)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--stories", action="store_true", help="include the story step (story intelligence) in each add"
    )
    parser.add_argument(
        "--base", type=Path, default=None, help="a store `storyline ingest` processed: replay it"
    )
    parser.add_argument(
        "--build-after",
        action="store_true",
        help="group only, then build every story once (as a batch ingest)",
    )
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="storyline-speed-")) / "speed.db"
    result = run(
        args.shared / "corpora",
        args.n,
        args.window,
        args.shift_days,
        db,
        cache=args.annotated,
        stories=args.stories,
        base_db=args.base,
        build_after=args.build_after,
    )
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"Grouper.add over {result['articles']} articles (bsnlp-ru replayed, shift {args.shift_days} days)")
    print(
        f"  last {args.window}: median {result['last_window_median_ms']} ms, p90 {result['last_window_p90_ms']} ms"
        f" (CPU: median {result['last_window_cpu_median_ms']} ms, p90 {result['last_window_cpu_p90_ms']} ms)"
    )
    print(
        f"  overall median {result['overall_median_ms']} ms; state load at full size {result['state_load_seconds']} s"
    )


if __name__ == "__main__":
    main()
