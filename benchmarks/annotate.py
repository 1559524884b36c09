"""Annotation throughput: docs/s and peak memory on bsnlp-ru.

    python benchmarks/annotate.py [--shared ../shared] [--workers N] [--limit N]
        [--start-method fork|spawn] [--chunk 32] [--skip-baseline] [--profile out.prof]

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
import resource
import sys
import time
from pathlib import Path

from storyline.annotate.nlp import NLP, razdel_sentences
from storyline.annotate.pool import DEFAULT_CHUNK, annotate_parallel, default_workers
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


def baseline(articles: list[Article], chunk: int) -> float:
    """docs/s of bare natasha (segment + morph + NER) in this process, models preloaded."""
    nlp = NLP()
    start = time.perf_counter()
    for i in range(0, len(articles), chunk):
        batch = articles[i : i + chunk]
        nlp.parse_many([(a.text, [Sentence(s, e) for s, e in razdel_sentences(a.text)]) for a in batch])
    return len(articles) / (time.perf_counter() - start)


def full(articles: list[Article], workers: int, chunk: int, start_method: str | None) -> tuple[float, float]:
    """(docs/s including pool start-up and model loading, docs/s excluding the first chunk's wait)."""
    start = time.perf_counter()
    first: float | None = None
    count = 0
    for _ in annotate_parallel(articles, workers=workers, chunk=chunk, start_method=start_method):
        count += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    overall = count / (end - start)
    assert first is not None
    steady = (count - chunk) / (end - first) if count > chunk and end > first else overall
    return overall, steady


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK)
    parser.add_argument("--start-method", choices=["fork", "spawn"], default=None)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the full run (use --workers 1)")
    args = parser.parse_args(argv)

    articles = load_articles(args.shared, args.limit)
    chars = sum(len(a.text) for a in articles)
    print(
        f"documents: {len(articles)} ({chars / 1e6:.2f} M chars), workers: {args.workers}, chunk: {args.chunk}"
    )
    if not args.skip_baseline:
        rate = baseline(articles, args.chunk)
        print(f"bare natasha (1 process, models preloaded): {rate:.1f} docs/s")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    overall, steady = full(articles, args.workers, args.chunk, args.start_method)
    if args.profile:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(
        f"full annotation, {args.workers} worker(s): {overall:.1f} docs/s overall (with start-up), {steady:.1f} docs/s steady"
    )
    print(
        f"peak RSS: parent {peak_mb(resource.RUSAGE_SELF):.0f} MB, largest child {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
