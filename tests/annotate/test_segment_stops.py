"""The missed sentence ends found only at stop characters (`segment._ends_at`), and the
feed-stamp and glued-opening ends looked for only where a colon or a quote mark stands,
are those every stop regex's `finditer` over the whole range finds."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

segment = importlib.import_module("storyline.annotate.segment")  # the package exports a function by that name

SEEDS = Path(__file__).resolve().parents[2] / "src" / "storyline" / "examples" / "seeds"
EDGES = (
    "Действует комендантский час. 7 января Токаев выступил.",
    "ожидается в феврале 2021 года.Директор центра сказал!Вице-президент ответил?«Нет»",
    "Трампа — 232.Вице-президент; Washington Post.Голосование; М.Моравецкий; г.Москва.",
    "В 2020 г. 5 мая; ст. 5 закона.  12 марта все ушли.\u00a012 апреля вернулись.",
    "Учения прошли успешно. подробнее 31.01, 20:45 Учения начались, в 14:00 Москва.",
    'Трамп против мошенников"Кто знает, что будет", — сказал он. Итог «Нет».',
)


def _whole(line: str, start: int, end: int) -> list[int]:
    ends = {m.end() for m in segment._DATE_AFTER_STOP.finditer(line, start, end)}
    ends |= {m.end() for m in segment._GLUED_STOP.finditer(line, start, end)}
    ends |= {m.end() for m in segment._FEED_STAMP.finditer(line, start, end)}
    ends |= {m.end() for m in segment._FEED_LINK.finditer(line, start, end)}
    ends |= {
        m.end()
        for m in segment._GLUED_OPENING.finditer(line, start, end)
        if line[m.end()] != '"' or line.count('"', 0, m.end()) % 2 == 0
    }
    return sorted(e for e in ends if start < e < end)


def _check(line: str) -> int:
    spans = [(0, len(line)), *segment.razdel_sentences(line)]
    spans += [(s + 3, e - 2) for s, e in spans if e - s > 5]  # windows cutting into the text
    for s, e in spans:
        assert segment._stops(line, s, e) == _whole(line, s, e), (line[s:e][:80], s, e)
    return sum(len(_whole(line, s, e)) for s, e in spans)


@pytest.mark.parametrize("line", EDGES)
def test_edges(line: str) -> None:
    assert _check(line) > 0  # every edge has an end to find


def test_seeds() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            _check(line)


def test_bsnlp(shared_dir: Path) -> None:
    found = 0
    with (shared_dir / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        for row in lines:
            for line in json.loads(row)["text"].splitlines():
                found += _check(line)
    assert found > 0
