"""Where one `storyline ingest` spends its CPU: the parent's steps and the pool workers.

    python benchmarks/ingest_stages.py [--shared ../shared] [--db /tmp/stages.db] [--chunks FILE]
        [-- ingest options]

Runs `storyline ingest corpora/bsnlp-ru/articles.jsonl --db DB` in this process
(the parent: reading, saving, grouping, story building, the one writer) with the
pipeline's steps wrapped in `time.process_time`, and reports the CPU of the
workers it forked (`RUSAGE_CHILDREN`: the annotation pool's, and the story pool's
apart). CPU, not wall time: on a shared machine the wall time mostly measures the
neighbours. The parent is serial, so its total bounds the run's wall time from
below. Each step's first start and last end on the wall clock (seconds from the
run's start) show how the steps overlap: whatever runs after the annotation pool
has closed is the run's serial tail.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import storyline.pipeline as pipeline
from storyline.cli import main as cli

REPO = Path(__file__).resolve().parents[1]
STEPS = ("ingest", "annotate_pending", "_save_annotations", "group_articles", "build_stories")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    spent: dict[str, float],
    spans: dict[str, list[float]],
    origin: list[float],
    name: str,
    method: Callable[..., Any],
) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, wall = time.process_time(), time.perf_counter() - origin[0]
        children = children_cpu()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started
            span = spans.setdefault(name, [wall, wall, 0.0])
            span[1] = time.perf_counter() - origin[0]
            span[2] += children_cpu() - children  # CPU of the workers reaped meanwhile

    return wrapper


def record_chunks(path: Path, origin: float) -> None:
    """Have every annotation chunk append its worker's pid and its start and end
    (seconds from `origin` on the monotonic clock, which forked workers share) to `path`:
    the pool's busy spans, so its idle time and its last result show."""
    from storyline.annotate import pool

    inner = pool._annotate_chunk_encoded

    def chunk(dumps: Callable[..., bytes], articles: list[Any]) -> list[Any]:
        started = time.perf_counter() - origin
        try:
            return inner(dumps, articles)
        finally:
            with path.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()} {started:.3f} {time.perf_counter() - origin:.3f} {len(articles)}\n")

    chunk.__qualname__ = chunk.__name__ = inner.__name__  # pickled by name: the worker finds this one
    chunk.__module__ = inner.__module__
    pool._annotate_chunk_encoded = chunk  # type: ignore[assignment]


def pool_spans(path: Path) -> str:
    """The pool's first start, last end and each worker's busy seconds, from `record_chunks`."""
    rows = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
    if not rows:
        return "no chunks recorded"
    busy: dict[str, float] = {}
    for pid, start, end, _ in rows:
        busy[pid] = busy.get(pid, 0.0) + float(end) - float(start)
    first, last = min(float(r[1]) for r in rows), max(float(r[2]) for r in rows)
    each = ", ".join(f"{b:.1f}" for b in busy.values())
    return f"annotation pool {first:.1f}-{last:.1f} s, {len(rows)} chunks, busy per worker {each} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--db", type=Path, default=Path("/tmp/ingest-stages.db"))
    parser.add_argument("--chunks", type=Path, default=Path("/tmp/ingest-stages-chunks.txt"))
    parser.add_argument("ingest_options", nargs="*", help="passed to storyline ingest (e.g. --workers 1)")
    args = parser.parse_args()
    source = args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    count = sum(1 for _ in source.open(encoding="utf-8"))
    spent: dict[str, float] = {}
    spans: dict[str, list[float]] = {}
    origin = [time.perf_counter()]
    for name in STEPS:
        setattr(pipeline.Pipeline, name, timed(spent, spans, origin, name, getattr(pipeline.Pipeline, name)))
    cpu, wall = time.process_time(), time.perf_counter()
    origin[0] = wall
    args.chunks.unlink(missing_ok=True)
    record_chunks(args.chunks, wall)
    try:
        cli(["ingest", str(source), "--db", str(args.db), *args.ingest_options])
    except SystemExit as done:
        if done.code:
            raise
    parent = time.process_time() - cpu
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = usage.ru_utime + usage.ru_stime
    print(f"{count} lines, wall {time.perf_counter() - wall:.1f} s, load {os.getloadavg()[0]:.1f}")
    print(f"parent: {parent:.1f} s CPU ({1000 * parent / count:.1f} ms/doc)")
    for name in STEPS:  # annotate_pending includes the saving and the streamed grouping
        value = spent.get(name, 0.0)
        first, last, children = spans.get(name, [0.0, 0.0, 0.0])
        print(
            f"  {name}: {value:.2f} s ({1000 * value / count:.1f} ms/doc);"
            f" wall {first:.1f}-{last:.1f} s; workers reaped in it {children:.1f} s CPU"
        )
    print(f"workers: {workers:.1f} s CPU ({1000 * workers / count:.1f} ms/doc)")
    print(pool_spans(args.chunks))


if __name__ == "__main__":
    main()
