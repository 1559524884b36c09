"""A figure whose sentence names nothing is read in its article's setting, the names of its
lead (`ledger_setting`, read by `ledger_measures.anchored`): two subjectless figures of two
articles whose scenes share no name are two happenings, not one figure's history; nor do two
sentences of two scenes tie by one word in common ("в возрасте"). Texts from NEREL train (two
plane crashes, two matches of one tournament, two deaths: session 18's held-out flags, tuned
on in session 19), cut to their lead and the figure. Real annotator. The first two tests fail
on main b2ebfac, the last on f1ad8c4 (the setting without the word rule); the third and
fourth keep flags the rule must not lose (a shared place, a lead that names nothing)."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

DAY = "2021-02-01"


def _flagged(facts: list[Any], values: set[float]) -> list[Any]:
    return [f for f in facts if f.status != "consistent" and {v.value for v in f.values} >= values]


def _shown(facts: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.subject, f.measure, f.status, [v.value for v in f.values]) for f in facts]


def test_two_crashes_told_in_two_scenes_are_not_rivals(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Под Алма-Атой разбился пассажирский самолёт Bombardier CRJ 200. 29 января 2013 года "
            "выполнявший рейс № 760 Кокчетав-Алма-Ата самолёт столкнулся с землёй при заходе на "
            "посадку. Погибли все 27 человек, находившиеся на борту, в том числе — исполнявший "
            "обязанности главы республиканской погранслужбы Турганбек Стамбеков.",
            "Президент Российской Федерации Владимир Путин выразил глубокие соболезнования родным и "
            "близким погибших в результате крушения самолёта в аэропорту Казани. Глава государства "
            "особенно выделил гибель сына Рустама Минниханова, главы Татарстана. Погибли все 50 человек.",
        ],
        [DAY, DAY],
    )
    both = _flagged(facts, {27.0, 50.0})
    assert both == [], _shown(both)


def test_two_matches_told_in_two_scenes_are_not_rivals(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "17 июня 2018 года на ЧМ-2018 сборная Мексики обыграла на Лужниках Германию со счётом "
            "1:0. Встречу посетило 78 011 зрителей, что является вторым аншлагом на Лужниках на турнире.",
            "19 июня 2018 года на ЧМ-2018 сборная Японии выиграла на «Мордовия Арена» у Колумбии со "
            "счётом 2:1. Игру посетило 40842 зрителя.",
        ],
        [DAY, DAY],
    )
    both = _flagged(facts, {78011.0, 40842.0})
    assert both == [], _shown(both)


def test_a_figure_told_in_a_scene_of_the_same_place_stays_a_rival(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "В Вашингтоне сторонники Дональда Трампа ворвались в здание Капитолия. "
            "Как сообщается, погибли четыре человека.",
            "По данным полиции Вашингтона, в результате беспорядков погибли пять человек.",
        ],
        [DAY, DAY],
    )
    assert [f.status for f in facts if {v.value for v in f.values} >= {4.0, 5.0}] == ["conflicting"]


def test_a_lead_that_names_nothing_leaves_the_figure_a_rival(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "В результате беспорядков погибли четыре человека.",
            "По данным полиции Вашингтона, в результате беспорядков погибли пять человек.",
        ],
        [DAY, DAY],
    )
    assert [f.status for f in facts if {v.value for v in f.values} >= {4.0, 5.0}] == ["conflicting"]


def test_one_word_in_common_of_two_scenes_is_no_tie(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Тауфаахау Тупу IV скончался в воскресенье после тяжёлой и продолжительной болезни в "
            "возрасте 88 лет.",
            "Би Би Кинг, прозванный «Королем блюза» за свои гитарные аккорды и проникновенный "
            "вокал, скончался в своем доме в Лас-Вегасе в возрасте 89 лет.",
        ],
        [DAY, DAY],
    )
    both = _flagged(facts, {88.0, 89.0})
    assert both == [], _shown(both)
