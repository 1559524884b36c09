"""The pipeline's cost grows with the text, not faster (issue #15: date-dense
texts took 3 s at 50 KB, 14 s at 100 KB, 43 s at 150 KB).

Three synthetic 1 MB articles (date-dense, quantity-dense, mixed with names and
quotes; `tests/synthetic_news.py`) each go through ingest, annotation, grouping
and story building in a fresh store. Their CPU time per KB must stay within
BUDGET_RATIO of a 10 KB article's of the same kind. CPU time of this process
(annotation runs in it with one worker), not wall time, so neighbours on a
shared machine move the figure little. Per-KB speeds at every size are in
docs/benchmarks.md (`benchmarks/annotation_scaling.py`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from storyline.ingest import ingest
from storyline.pipeline import process
from storyline.store import open_store
from tests.synthetic_news import Kind, synthetic_text

SMALL, LARGE = 10_000, 1_000_000
# Measured (CPU, one process, 2026-12-01): 1 MB costs 0.5-0.9x the per-KB time
# of 10 KB, whose fixed costs (grouper start, story tables) weigh more. 2.0 leaves
# room for noise while a quadratic stage (100x per KB at 1 MB) cannot pass.
BUDGET_RATIO = 2.0
SMALL_RUNS = 3  # the fastest of these is the reference: a stray pause only slows a run


def _pipeline_cpu(tmp: Path, name: str, text: str) -> float:
    source = tmp / f"{name}.jsonl"
    source.write_text(
        json.dumps({"id": name, "text": text, "published": "2022-01-08"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    with open_store(tmp / f"{name}.db") as store:
        start = time.process_time()
        report = ingest(store, [str(source)], max_bytes=LARGE)
        assert report.accepted == 1, store.rejections()
        process(store, workers=1)
        spent = time.process_time() - start
        assert set(store.assignments()) == {name}
        article = next(iter(store.iter_articles([name])))
        assert article.annotation is not None and article.annotation.dates
    return spent


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["dates", "quantities", "mixed"])
def test_one_megabyte_costs_its_size_in_small_texts(kind: Kind, tmp_path: Path) -> None:
    _pipeline_cpu(tmp_path, "warm", synthetic_text(SMALL, kind, seed=7))  # models and caches
    small = min(
        _pipeline_cpu(tmp_path, f"small{n}", synthetic_text(SMALL, kind, seed=n)) for n in range(SMALL_RUNS)
    )
    text = synthetic_text(LARGE, kind, seed=1)
    assert len(text.encode("utf-8")) > 0.99 * LARGE
    large = _pipeline_cpu(tmp_path, "large", text)
    per_kb_small, per_kb_large = small / (SMALL / 1000), large / (LARGE / 1000)
    ratio = per_kb_large / per_kb_small
    assert ratio <= BUDGET_RATIO, (
        f"{kind}: 1 MB took {large:.1f} s CPU ({per_kb_large * 1000:.1f} ms/KB), 10 KB "
        f"{small:.2f} s ({per_kb_small * 1000:.1f} ms/KB): {ratio:.2f}x per KB, budget {BUDGET_RATIO}x"
    )
