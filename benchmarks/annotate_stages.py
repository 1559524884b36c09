"""CPU per annotation stage on bsnlp-ru, in one process with one BLAS thread.

    python benchmarks/annotate_stages.py [--shared ../shared] [--limit N]

Annotates in chunks of 32 (as a pool worker does) with each stage function wrapped
in `time.process_time`; prints ms of CPU per document, whole and per stage. Run
two versions at the same time to compare them under the same load.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads: as in the pool's workers

import storyline.annotate as annotate  # noqa: E402
from storyline.annotate import nlp  # noqa: E402
from storyline.annotate.pool import DEFAULT_CHUNK, prepare  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_stages import timed  # noqa: E402  (benchmarks/ingest_stages.py)

from annotate import load_articles  # noqa: E402  (benchmarks/annotate.py)

REPO = Path(__file__).resolve().parents[1]
STAGES = (
    "segment",
    "detect_language",
    "extract_entities",
    "extract_dates",
    "extract_quantities",
    "extract_quotes",
    "read_words",
    "extract_ages",
    "attach_syntax",
)


def wrap(owner: Any, name: str, label: str, spent: dict[str, float]) -> None:
    spans: dict[str, list[float]] = {}  # wall spans: not reported here
    setattr(owner, name, timed(spent, spans, [time.perf_counter()], label, getattr(owner, name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    articles = load_articles(args.shared, args.limit)
    annotator = prepare()
    spent: dict[str, float] = {}
    for name in STAGES:
        wrap(annotate, name, name, spent)
    wrap(nlp.NLP, "parse_many", "parse_many (tokens, lemmas, taggers)", spent)
    # parse_many runs both taggers through `tag_together`, the name it imported
    wrap(nlp, "tag_together", "  of which the two taggers", spent)
    wrap(nlp, "razdel_tokens", "  of which tokenisation", spent)
    wrap(nlp.NLP, "parse_syntax", "dependency parse", spent)
    started = time.process_time()
    for first in range(0, len(articles), DEFAULT_CHUNK):
        annotator.annotate_many(articles[first : first + DEFAULT_CHUNK])
    total = time.process_time() - started
    count = len(articles)
    print(f"{count} documents, load {os.getloadavg()[0]:.1f}: {1000 * total / count:.1f} ms CPU per document")
    for label, value in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:40s} {1000 * value / count:6.1f} ms/doc")


if __name__ == "__main__":
    main()
