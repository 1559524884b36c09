"""A rise and a fall are two movements, not one figure updated: brexit-chequers (tuned on,
bsnlp-ru brexit file_1031 of 2018-07-09 and file_1174 of 2018-07-10) told the dollar
index's "опускался на 0,19%" and next day's "рос на 0,38%" as one `updated` fact named
by the fall. Real annotator, real text; two falls of two days stay one fact."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

INDEX = "Индекс доллара (курс доллара к корзине валют шести стран основных торговых партнеров США) "
FALL = INDEX + "опускался на 0,19%, до 93,86 пункта."
RISE = INDEX + "рос на 0,38%, до 94,44 пункта."
FALL_AGAIN = INDEX + "снижался на 0,38%, до 93,5 пункта."


def _percents(annotator: Any, *texts: str) -> list[tuple[str, list[float | None]]]:
    facts = facts_of_texts(annotator, texts, [f"2018-07-{9 + n:02d}" for n in range(len(texts))])
    return [(f.status, [v.value for v in f.values]) for f in facts if "процент" in f.measure]


def test_a_rise_after_a_fall_is_a_fact_of_its_own(annotator: Any) -> None:
    assert sorted(_percents(annotator, FALL, RISE)) == [("consistent", [0.19]), ("consistent", [0.38])]


def test_two_falls_stay_one_fact(annotator: Any) -> None:
    assert _percents(annotator, FALL, FALL_AGAIN) == [("updated", [0.19, 0.38])]
