"""The quote golds of benchmarks/quote_gold: sound against the corpus, a broken copy caught,
and the measured fields at their floors in benchmarks/baselines/quote_gold.json (slow)."""

from __future__ import annotations

import importlib.util
import json
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "benchmarks" / "baselines" / "quote_gold.json").read_text(encoding="utf-8"))


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_quote_gold", REPO / "benchmarks" / "eval_quote_gold.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(shared: Path) -> None:
    if not (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").exists():
        pytest.skip("bsnlp-ru not in ../shared")
    if not (shared / "corpora" / "tgcontest-pairs" / "dev.jsonl").exists():
        pytest.skip("tgcontest-pairs not in ../shared (tgcontest-short-outlets reads its dev file)")
    if (
        not (shared / "corpora" / "factrueval-2016" / "devset").is_dir()
        or not (shared / "corpora" / "nerel" / "dev").is_dir()
    ):
        pytest.skip("factrueval devset or nerel dev not in ../shared (fact-nerel-news reads them)")


def test_every_quote_gold_is_sound(shared_dir: Path) -> None:
    _corpus(shared_dir)
    module = _module()
    golds = module.load_golds(REPO / "benchmarks" / "quote_gold", [], [])
    assert set(FLOORS["held_out"]) <= set(golds)
    for name, gold in golds.items():
        assert module.check(name, gold, shared_dir) == []


def test_a_broken_gold_is_caught(shared_dir: Path) -> None:
    _corpus(shared_dir)
    module = _module()
    gold = module.load_golds(REPO / "benchmarks" / "quote_gold", [], ["covid-vaccines"])["covid-vaccines"]
    broken = json.loads(json.dumps(gold))
    broken["quotes"][0]["contains"] += " и ещё слова, которых нет"
    broken["quotes"][1]["speaker"] = "Голиков"
    broken["entities"].append(dict(broken["entities"][0]))
    problems = module.check("covid-vaccines", broken, shared_dir)
    assert len(problems) == 3, problems


def test_the_scorer_counts_a_miss() -> None:
    module = _module()
    gold = {
        "articles": ["x1"],
        "entities": [{"name": "Иван Петров", "type": "PER", "desc": "министр"}],
        "quotes": [
            {"in": "a01", "speaker": "петров", "contains": "бюджет исполнен"},
            {"in": "a01", "speaker": "петров", "contains": "налоги не вырастут"},
        ],
    }
    export = {
        "articles": [{"id": "x1", "quotes": [{"text": "бюджет исполнен в срок", "speaker_text": "министр"}]}],
        "entities": [{"id": "e1", "name": "Иван Петров", "descriptions": ["министр финансов"]}],
    }
    measures, misses = module.score(export, gold)
    assert measures == {
        "quotes_found": 0.5,
        "quotes_speaker": 0.0,
        "quotes_speaker_alias": 0.0,
        "entity_roles": 1.0,
    }
    assert len(misses) == 2


def test_the_alias_scorer_matches_names_both_ways() -> None:
    """An acronym and its expansion, and a Latin acronym and its Cyrillic spelling, name one
    speaker whichever side the gold holds; a different name never does."""
    module = _module()
    fbi = [{"id": "e1", "name": "Федеральное бюро расследований", "aliases": ["ФБР"]}]
    index = module.acronym_index(fbi)
    assert module.alias_match("фбр", ["Федеральное бюро расследований"], index)
    assert module.alias_match("федеральн", ["ФБР"], index)
    assert module.alias_match("bbc", ["Би-би-си"])
    assert module.alias_match("бибиси", ["BBC"])
    assert not module.alias_match("цру", ["Федеральное бюро расследований"], index)
    assert not module.alias_match("мэй", ["Борис Джонсон"])
    gold = {
        "articles": ["x1"],
        "entities": [],
        "quotes": [{"in": "a01", "speaker": "фбр", "contains": "угроз нет"}],
    }
    export = {
        "articles": [
            {"id": "x1", "quotes": [{"text": "угроз нет", "speaker_text": "бюро", "speaker_entity_id": "e1"}]}
        ],
        "entities": fbi,
    }
    measures, _ = module.score(export, gold)
    assert measures["quotes_speaker"] == 0.0 and measures["quotes_speaker_alias"] == 1.0


@pytest.mark.slow
def test_quote_golds_hold_their_floors(shared_dir: Path) -> None:
    _corpus(shared_dir)
    module = _module()
    golds = module.load_golds(REPO / "benchmarks" / "quote_gold", [REPO / "benchmarks" / "gold"], [])
    below = []
    with tempfile.TemporaryDirectory() as tmp:
        for group in ("held_out", "tuned_on"):
            for name, fields in FLOORS[group].items():
                measures, _ = module.score(
                    module.export_gold(golds[name], shared_dir, Path(tmp), name), golds[name]
                )
                below += [
                    f"{name}.{f}: {measures[f]:.3f} < {v}" for f, v in fields.items() if measures[f] < v
                ]
    assert not below, "below the floors in benchmarks/baselines/quote_gold.json: " + "; ".join(below)
