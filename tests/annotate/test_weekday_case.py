"""A weekday is a date only in the case its preposition governs (real Russian sentences)."""

from __future__ import annotations

import pytest

from storyline.annotate.dates import extract_dates
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate

SATURDAY = PartialDate(2022, 1, 8)


def values(text: str) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in extract_dates(text, segment(text), SATURDAY)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Голосование прошло в среду.", [("в среду", "2022-01-05")]),
        ("Подсчёт продлится до среды.", [("до среды", "2022-01-05")]),
        ("Итоги обещали подвести к среде.", [("к среде", "2022-01-05")]),
        ("Совещание назначено на пятницу.", [("на пятницу", "2022-01-07")]),
        (
            "Режим действует с понедельника по пятницу.",
            [("с понедельника", "2022-01-03"), ("по пятницу", "2022-01-07")],
        ),
        ("Суд продлил арест до субботы.", [("до субботы", "2022-01-08")]),
    ],
)
def test_a_weekday_in_its_preposition_s_case_is_a_date(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "В среде экспертов это мнение не популярно.",
        "Он вырос в студенческой среде, а не в пятнице.",
        "Об этом говорят в среде дипломатов.",
        "Слухи ходили в пятнице и по субботе.",
    ],
)
def test_a_weekday_word_in_the_wrong_case_is_no_date(text: str) -> None:
    assert values(text) == []
