"""Annotation throughput: docs/s and peak memory on bsnlp-ru.

    python benchmarks/annotate.py [--shared ../shared] [--workers N] [--limit N]
        [--start-method fork|spawn] [--chunk 32] [--skip-baseline] [--profile out.prof]

Reports, on the same documents:
- the bare natasha baseline: natasha's own `Doc.segment` + `tag_morph` +
  `tag_ner` in one process, as its README uses them (the reference the issue names);
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
from pathlib import Path

from storyline.annotate.pool import (
    DEFAULT_CHUNK,
    annotate_parallel,
    default_start_method,
    default_workers,
    prepare,
)
from storyline.model import Article

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


def baseline(articles: list[Article]) -> tuple[float, float]:
    """(docs/s, CPU seconds) of bare natasha in this process, models preloaded.

    natasha as its README uses it: `Doc.segment`, `tag_morph`, `tag_ner`, default
    batch sizes, numpy's default threads. This is the reference the issue names
    ("about 20 docs/s in one process"), not our tagger path.
    """
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    segmenter, emb = Segmenter(), NewsEmbedding()
    morph, ner = NewsMorphTagger(emb), NewsNERTagger(emb)
    start, cpu = time.perf_counter(), cpu_seconds()
    for a in articles:
        doc = Doc(a.text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.tag_ner(ner)
    return len(articles) / (time.perf_counter() - start), cpu_seconds() - cpu


def full(
    articles: list[Article], workers: int, chunk: int, start_method: str
) -> tuple[float, float, float, float]:
    """(seconds of start-up in this process, docs/s after it, docs/s overall, CPU seconds after it).

    Under fork (and with one worker) the models are loaded and warmed here first, so
    "after start-up" is the annotation rate; under spawn the workers load their own
    models inside the timed run.
    """
    start = time.perf_counter()
    if start_method == "fork" or workers == 1:
        prepare()
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
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the full run (use --workers 1)")
    args = parser.parse_args(argv)

    articles = load_articles(args.shared, args.limit)
    chars = sum(len(a.text) for a in articles)
    print(
        f"documents: {len(articles)} ({chars / 1e6:.2f} M chars), chunk: {args.chunk}, load: {os.getloadavg()[0]:.1f}"
    )
    if not args.skip_baseline:
        rate, cpu = baseline(articles)
        print(
            "bare natasha (Doc.segment + tag_morph + tag_ner, 1 process, models preloaded):"
            f" {rate:.1f} docs/s,"
            f" CPU {1000 * cpu / len(articles):.0f} ms per document"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    sampler = PssSampler()
    sampler.start()
    startup, rate, overall, cpu = full(articles, args.workers, args.chunk, args.start_method)
    sampler.stop.set()
    if args.profile:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(
        f"full annotation, {args.workers} worker(s), {args.start_method}"
        f": {rate:.1f} docs/s"
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
