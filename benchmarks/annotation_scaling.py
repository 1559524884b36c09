"""Annotation time per KB from 10 KB to 1 MB, stage by stage (issue #15).

    python benchmarks/annotation_scaling.py [--sizes 10,100,250,500,1000] [--kinds dates,quantities,mixed]
        [--repeat 1] [--json out.json]

For each kind of synthetic text (`tests/synthetic_news.py`: date-dense,
quantity-dense, mixed with names and quotes) and each size, runs every stage of
the annotator in one process (models loaded and warmed first) and prints
milliseconds per KB for each stage and in total, and the ratio of the largest
size's total per KB to the smallest's. Linear stages keep the ratio near 1;
the quadratic date code this replaced reached 3-4x between 50 and 150 KB.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.synthetic_news import synthetic_text  # noqa: E402

from storyline.annotate.dates import extract_dates  # noqa: E402
from storyline.annotate.entities import extract_entities  # noqa: E402
from storyline.annotate.lang import detect_language  # noqa: E402
from storyline.annotate.nlp import NLP  # noqa: E402
from storyline.annotate.quantities import extract_quantities  # noqa: E402
from storyline.annotate.quotes import extract_quotes  # noqa: E402
from storyline.annotate.segment import segment  # noqa: E402
from storyline.isodate import PartialDate  # noqa: E402

PUBLISHED = PartialDate(2022, 1, 8)
STAGES = ("lang", "segment", "parse", "entities", "dates", "quantities", "quotes")


def run_stages(nlp: NLP, text: str) -> dict[str, float]:
    """Seconds per stage, in the order `Annotator` runs them."""
    seconds: dict[str, float] = {}
    state: dict[str, Any] = {}

    def timed(name: str, step: Callable[[], Any]) -> None:
        start = time.perf_counter()
        state[name] = step()
        seconds[name] = time.perf_counter() - start

    timed("lang", lambda: detect_language(text))
    timed("segment", lambda: segment(text))
    timed("parse", lambda: nlp.parse(text, state["segment"]))
    timed("entities", lambda: extract_entities(state["parse"], nlp))
    timed("dates", lambda: extract_dates(text, state["segment"], PUBLISHED, parsed=state["parse"]))
    timed(
        "quantities",
        lambda: extract_quantities(text, state["segment"], state["parse"], state["entities"], nlp),
    )
    timed("quotes", lambda: extract_quotes(state["parse"], state["entities"], nlp))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,250,500,1000", help="KB, comma-separated")
    parser.add_argument("--kinds", default="dates,quantities,mixed")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest counts")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    nlp = NLP()
    run_stages(nlp, synthetic_text(5_000, kinds[0], seed=99))  # type: ignore[arg-type]  # warm caches and models
    results: list[dict[str, Any]] = []
    for kind in kinds:
        print(f"\n{kind}: ms per KB")
        print(f"{'KB':>6} " + " ".join(f"{s:>10}" for s in STAGES) + f" {'total':>8} {'s':>7}")
        per_kb: list[float] = []
        for kb in sizes:
            text = synthetic_text(kb * 1000, kind)  # type: ignore[arg-type]
            runs = [run_stages(nlp, text) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: sum(r.values()))
            total = sum(best.values())
            size_kb = len(text.encode("utf-8")) / 1000
            per_kb.append(total * 1000 / size_kb)
            print(
                f"{kb:>6} "
                + " ".join(f"{best[s] * 1000 / size_kb:>10.2f}" for s in STAGES)
                + f" {per_kb[-1]:>8.2f} {total:>7.1f}",
                flush=True,
            )
            results.append({"kind": kind, "kb": kb, "seconds": best, "total": total})
        print(f"ratio of total ms/KB, {sizes[-1]} KB to {sizes[0]} KB: {per_kb[-1] / per_kb[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
