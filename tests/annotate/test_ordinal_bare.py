"""An ordinal with no noun of its own counts its clause's subject when "стать" and a
running-count phrase frame it: "Отставка Дэвиса стала пятой по счёту" is 5 отставок,
"стала второй за два дня" 2. A name as subject is a rank ("Франция стала второй"), and
without the running-count phrase an ordinal is a place ("Команда стала третьей").
Real annotator, invented text."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.model import Article


def _ordinals(annotator: Any, text: str) -> list[tuple[float | None, str | None]]:
    ann = annotator.annotate(Article(id="t", text=text, published="2018-07-09", lang="ru"))
    return [(q.value, q.item) for q in ann.quantities if q.qualifier == "ordinal"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Отставка министра стала пятой по счету за восемь месяцев.", [(5.0, "отставка")]),
        ("Отставка Джонсона стала второй за два дня.", [(2.0, "отставка")]),
        ("Забастовка докеров стала третьей подряд.", [(3.0, "забастовка")]),
    ],
)
def test_a_bare_ordinal_after_stat_counts_the_subject(annotator: Any, text: str, expected: list[Any]) -> None:
    assert _ordinals(annotator, text) == expected


@pytest.mark.parametrize(
    "text", ["Франция стала второй за два года.", "Команда стала третьей.", "Он вышел вторым за день."]
)
def test_no_count_without_a_common_noun_subject_or_a_running_phrase(annotator: Any, text: str) -> None:
    assert _ordinals(annotator, text) == []
