"""Figures of different acts told with one counted noun are no one fact's rivals
(`ledger_measures`, `ledger_ties`): a ballot's side against a candidate's tally, a span of a
promise against an age, two happenings nobody names. Sentences from the bsnlp-ru
us_election_2020 and covid-19 articles (session 18 audit, seed 23). Real annotator. The
ballot and the two-settings tests fail on main 10dec43; the span test passes there too (these
sentences alone do not pair the joke's 14 with the 18 the story did, a guard only); the last
keeps a right flag the rule must not lose."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

DAY = "2021-02-01"


def _flagged(facts: list[Any], values: set[float]) -> list[Any]:
    return [f for f in facts if f.status != "consistent" and {v.value for v in f.values} >= values]


def test_a_ballots_side_is_not_a_candidates_tally(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "07:51 – В Пенсильвании подтвердили победу Байдена 92 голоса – за, 7 – против.",
            "Согласно представленным данным, Байден получил 97 голосов выборщиков, а Трамп — 56.",
        ],
        [DAY, DAY],
    )
    both = _flagged(facts, {92.0, 97.0})
    assert both == [], [(f.subject, f.measure, f.status, [v.value for v in f.values]) for f in both]


def test_a_span_in_an_enumeration_keeps_its_preposition(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Согласно 2-й статье конституции, президентом может быть избран любой гражданин США, "
            "родившийся в этой стране, проживающий в ней не менее 14 лет и достигший к моменту "
            "выборов 35-летнего возраста.",
            "Конституция (вместе с поправками) гарантирует избирательные права всем гражданам США, "
            "достигшим 18 лет.",
            'Он обещал, что "обязательно покинет свой пост через шесть лет, а может, через 10 или 14 лет".',
            "Проживающий в США не менее 14 последних лет.",
        ],
        [DAY, DAY, DAY, DAY],
    )
    both = _flagged(facts, {14.0, 18.0})
    assert both == [], [(f.subject, f.measure, f.status, [v.value for v in f.values]) for f in both]


def test_two_happenings_of_two_named_settings_are_not_rivals(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Учитывая, что препарат проходит испытания в шести странах (Аргентина, Бразилия, "
            "Германия, США, Турция и ЮАР), в каждой из них можно будет привить примерно по 4 млн человек.",
            "Коронавирус в мире продолжает распространяться, вакцинация против COVID-19 проходит в 29 странах.",
        ],
        [DAY, DAY],
    )
    both = _flagged(facts, {6.0, 29.0})
    assert both == [], [(f.subject, f.measure, f.status, [v.value for v in f.values]) for f in both]


def test_deaths_told_of_one_named_place_stay_rivals(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "По данным полиции Вашингтона, в результате беспорядков погибли пять человек, вт том "
            "числе один полицейский.",
            "08:00 – В Вашингтоне (США) в ходе массовых беспорядков в районе Капитолийского холма "
            "погибли четыре человека.",
        ],
        [DAY, DAY],
    )
    assert [f.status for f in facts if {v.value for v in f.values} >= {4.0, 5.0}] == ["conflicting"]
