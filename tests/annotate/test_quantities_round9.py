"""Durations that are a story's figure (round 9, read off covid-mass-vaccination-russia's
missed "21 день"): the interval between two happenings ("через 21 день после первой") and
an interval named as such ("с промежутком в 21 день"). A time frame of the clause ("через
21 день", "в течение 12 часов") stays no figure; none of them is a date."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.model import Article


def _figures(annotator: Any, text: str) -> tuple[list[tuple[str, float | None, str | None]], list[str]]:
    article = Article(id="x", text=text, published="2021-01-20", published_precision="day", lang="ru")
    ann = annotator.annotate_many([article])[0]
    return [(q.text, q.value, q.item) for q in ann.quantities], [d.text for d in ann.dates]


@pytest.mark.parametrize(
    "text",
    [
        "Вакцинация проводится в два этапа, с промежутком в 21 день.",
        "Вакцинация от коронавируса занимает 42 дня: вторая доза вводится через 21 день после первой.",
        "Второй укол делают спустя 21 день после первого.",
    ],
)
def test_an_interval_between_happenings_is_a_figure(annotator: Any, text: str) -> None:
    figures, dates = _figures(annotator, text)
    assert ("21 день", 21.0, "день") in figures
    assert not any("21" in d for d in dates)


@pytest.mark.parametrize(
    "text",
    [
        "А четвертая дверь пока закрыта, она откроется через 21 день.",
        "Снег ожидается в течение 12 часов.",
        "Через два года компания выйдет на биржу.",
    ],
)
def test_a_time_frame_of_the_clause_is_no_figure(annotator: Any, text: str) -> None:
    figures, dates = _figures(annotator, text)
    assert figures == [] and dates == []


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # brexit-chequers (spent): Johnson counted the second or the third minister to go
        (
            "Борис Джонсон стал вторым министром, покинувшим пост на фоне обсуждения плана.",
            ("вторым министром", 2.0, "министр", "Борис Джонсон"),
        ),
        (
            "Польша стала пятой страной, которая поддержала проект.",
            ("пятой страной", 5.0, "страна", "Польша"),
        ),
    ],
)
def test_becoming_the_nth_adds_to_a_count(annotator: Any, text: str, figure: tuple[Any, ...]) -> None:
    article = Article(id="x", text=text, published="2018-07-09", published_precision="day", lang="ru")
    ann = annotator.annotate_many([article])[0]
    assert [(q.text, q.value, q.item, q.subject) for q in ann.quantities] == [figure]


def test_a_place_in_a_ranking_with_no_counted_noun_is_no_figure(annotator: Any) -> None:
    article = Article(id="x", text="Команда стала второй в турнире.", published="2018-07-09", lang="ru")
    assert annotator.annotate_many([article])[0].quantities == []
