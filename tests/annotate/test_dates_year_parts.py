"""Parts of a year named without its number ("до конца года") and a bare year after a
part word ("в конце 2019")."""

from __future__ import annotations

import pytest

from storyline.annotate.dates import extract_dates
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate

PUBLISHED = PartialDate(2018, 9, 28)


def _only(text: str) -> tuple[str, str | None, str | None, str]:
    (d,) = extract_dates(text, segment(text), PUBLISHED)
    return d.text, d.value, d.value_end, d.relation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Рабочим поставлена задача закончить работу до конца года.",
            ("до конца года", None, "2018-12", "until"),
        ),
        ("Компания обещает завершить укладку к концу года.", ("к концу года", None, "2018-12", "until")),
        ("С начала года цены выросли.", ("С начала года", "2018-01", None, "since")),
        ("В конце прошлого года он уехал.", ("В конце прошлого года", "2017", None, "around")),
        ("В начале следующего года начнут.", ("В начале следующего года", "2019", None, "around")),
        ("Строительство закончится в конце 2019.", ("в конце 2019", "2019", None, "around")),
    ],
)
def test_part_of_a_year(text: str, expected: tuple[str, str | None, str | None, str]) -> None:
    assert _only(text) == expected


def test_a_bound_with_no_honest_value_is_no_mention() -> None:
    text = "До середины года решения не будет."
    assert extract_dates(text, segment(text), PUBLISHED) == []


def test_a_number_after_a_part_word_with_a_counted_noun_is_no_year() -> None:
    assert (
        extract_dates("В конце 2000 человек вышли.", segment("В конце 2000 человек вышли."), PUBLISHED) == []
    )
