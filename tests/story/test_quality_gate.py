"""CI quality gate for story intelligence: on each shared story gold (and each held-out
gold of benchmarks/gold/ that has floors), every field
scored by the shared scorer must stay at or above its floor in
benchmarks/baselines/story_gold.json (floors are only ever raised)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "benchmarks" / "baselines" / "story_gold.json").read_text(encoding="utf-8"))[
    "floors"
]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_story_gold_floors(name: str, shared_dir: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from eval_story_gold import evaluate, find_golds

    folder = shared_dir / "corpora" / "story-gold"
    # the shared golds, and the held-out golds made by reading (benchmarks/gold/)
    (story,) = [g for g in find_golds([folder, REPO / "benchmarks" / "gold"], folder) if g.name == name]
    scores = evaluate(story, shared_dir)
    low = {f: (round(scores[f], 3), floor) for f, floor in FLOORS[name].items() if scores[f] < floor}
    assert not low, f"{name}: below floor (measured, floor): {low}"


def _bsnlp_ids(shared_dir: Path, n: int) -> list[str]:
    with (shared_dir / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(next(lines))["id"] for _ in range(n)]


def test_extra_gold_dirs_name_their_articles_by_id(shared_dir: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from eval_story_gold import GoldError, article_source, find_golds

    ids = _bsnlp_ids(shared_dir, 3)
    golds = tmp_path / "golds"
    golds.mkdir()
    (golds / "listed.gold.json").write_text(json.dumps({"articles": ids[::-1]}), encoding="utf-8")
    (golds / "filed.gold.json").write_text("{}", encoding="utf-8")
    (golds / "filed.ids.txt").write_text("\n".join(ids[:2]) + "\n", encoding="utf-8")
    (golds / "missing.gold.json").write_text("{}", encoding="utf-8")
    found = {g.name: g for g in find_golds([golds], shared_dir / "corpora" / "story-gold")}
    assert set(found) == {"listed", "filed", "missing"}
    assert all(g.scorer_dir == shared_dir / "corpora" / "story-gold" for g in found.values())
    work = tmp_path / "work"
    work.mkdir()
    listed = article_source(found["listed"], shared_dir, work).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in listed] == ids[::-1]  # in the gold's order
    filed = article_source(found["filed"], shared_dir, work).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in filed] == ids[:2]
    with pytest.raises(GoldError):
        article_source(found["missing"], shared_dir, work)
