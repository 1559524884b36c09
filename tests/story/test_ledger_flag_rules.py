"""Every flag the ledger raises must be one a fact-checker can trust: `conflicting`
only for one owner's figure of one item and one period. Sentences from the bsnlp-ru
nord_stream and us_election_2020 articles the tuned-on golds hold (gas-directive,
vote-count). Real annotator; each test fails without its rule (`ledger_periods`'
named period vs none, `ledger_status`' owner-less fact)."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

DAY = "2019-02-07"


def test_a_figure_with_a_named_year_is_not_the_rival_of_one_with_no_period(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Австрийский нефтегазовый концерн OMV направил €275 млн на строительство "
            "«Северного потока-2» в 2018.",
            "По его словам, OMV направила 600 млн евро на финансирование строительства "
            "газопровода в самом начале реализации проекта.",
        ],
        [DAY, DAY],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {275e6, 600e6}]
    assert both == [], [(f.subject, f.status, [v.value for v in f.values]) for f in both]
    assert not [f for f in facts if f.status == "conflicting"]


def test_two_figures_nobody_owns_are_never_conflicting(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Учитывая подсчитанные голоса – мы победили в Висконсине, набрав там 20 тысяч голосов.",
            "Он признал своё поражение, набрав более 60 тыс. голосов, но намекнул, что может "
            "баллотироваться ещё в 2024 году.",
        ],
        ["2021-02-01", "2021-02-01"],
    )
    assert not [f for f in facts if f.status == "conflicting"], [
        (f.subject, f.measure, f.status, [v.value for v in f.values]) for f in facts
    ]


def test_a_figure_under_a_heading_of_earlier_news_is_updated_by_a_fresh_one(annotator: Any) -> None:
    # both articles were crawled on one day: only the recap heading says which is older
    facts = facts_of_texts(
        annotator,
        [
            "Конгресс США утвердил избрание Джо Байдена президентом.\n\nКак и ожидалось, у Джо "
            "Байдена оказалось 306 голосов выборщиков, у Дональда Трампа — 232.",
            "Выборы в США - о чем сообщалось ранее:\n\n14 декабря бывший вице-президент Джо Байден "
            "получил голоса выборщиков во всех спорных штатах. По результатам голосования Джо Байден "
            "набирает 302 голоса выборщиков против 232 у действующего президента Дональда Трампа.",
        ],
        ["2021-02-01", "2021-02-01"],
    )
    biden = [f for f in facts if {v.value for v in f.values} >= {302.0, 306.0}]
    assert [f.status for f in biden] == ["updated"], [
        (f.subject, f.status, [v.value for v in f.values]) for f in facts
    ]
