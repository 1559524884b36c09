"""An age told years apart grows with the years between the reports: "47-летняя" in
2014 and "51-летняя" in 2018 are one person's age four years on (`updated`), not two
outlets disagreeing. Reports close together still conflict, and an age that does not
fit the years between stays a conflict. Real annotator, invented text."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts


def _age(annotator: Any, texts: list[str], days: list[str]) -> tuple[str, list[float | None]]:
    facts = facts_of_texts(annotator, texts, days)
    (age,) = [f for f in facts if f.measure == "возраст"]
    return age.status, [v.value for v in age.values]


def _texts(first: int, second: int) -> list[str]:
    return [
        f"Суд в Лахоре оставил в силе приговор {first}-летней христианке Марии Хан.",
        f"Верховный суд оправдал {second}-летнюю христианку Марию Хан.",
    ]


def test_an_age_four_years_on_is_an_update(annotator: Any) -> None:
    status = _age(annotator, _texts(47, 51), ["2014-10-17", "2018-10-31"])
    assert status == ("updated", [47.0, 51.0])


def test_an_age_that_the_years_do_not_explain_conflicts(annotator: Any) -> None:
    # fewer years added than passed, or more, or an age that went down
    for first, second in ((49, 51), (45, 51), (53, 51)):
        status, _ = _age(annotator, _texts(first, second), ["2014-10-17", "2018-10-31"])
        assert status == "conflicting", (first, second)


def test_ages_a_week_apart_are_one_moment(annotator: Any) -> None:
    status, _ = _age(annotator, _texts(50, 51), ["2018-10-31", "2018-11-07"])
    assert status == "conflicting"
