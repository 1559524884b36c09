"""Figures of one subject and item that are no states of one count: an increment ("еще
одна", "прибавили 3"), two moments of a count going on ("у X 135", "получает 146"), a
year read as a figure ("2016 связаны"), spans of time in two roles ("в возрасте 70 лет",
"через два года", "на четыре года"). Invented Russian sentences, real annotator; each test
fails without its rule (main 3052071 flags every one `conflicting`)."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

DAY = "2024-03-01"


def _flags(annotator: Any, *texts: str) -> list[tuple[str, list[float | None]]]:
    facts = facts_of_texts(annotator, texts, [DAY] * len(texts))
    return [(f.status, [v.value for v in f.values]) for f in facts if f.status != "consistent"]


def test_one_more_is_an_increment_not_a_total(annotator: Any) -> None:
    assert not _flags(
        annotator,
        "В России на стадии клинических испытаний находятся три вакцины.",
        "В России есть еще одна зарегистрированная вакцина.",
    )


def test_what_a_verb_of_adding_moved_is_no_state(annotator: Any) -> None:
    assert not _flags(
        annotator, "Республиканцы имеют в Сенате 51 голос.", "Республиканцы прибавили в Сенате 3 голоса."
    )


def test_two_standing_tallies_with_nothing_to_order_them_are_no_flag(annotator: Any) -> None:
    assert not _flags(
        annotator, "У Ивана Петрова 135 голосов выборщиков.", "Иван Петров получает 146 голосов выборщиков."
    )


def test_a_finished_tally_against_a_standing_one_stays_a_discrepancy(annotator: Any) -> None:
    # "набрал" (perfective past) is no moment of a count going on: 140 vs 151 stays to check
    flags = _flags(
        annotator, "У Ивана Петрова 140 голосов выборщиков.", "Иван Петров набрал 151 голос выборщиков."
    )
    assert [status for status, _ in flags] == ["conflicting"], flags


def test_a_year_is_no_count(annotator: Any) -> None:
    assert not _flags(
        annotator,
        "Последние новости про выборы в США 2016 связаны с результатами досрочного голосования.",
        "Эта история связана с моей работой на тему расследования по 20 кейсам воровства.",
    )


def test_spans_of_time_in_two_roles_are_two_things(annotator: Any) -> None:
    assert not _flags(
        annotator,
        "Иван Петров стал президентом в возрасте 70 лет.",
        "Через два года после победы Иван Петров остается самым влиятельным политиком.",
        "Иван Петров останется президентом на следующие четыре года.",
    )
