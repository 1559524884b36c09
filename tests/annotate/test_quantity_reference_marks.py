"""Reference marks copied from Wikipedia ("[9][10]") are no figures (issue #10)."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.annotate.numbers import find_digit_numbers
from storyline.annotate.quantities import _is_reference_mark
from storyline.model import Article

WIKI = (
    "Коллегия выборщиков была учреждена Конституцией США в 1787 году.[9][10] "
    "Сейчас в неё входят 538 выборщиков[3]. Для победы кандидату нужно 270 голосов.[12]"
)


def _values(annotator: Any, text: str) -> list[float | None]:
    ann = annotator.annotate(Article(id="t", text=text, published="2020-11-05", lang="ru"))
    return [q.value for q in ann.quantities]


def test_footnote_marks_are_no_figures(annotator: Any) -> None:
    values = _values(annotator, WIKI)
    assert 538.0 in values and 270.0 in values
    assert not {9.0, 10.0, 3.0, 12.0} & set(values)


def test_figures_in_brackets_stay(annotator: Any) -> None:
    text = "В акции участвовали [около 300 человек], а явка выросла (на 5 %)."
    values = _values(annotator, text)
    assert 300.0 in values and 5.0 in values


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("столица России.[9][10] Город", True),  # glued to a full stop, then to a bracket
        ("Сейчас [9][10] голосов", True),  # a space before, but another mark follows
        ("набрал 300[1] голосов", True),  # glued to a figure
        ("всего [40] голосов", False),  # alone after a space: not surely a mark
        ("[около 300 человек]", False),
        ("(5 %)", False),
    ],
)
def test_what_a_mark_is(text: str, mark: bool) -> None:
    found = [n for n in find_digit_numbers(text) if _is_reference_mark(text, n)]
    assert bool(found) is mark
