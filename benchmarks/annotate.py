"""Annotation throughput: docs/s and peak memory on bsnlp-ru.

    python benchmarks/annotate.py [--shared ../shared] [--workers N] [--limit N]
        [--start-method fork|spawn] [--chunk 32] [--skip-baseline] [--sort-batches]
        [--profile out.prof]

Reports, on the same documents:
- the bare natasha baseline: razdel sentences + slovnet morphology and NER
  through `NLP.parse_many` in one process (the floor any full run pays);
- the full annotation (every stage) through `annotate_parallel` with N workers.
Peak memory is ru_maxrss of this process and of its largest child.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyline.annotate.nlp import NLP, razdel_sentences
from storyline.annotate.pool import (
    DEFAULT_CHUNK,
    annotate_parallel,
    default_start_method,
    default_workers,
    prepare,
)
from storyline.model import Article, Sentence

REPO = Path(__file__).resolve().parents[1]


def load_articles(shared: Path, limit: int | None) -> list[Article]:
    path = shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            articles.append(Article(id=row["id"], text=row["text"], title=row.get("title", "")))
            if limit and len(articles) >= limit:
                break
    return articles


class LengthSorted:
    """Feeds a slovnet tagger its inputs shortest first and restores the order.

    slovnet pads every batch to its longest sentence; sorted, a batch holds
    sentences of similar length, and on bsnlp-ru morphology and NER take half the
    CPU time with identical output. This wrapper only measures the effect
    (`--sort-batches`); the change belongs in `NLP.parse_many`.
    """

    def __init__(self, api: Any) -> None:
        self.api = api

    def map(self, items: Sequence[Any]) -> list[Any]:
        order = sorted(range(len(items)), key=lambda i: len(items[i]))
        out: list[Any] = [None] * len(items)
        for i, result in zip(order, self.api.map([items[i] for i in order]), strict=True):
            out[i] = result
        return out


def sort_batches(nlp: NLP) -> None:
    nlp.morph = LengthSorted(nlp.morph)
    nlp.ner_tagger = LengthSorted(nlp.ner_tagger)


def baseline(articles: list[Article], chunk: int, sort: bool) -> tuple[float, float]:
    """(docs/s, CPU seconds) of bare natasha (razdel + morph + NER) in this process, models preloaded."""
    nlp = NLP()
    if sort:
        sort_batches(nlp)
    start, cpu = time.perf_counter(), cpu_seconds()
    for i in range(0, len(articles), chunk):
        batch = articles[i : i + chunk]
        nlp.parse_many([(a.text, [Sentence(s, e) for s, e in razdel_sentences(a.text)]) for a in batch])
    return len(articles) / (time.perf_counter() - start), cpu_seconds() - cpu


def full(
    articles: list[Article], workers: int, chunk: int, start_method: str, sort: bool
) -> tuple[float, float, float, float]:
    """(seconds of start-up in this process, docs/s after it, docs/s overall, CPU seconds after it).

    Under fork (and with one worker) the models are loaded and warmed here first, so
    "after start-up" is the annotation rate; under spawn the workers load their own
    models inside the timed run.
    """
    start = time.perf_counter()
    if start_method == "fork" or workers == 1:
        annotator = prepare()
        if sort:
            sort_batches(annotator.nlp)
    elif sort:
        raise SystemExit(
            "--sort-batches needs the fork start method (spawned workers build their own models)"
        )
    ready, cpu = time.perf_counter(), cpu_seconds()
    count = sum(
        1 for _ in annotate_parallel(articles, workers=workers, chunk=chunk, start_method=start_method)
    )
    end = time.perf_counter()
    return ready - start, count / (end - ready), count / (end - start), cpu_seconds() - cpu


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found.append(int(child))
            found.extend(_children(int(child)))
    return found


def tree_pss_mb() -> float:
    """Proportional set size of this process and its descendants: shared pages counted once in total."""
    total = 0
    for pid in [os.getpid(), *_children(os.getpid())]:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue  # a worker that just exited, or no /proc (not Linux)
    return total / 1024


class PssSampler(threading.Thread):
    """Samples the tree's PSS twice a second; ru_maxrss counts model pages shared by fork in every worker."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.peak = max(self.peak, tree_pss_mb())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK)
    parser.add_argument("--start-method", choices=["fork", "spawn"], default=default_start_method())
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--sort-batches",
        action="store_true",
        help="measure slovnet fed length-sorted batches (a proposal for nlp.py)",
    )
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the full run (use --workers 1)")
    args = parser.parse_args(argv)

    articles = load_articles(args.shared, args.limit)
    chars = sum(len(a.text) for a in articles)
    print(
        f"documents: {len(articles)} ({chars / 1e6:.2f} M chars), chunk: {args.chunk}, load: {os.getloadavg()[0]:.1f}"
    )
    if not args.skip_baseline:
        rate, cpu = baseline(articles, args.chunk, args.sort_batches)
        print(
            f"bare natasha (1 process, models preloaded{', sorted batches' if args.sort_batches else ''}):"
            f" {rate:.1f} docs/s,"
            f" CPU {1000 * cpu / len(articles):.0f} ms per document"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    sampler = PssSampler()
    sampler.start()
    startup, rate, overall, cpu = full(
        articles, args.workers, args.chunk, args.start_method, args.sort_batches
    )
    sampler.stop.set()
    if args.profile:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(
        f"full annotation, {args.workers} worker(s), {args.start_method}"
        f"{', sorted batches' if args.sort_batches else ''}: {rate:.1f} docs/s"
        f" after {startup:.1f} s of start-up; {overall:.1f} docs/s including it"
    )
    # On a shared machine wall-clock rates swing with the neighbours' load; CPU time per
    # document does much less, and gives the rate the same workers reach on free cores.
    free_cores = min(args.workers, os.cpu_count() or 1)
    print(
        f"CPU after start-up: {1000 * cpu / len(articles):.0f} ms per document ->"
        f" {free_cores * len(articles) / cpu:.1f} docs/s on {free_cores} free core(s)"
    )
    print(
        f"peak RSS: parent {peak_mb(resource.RUSAGE_SELF):.0f} MB, largest child {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB;"
        f" peak PSS of parent + workers during the full run: {sampler.peak:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
