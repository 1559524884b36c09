"""TIME and PHONE are scanned only in texts holding what every match of theirs holds
(`numbers.TIME_NEEDS`, `numbers.PHONE_NEEDS`): whenever they match, so does the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.annotate.numbers import PHONE, PHONE_NEEDS, TIME, TIME_NEEDS

SEEDS = Path(__file__).resolve().parents[2] / "src" / "storyline" / "examples" / "seeds"
EDGES = (
    "в 10.30 по Москве, в 9:05, 24:00, в 23.59",
    "звоните +7 (495) 123-45-67 или (812) 1234567, +380 44 123 45 67, 12-34-56, 123-45-67",
    "в 10 часов, 5-6 человек, 1,5 млн",
)


def _gates_hold(text: str) -> None:
    assert TIME_NEEDS.search(text) or TIME.search(text) is None, text[:80]
    assert PHONE_NEEDS.search(text) or PHONE.search(text) is None, text[:80]


@pytest.mark.parametrize("text", EDGES)
def test_edges(text: str) -> None:
    _gates_hold(text)


def test_the_edges_do_match() -> None:
    assert sum(TIME.search(t) is not None for t in EDGES) == 1
    assert sum(PHONE.search(t) is not None for t in EDGES) == 1


def test_seeds() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        _gates_hold(path.read_text(encoding="utf-8"))


def test_bsnlp(shared_dir: Path) -> None:
    with (shared_dir / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            _gates_hold(text)
            # every line holding a match, and its neighbourhood alone, too
            for m in list(TIME.finditer(text)) + list(PHONE.finditer(text)):
                _gates_hold(text[max(0, m.start() - 3) : m.end() + 3])
