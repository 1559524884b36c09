"""The hand-made story golds in benchmarks/gold/ hold against the corpus they were read from.

Each gold passes every check of check_gold.py, and the export a perfect system would make from
it scores 1.0 with the shared scorer. Broken copies of a gold must fail, so that the checks are
known to bite.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

GOLD_DIR = Path(__file__).resolve().parents[1] / "benchmarks" / "gold"
sys.path.insert(0, str(GOLD_DIR))

import check_gold  # noqa: E402
import perfect_export  # noqa: E402

NAMES = check_gold.gold_names(GOLD_DIR)
# The shared README asks for two or more new golds beside its own two.
MIN_GOLDS = 2


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> list[dict[str, Any]]:
    return check_gold.load_corpus(shared_dir)


def test_there_are_golds() -> None:
    assert len(NAMES) >= MIN_GOLDS


@pytest.mark.parametrize("name", NAMES)
def test_gold_passes_every_check(name: str, corpus: list[dict[str, Any]]) -> None:
    assert check_gold.check_story(name, corpus, GOLD_DIR) == []


@pytest.mark.parametrize("name", NAMES)
def test_perfect_export_scores_one(name: str, corpus: list[dict[str, Any]], shared_dir: Path) -> None:
    assert perfect_export.perfect_problems(name, corpus, shared_dir, GOLD_DIR) == []


def _broken_copy(tmp_path: Path, name: str, edit: Any) -> Path:
    for suffix in (".gold.json", ".ids.txt", ".evidence.json"):
        shutil.copy(GOLD_DIR / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    path = tmp_path / f"{name}.gold.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    edit(gold)
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_checker_catches_a_needle_shared_with_another_article(
    tmp_path: Path, corpus: list[dict[str, Any]]
) -> None:
    name = NAMES[0]

    def common_needle(gold: dict[str, Any]) -> None:
        gold["seed_keys"]["a01"] = "Пакистан" if "asia" in name else "Германи"

    folder = _broken_copy(tmp_path, name, common_needle)
    problems = check_gold.check_story(name, corpus, folder)
    assert any("seed a01" in p and "articles of the corpus" in p for p in problems)


def test_checker_catches_a_wrong_window_and_a_missing_repeat(
    tmp_path: Path, corpus: list[dict[str, Any]]
) -> None:
    name = NAMES[0]

    def damage(gold: dict[str, Any]) -> None:
        gold["window"] = [gold["window"][0], "2030-01-01"]
        gold["repeated"][0]["in"] = gold["repeated"][0]["in"][:1] + ["a12"]

    problems = check_gold.check_story(name, corpus, _broken_copy(tmp_path, name, damage))
    assert any(p.startswith("window") for p in problems)
    assert any(p.startswith("repeated 0") for p in problems)


def test_perfect_export_catches_a_sentence_that_is_both_new_and_repeated(
    tmp_path: Path, corpus: list[dict[str, Any]], shared_dir: Path
) -> None:
    name = NAMES[0]

    def clash(gold: dict[str, Any]) -> None:
        rep = gold["repeated"][0]
        gold["new"].append({"contains": rep["contains"], "in": rep["in"][-1]})

    folder = _broken_copy(tmp_path, name, clash)
    problems = perfect_export.perfect_problems(name, corpus, shared_dir, folder)
    assert any("labels" in p for p in problems)
