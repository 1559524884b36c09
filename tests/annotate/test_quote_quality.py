"""The quality gate for quotes, speakers and entity roles on the shared story golds (slow)."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "benchmarks" / "baselines" / "quotes.json").read_text(encoding="utf-8"))


def _evaluate(shared: Path) -> dict[str, dict[str, float]]:
    spec = importlib.util.spec_from_file_location("eval_quotes", REPO / "benchmarks" / "eval_quotes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate(shared)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_quotes_speakers_and_roles_hold_their_floors(shared_dir: Path) -> None:
    if not (shared_dir / "corpora" / "story-gold").is_dir():
        pytest.skip("story-gold not in ../shared")
    if shutil.which("storyline") is None:
        pytest.skip("the storyline command is not installed")
    results = _evaluate(shared_dir)
    below = [
        f"{gold}.{field}: {results[gold][field]:.3f} < {floor}"
        for gold, fields in FLOORS.items()
        if not gold.startswith("_")
        for field, floor in fields.items()
        if results[gold][field] < floor
    ]
    assert not below, "below the floors in benchmarks/baselines/quotes.json: " + "; ".join(below)
