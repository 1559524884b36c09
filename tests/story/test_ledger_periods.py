"""Figures for different time periods are different facts (`story/ledger_periods.py`)."""

from __future__ import annotations

from storyline.model import Entity, Story
from storyline.story import build_story

from .handmade import doc

ENTITIES = {"e:Оператор": Entity("e:Оператор", "Оператор", "ORG")}


def _article(article_id: str, sentence: str, figure: str, value: float, dates, seq: int):  # type: ignore[no-untyped-def]
    return doc(
        article_id,
        [sentence],
        published="2019-01-18",
        seq=seq,
        verbs=["обеспечил", "обеспечила", "составил"],
        lemmas={"обеспечил": "обеспечить", "обеспечила": "обеспечить"},
        dates=dates,
        quantities=[
            {
                "text": figure,
                "value": value,
                "item": "кубометр",
                "subject": "Оператор",
                "subject_entity_id": "e:Оператор",
            }
        ],
        entities=[("Оператор", "ORG", "Оператор")],
    )


def _facts(*articles):  # type: ignore[no-untyped-def]
    return build_story(Story("s", "", [a.id for a in articles], []), list(articles), ENTITIES).story.facts


YEAR = ("в 2018 году", "2018", None, "year", "on")
TO_END = ("до конца 2018 года", "2018", None, "year", "around")


def test_a_years_figure_and_a_total_since_the_start_are_two_consistent_facts() -> None:
    a = _article(
        "a", "Оператор обеспечил в 2018 году 58,8 млрд кубометров.", "58,8 млрд кубометров", 58.8e9, [YEAR], 0
    )
    b = _article(
        "b",
        "С 2011 года до конца 2018 года Оператор обеспечил 264,1 млрд кубометров.",
        "264,1 млрд кубометров",
        264.1e9,
        [("С 2011 года", "2011", None, "year", "since"), TO_END],
        1,
    )
    c = _article(
        "c",
        "Объем за год Оператор обеспечил порядка 58,8 млрд кубометров.",
        "58,8 млрд кубометров",
        58.8e9,
        [],
        2,
    )
    facts = _facts(a, b, c)
    by_value = {tuple(v.value for v in f.values): f for f in facts}
    assert set(by_value) == {(58.8e9, 58.8e9), (264.1e9,)}  # the undated report joins its period
    assert all(f.status == "consistent" for f in facts)


def test_one_figure_told_with_two_period_phrases_stays_one_fact() -> None:
    a = _article(
        "a", "Оператор обеспечил в 2018 году 58,8 млрд кубометров.", "58,8 млрд кубометров", 58.8e9, [YEAR], 0
    )
    b = _article(
        "b",
        "До конца 2018 года Оператор обеспечил 58,8 млрд кубометров.",
        "58,8 млрд кубометров",
        58.8e9,
        [TO_END],
        1,
    )
    (fact,) = _facts(a, b)
    assert fact.status == "consistent" and len(fact.values) == 2


def test_without_periods_a_changed_figure_is_still_one_fact() -> None:
    a = _article("a", "Оператор обеспечил 58,8 млрд кубометров.", "58,8 млрд кубометров", 58.8e9, [], 0)
    b = _article("b", "Оператор обеспечил 70 млрд кубометров.", "70 млрд кубометров", 70e9, [], 1)
    (fact,) = _facts(a, b)
    assert fact.status != "consistent"
