"""A long-lived pipeline on a big store: the add median with story intelligence, and its RSS.

    python benchmarks/pipeline_add.py --db BIG.db [--adds 60] [--shared PATH] [--json] [--in-place]

BIG.db is a store made by `benchmarks/big_store.py` (a real ingest of bsnlp-ru and
older replicas of it: 100k articles in minutes, stories the size a real ingest makes)
or grown by `benchmarks/group_speed.py --base ... --build-after` (replicas a year
apart whose stories grow with the store: ~2-3k articles at 12k). It is copied first
(SQLite backup API) unless `--in-place`. One process then does what a watcher or a server's writer does:
load the models, open the `Pipeline` (writer lease, grouping state opened lazily),
and take articles one at a time. The arrivals alternate between two kinds:

- `joins`: a bsnlp-ru article from the replay's last year, reworded so it is no
  duplicate, dated just after the newest stored article of its topic: it joins an
  existing story of the big store, in reading order;
- `new`: a bsnlp-ru article dated a year past the replay: the first of a topic
  opens a story, the later ones of that topic join it.

The arrivals are stored and annotated first (annotation is not part of an add: the
pool does it in parallel and it is timed apart, `benchmarks/annotate.py`). Each add
is then the pipeline's own stages for that one article: `group_pending([id])` (the
grouper's add, written and committed) and `build_stories(touched)` (the story step:
the kept or stored fold state read back, rebuilt or extended, the result written and
committed). The fold states due to be stored are written at the writer lease's end
(`Pipeline.flush_story_states`; or when one is dropped for the memory budget, which is
inside an add): that flush is timed apart (`flush_s`, `flush_cpu_s`). Wall and CPU time per add, and the
process's resident memory (now and peak) after each. The machine is shared: CPU time
is the figure that compares across loads. With `--phases`, each add's CPU is also
split by part (grouping, skeleton read, state read-back, rebuild, fold, result, the
writes: `benchmarks/add_phases.py`), per add and as medians per kind.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks import add_phases  # noqa: E402
from benchmarks.ingest_one import arrival_years, article, copy_store  # noqa: E402

from storyline.pipeline import Pipeline  # noqa: E402
from storyline.store import open_store  # noqa: E402

# bsnlp-ru lines the arrivals are made of: past the first ones, which ingest_one uses.
FIRST_LINE = 40


def rss_mib() -> tuple[int, int]:
    """(resident now, peak) of this process, MiB."""
    status = Path("/proc/self/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    now = int(fields["VmRSS"].split()[0]) // 1024
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def newest(db: Path, prefix: str = "") -> str:
    """The newest publication day in the store, of the articles whose id starts with `prefix`."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT MAX(published) FROM articles WHERE substr(id, 1, ?) = ?", (len(prefix), prefix)
        ).fetchone()
        return str(row[0] or conn.execute("SELECT MAX(published) FROM articles").fetchone()[0])[:10]


def topic_prefix(shared: Path, index: int) -> str:
    """The id prefix of the bsnlp-ru topic of the corpus's line `index` ("bsnlp-brexit-")."""
    with open(shared / "corpora" / "bsnlp-ru" / "articles.jsonl", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n == index:
                return "-".join(str(json.loads(line)["id"]).split("-")[:2]) + "-"
    raise SystemExit(f"bsnlp-ru has no line {index}")


def arrivals(shared: Path, years: tuple[int, int], count: int, work: Path, db: Path) -> Path:
    """A JSONL of `count` articles, `joins` and `new` alternating (see the module doc).
    A `joins` article is dated the day after the newest stored article of its topic, so
    it arrives in reading order (as live news does), near enough to join that topic's
    story (the story window is 52 weeks; the day after the newest article of the whole
    store is years past some topics); one dated inside a story's span is folded in at
    its place instead (the articles after it folded again)."""
    lines = sum(1 for _ in open(shared / "corpora" / "bsnlp-ru" / "articles.jsonl", encoding="utf-8"))
    stride = max(1, (lines - FIRST_LINE) // count)
    rows = []
    for i in range(count):
        kind = "joins" if i % 2 == 0 else "new"
        shift = years[0] if kind == "joins" else years[1]
        record = article(shared, FIRST_LINE + i * stride, shift, f"add-{kind}-{i}")
        if kind == "joins":
            last = newest(db, topic_prefix(shared, FIRST_LINE + i * stride))
            record["published"] = (date.fromisoformat(last) + timedelta(days=1 + i // 2)).isoformat()
        rows.append(json.dumps(record, ensure_ascii=False))
    path = work / "arrivals.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def p90(xs: list[float]) -> float:
    return sorted(xs)[int(0.9 * (len(xs) - 1))]


def part_figures(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Per part (`add_phases.PARTS`): "median / mean / share of the rows' CPU" in ms and %."""
    total = sum(float(r["cpu_ms"]) for r in rows) or 1.0
    names = dict.fromkeys(p for r in rows for p in r["parts_cpu_ms"])
    out = {}
    for name in names:
        xs = [float(r["parts_cpu_ms"].get(name, 0.0)) for r in rows]
        out[name] = f"{statistics.median(xs):.1f} / {statistics.mean(xs):.1f} / {100 * sum(xs) / total:.0f} %"
    return out


def run(db: Path, shared: Path, adds: int, log: bool, phases: bool = False) -> dict[str, object]:
    years = arrival_years(db)
    report: dict[str, object] = {"store": str(db), "load1_before": round(os.getloadavg()[0], 1)}
    work = Path(tempfile.mkdtemp(prefix="storyline-pipeline-add-"))
    source = arrivals(shared, years, adds, work, db)
    report["rss_start_mib"] = rss_mib()[0]
    store = open_store(db)
    report["articles"] = store.count_articles()
    from storyline.annotate.pool import prepare

    c0, t0 = time.process_time(), time.perf_counter()
    prepare()
    report["model_load_s"] = round(time.perf_counter() - t0, 2)
    report["model_load_cpu_s"] = round(time.process_time() - c0, 2)
    report["rss_models_mib"] = rss_mib()[0]
    pipeline = Pipeline(store, workers=1)
    kinds: dict[str, str] = {}
    with pipeline:
        ingested = pipeline.ingest([str(source)])
        if ingested.accepted != adds:
            raise SystemExit(f"expected {adds} new articles, got {ingested.accepted} ({ingested})")
        kinds = {
            f"bench-one-add-{k}-{i}": k
            for i in range(adds)
            for k in ("joins", "new")
            if (k == "joins") == (i % 2 == 0)
        }
        c0, t0 = time.process_time(), time.perf_counter()
        pipeline.annotate_pending()
        report["annotate_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        pipeline.grouper  # noqa: B018 - opened here, timed apart from the first add
        report["grouper_open_s"] = round(time.perf_counter() - t0, 2)
        rows: list[dict[str, Any]] = []
        met: set[str] = set()  # stories this process has built: a first meeting loads or rebuilds
        if phases:
            add_phases.install()
        for n, article_id in enumerate(sorted(kinds, key=lambda i: int(i.rsplit("-", 1)[1])), 1):
            if phases:
                add_phases.start()
            t0, c0 = time.perf_counter(), time.process_time()
            _, touched, _ = pipeline.group_pending([article_id])
            t1 = time.perf_counter()
            pipeline.build_stories(touched)
            t2, c2 = time.perf_counter(), time.process_time()
            parts = add_phases.take() if phases else {}
            placed = store.assignment_of(article_id)
            size = len(store.story_members(placed[1])[0]) if placed else 0
            first = bool(placed) and placed[1] not in met and size > 1
            met.update(touched)
            now, peak = rss_mib()
            row = {
                "n": n,
                "kind": kinds[article_id],
                "group_ms": round(1000 * (t1 - t0), 1),
                "story_ms": round(1000 * (t2 - t1), 1),
                "wall_ms": round(1000 * (t2 - t0), 1),
                "cpu_ms": round(1000 * (c2 - c0), 1),
                "story_size": size,
                "first_meeting": first,
                "rss_mib": now,
                "peak_mib": peak,
                "kept_states": len(pipeline._story_states.states),
                "evicted_states": pipeline._story_states.evicted,
                "profiles_read": pipeline.grouper.threads.reads + pipeline.grouper.stories.reads,
            }
            if phases:
                row["parts_cpu_ms"] = parts
            rows.append(row)
            if log:
                print(json.dumps(row), file=sys.stderr, flush=True)
        # the states due to be stored, written at the lease's end (after the adds): timed
        # apart (code before session 15 wrote them inside the adds and has no flush)
        c0, t0 = time.process_time(), time.perf_counter()
        flush = getattr(pipeline, "flush_story_states", lambda: 0)
        report["flushed_states"] = flush()
        report["flush_s"] = round(time.perf_counter() - t0, 2)
        report["flush_cpu_s"] = round(time.process_time() - c0, 2)
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    report["loaded_states"] = pipeline._story_states.loaded
    report["rebuilt_states"] = pipeline._story_states.rebuilt
    report["extended_states"] = pipeline._story_states.extended
    report["memory"] = pipeline.memory().line()  # the caches' counters: churn from a small budget
    groups = {
        "joins": [r for r in rows if r["kind"] == "joins"],
        "new": [r for r in rows if r["kind"] == "new"],
        "all": rows,
        "all, story met before": [r for r in rows if not r["first_meeting"]],
        "first meetings": [r for r in rows if r["first_meeting"]],
    }
    for kind, chosen in groups.items():
        if not chosen:
            continue
        walls = [float(r["wall_ms"]) for r in chosen]
        cpus = [float(r["cpu_ms"]) for r in chosen]
        report[kind] = {
            "adds": len(chosen),
            "wall_median_ms": round(statistics.median(walls), 1),
            "wall_p90_ms": round(p90(walls), 1),
            "cpu_median_ms": round(statistics.median(cpus), 1),
            "cpu_p90_ms": round(p90(cpus), 1),
            "group_median_ms": round(statistics.median(float(r["group_ms"]) for r in chosen), 1),
            "story_median_ms": round(statistics.median(float(r["story_ms"]) for r in chosen), 1),
            "largest_story": max(int(r["story_size"]) for r in chosen),
        }
        if phases:
            report[kind]["parts_cpu_ms"] = part_figures(chosen)
    now, peak = rss_mib()
    report["rss_end_mib"], report["rss_peak_mib"] = now, peak
    if not log:  # --json: every add's row too, for a paired comparison of two codes
        report["rows"] = rows
    report["load1_after"] = round(os.getloadavg()[0], 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store grown by benchmarks/group_speed.py")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--adds", type=int, default=60)
    parser.add_argument("--in-place", action="store_true", help="add to --db itself (no copy)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--phases", action="store_true", help="split each add's CPU by part (benchmarks/add_phases.py)"
    )
    args = parser.parse_args()
    db = args.db
    if not args.in_place:
        db = Path(tempfile.mkdtemp(prefix="storyline-pipeline-copy-")) / "copy.db"
        copy_store(args.db, db)
    try:
        report = run(db, args.shared, args.adds, log=not args.json, phases=args.phases)
    finally:
        if not args.in_place:
            shutil.rmtree(db.parent, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
