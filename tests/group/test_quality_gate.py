"""CI quality gate for grouping: threads (tgcontest-pairs ru and the labelled bsnlp-ru
pairs), stories and cross-document entities (bsnlp-ru) must not fall below the floors in
benchmarks/baselines/grouping.json. Floors are only ever raised."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storyline.group.evaluate import b_cubed, group_fresh, load_bsnlp, load_tgcontest, pair_f1
from storyline.model import Article

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "benchmarks" / "baselines" / "grouping.json").read_text(encoding="utf-8"))


def _annotate(annotator, articles: list[Article]) -> None:  # type: ignore[no-untyped-def]
    for i in range(0, len(articles), 32):
        batch = articles[i : i + 32]
        for article, annotation in zip(batch, annotator.annotate_many(batch), strict=True):
            article.annotation = annotation


@pytest.mark.slow
def test_thread_quality_gate(corpora: Path, annotator, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    articles, pairs = load_tgcontest(corpora, "ru")
    _annotate(annotator, articles)
    store, assigned = group_fresh(articles, folder=tmp_path)
    f1, _, _ = pair_f1((assigned[a][0] == assigned[b][0], gold) for a, b, gold in pairs)
    store.close()
    assert f1 >= FLOORS["thread_pair_f1"], f"thread pair F1 {f1:.3f} < floor {FLOORS['thread_pair_f1']}"


@pytest.mark.slow
def test_story_and_entity_quality_gate(corpora: Path, annotator, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "benchmarks"))
    from eval_entities import load_gold, score_entities

    articles = load_bsnlp(corpora)
    _annotate(annotator, articles)
    store, assigned = group_fresh(articles, folder=tmp_path)
    gold = {a.id: a.meta["topic"] for a in articles}
    f1, p, _ = b_cubed({k: v[1] for k, v in assigned.items()}, gold)
    entities = score_entities(store, load_gold(corpora))
    store.close()
    # The 440 hand-labelled bsnlp-ru pairs (benchmarks/pairs): same thread or not, online.
    labelled = [
        json.loads(line)
        for line in (REPO / "benchmarks" / "pairs" / "bsnlp-ru-pairs.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    pairs_f1, _, _ = pair_f1(
        (assigned[r["a_id"]][0] == assigned[r["b_id"]][0], bool(r["same_story"])) for r in labelled
    )
    assert pairs_f1 >= FLOORS["bsnlp_pair_f1"], (
        f"bsnlp-ru labelled pair F1 {pairs_f1:.3f} < floor {FLOORS['bsnlp_pair_f1']}"
    )
    assert f1 >= FLOORS["story_b3_f1"], f"story B3 F1 {f1:.3f} < floor {FLOORS['story_b3_f1']}"
    assert p >= FLOORS["story_b3_precision"], (
        f"story B3 precision {p:.3f} < floor {FLOORS['story_b3_precision']}"
    )
    ent = entities["entity_b3_f1"]
    assert ent >= FLOORS["entity_b3_f1"], f"entity B3 F1 {ent:.3f} < floor {FLOORS['entity_b3_f1']}"
