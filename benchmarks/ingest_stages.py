"""Where one `storyline ingest` spends its CPU: the parent's steps and the pool workers.

    python benchmarks/ingest_stages.py [--shared ../shared] [--db /tmp/stages.db] [-- ingest options]

Runs `storyline ingest corpora/bsnlp-ru/articles.jsonl --db DB` in this process
(the parent: reading, saving, grouping, story building, the one writer) with the
pipeline's steps wrapped in `time.process_time`, and reports the CPU of the
workers it forked (`RUSAGE_CHILDREN`). CPU, not wall time: on a shared machine
the wall time mostly measures the neighbours. The parent is serial, so its total
bounds the run's wall time from below.
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


def timed(spent: dict[str, float], name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--db", type=Path, default=Path("/tmp/ingest-stages.db"))
    parser.add_argument("ingest_options", nargs="*", help="passed to storyline ingest (e.g. --workers 1)")
    args = parser.parse_args()
    source = args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    count = sum(1 for _ in source.open(encoding="utf-8"))
    spent: dict[str, float] = {}
    for name in STEPS:
        setattr(pipeline.Pipeline, name, timed(spent, name, getattr(pipeline.Pipeline, name)))
    cpu, wall = time.process_time(), time.perf_counter()
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
        print(f"  {name}: {value:.2f} s ({1000 * value / count:.1f} ms/doc)")
    print(f"workers: {workers:.1f} s CPU ({1000 * workers / count:.1f} ms/doc)")


if __name__ == "__main__":
    main()
