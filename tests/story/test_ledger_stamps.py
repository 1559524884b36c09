"""An update cue on the older figure alone ("По состоянию на 21:50 мск …") stamps a moment of
a count going on: a fresher report of the count is its next state only when it is larger
(`ledger_status.stamped_before`). Sentences from the bsnlp-ru us_election_2020 articles
(session 18 audit, seed 23: Mississippi's 11 electors of one digest vs 6 of two others,
shown `updated`). Real annotator. The first test fails on main b2ebfac; the second keeps a
growing count's update."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

DAY = "2021-02-01"


def _statuses(facts: list[Any], values: set[float]) -> list[str]:
    return [f.status for f in facts if {v.value for v in f.values} >= values]


def test_a_smaller_figure_after_a_stamped_one_is_a_discrepancy(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "По состоянию на 21:50 мск проголосовали выборщики от штатов Вермонт (3 выборщиков за "
            "Байдена), Теннесси (11, Байден), Индиана (11, Трамп), Миссисипи (11, Трамп), "
            "Нью-Гэмпшир (4, Байден), Нью-Йорк (29, Байден), Огайо (18, Трамп), Висконсин (10, "
            "Байден), Джорджия (16, Байден), Северная Каролина (15, трамп), Мэриленд (10, Байден), "
            "Пенсильвания (20, Байден) и Южная Каролина (9, Трамп).",
            "В их числе оказались, в частности, Индиана (11 выборщиков), Кентукки (8), Теннесси "
            "(11), Западная Вирджиния (5), Оклахома (7), Миссисипи (6), Миссури (10), Арканзас (6) "
            "и Алабама (9), Канзас (6), Небраска (5), Юта (6), Вайоминг (3), а также Северная и "
            "Южная Дакоты (по 3 голоса).",
        ],
        [DAY, DAY],
    )
    assert _statuses(facts, {11.0, 6.0}) == ["conflicting"], [
        (f.subject, f.measure, f.status, [v.value for v in f.values]) for f in facts
    ]


def test_a_larger_figure_after_a_stamped_one_is_its_update(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "По предварительным данным, опубликованным New York Times, к вечеру 5 ноября лидерство "
            "удерживает Байден, который набрал 253 голоса выборщиков в 23 штатах, — у Трампа их 214 "
            "от 27 штатов.",
            "Как следует из подсчетов Reuters, у Байдена 279 голосов выборщиков из 538, то есть "
            "больше, чем необходимые для победы 270 голосов.",
        ],
        [DAY, DAY],
    )
    assert _statuses(facts, {253.0, 279.0}) == ["updated"], [
        (f.subject, f.measure, f.status, [v.value for v in f.values]) for f in facts
    ]
