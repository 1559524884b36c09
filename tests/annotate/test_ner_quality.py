"""Quality gate: storyline's NER must stay above the floors in benchmarks/baselines/ner.json.

The floors are our exact-span F1 per corpus and type, rounded down a little;
raise them when the rules improve, never lower them.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "benchmarks" / "baselines" / "ner.json"


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_ner", REPO / "benchmarks" / "eval_ner.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_ner"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


Results = dict[str, dict[str, dict[str, dict[str, float]]]]


@pytest.fixture(scope="module")
def results(corpora: Path) -> Results:
    """Both systems on both dev corpora (about half a minute): computed once for the module."""
    evaluated: Results = _eval_module().evaluate(corpora.parent)
    return evaluated


@pytest.mark.slow
def test_ner_f1_above_floors(results: Results) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["storyline_f1_floor"]
    below = []
    for corpus, types in floors.items():
        for kind, floor in types.items():
            got = results[corpus]["storyline"][kind]["f1"]
            if got < floor:
                below.append(f"{corpus}/{kind}: {got:.3f} < floor {floor:.3f}")
    assert not below, "NER quality dropped: " + "; ".join(below)


@pytest.mark.slow
def test_canonical_names_above_floor(corpora: Path) -> None:
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))["names_accuracy_floor"]
    names = _eval_module().evaluate_names(corpora.parent)
    assert names["storyline"] >= floor, (
        f"canonical-name accuracy {names['storyline']:.3f} < floor {floor:.3f}"
    )
    assert names["storyline"] > names["lemmas"]


@pytest.mark.slow
def test_better_than_bare_natasha_on_every_type(results: Results) -> None:
    for corpus, systems in results.items():
        for kind in ("PER", "ORG", "LOC"):
            assert systems["storyline"][kind]["f1"] > systems["natasha"][kind]["f1"], (corpus, kind)
