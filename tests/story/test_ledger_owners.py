"""Whose figure it is, read from the parse (`annotate/quantity_syntax`), and what that does
to the ledger. Sentences from bsnlp-ru (us_election_2020, brexit, nord_stream, asia_bibi,
covid) as the tuned-on golds hold them. Real annotator; each test fails without its rule
(the figure had no owner, or the wrong one, and became a fact of its own)."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, QuantityMention

from .seedkit import facts_of_texts


def _figures(annotator: Any, text: str) -> dict[float, QuantityMention]:
    article = Article(id="a", text=text, published="2021-02-01", published_precision="day", lang="ru", seq=0)
    annotation = annotator.annotate_many([article])[0]
    return {q.value: q for q in annotation.quantities if q.value is not None}


def test_a_relative_clause_figure_is_the_nouns_it_is_about(annotator: Any) -> None:
    q = _figures(
        annotator,
        "По предварительным данным, опубликованным New York Times, к вечеру 5 ноября лидерство "
        "удерживает Байден, который набрал 253 голоса выборщиков в 23 штатах.",
    )[253.0]
    assert q.subject == "Байден"


def test_a_participles_figure_is_the_nouns_it_describes(annotator: Any) -> None:
    q = _figures(
        annotator,
        "Курс фунта стерлингов, поднимавшийся в ходе торгов в понедельник на 0,5% к доллару США, "
        "перешел к снижению.",
    )[0.5]
    assert q.subject == "Курс фунта стерлингов"


def test_a_common_noun_with_a_name_in_apposition_stands_for_the_name(annotator: Any) -> None:
    paid = _figures(
        annotator,
        "Австрийский нефтегазовый концерн OMV направил €275 млн на строительство «Северного потока-2» в 2018 году.",
    )[275_000_000.0]
    assert paid.subject == "OMV"  # not Австрия, read off the adjective
    spent = _figures(
        annotator,
        "Ранее сообщалось, что русский газовый монополист «Газпром» планирует в нынешнем 2019 году "
        "потратить на строительство газопровода «Северный поток — 2» около 806 млн долларов.",
    )[806_000_000.0]
    assert spent.subject == "Газпром"  # not "монополист"


def test_a_possessor_and_a_gapped_clause_name_their_owners(annotator: Any) -> None:
    figures = _figures(
        annotator,
        "Конгресс США утвердил избрание Джо Байдена президентом. Байден получил больше 270 необходимых "
        "для избрания голосов выборщиков. Как и ожидалось, у него оказалось 306 голосов, у действующего "
        "президента Дональда Трампа — 232.",
    )
    assert figures[306.0].subject == "Джо Байден"
    assert figures[232.0].subject == "Дональд Трамп"


def test_the_remnant_of_a_gapped_clause_owns_its_figure_and_a_possessive_is_skipped(annotator: Any) -> None:
    figures = _figures(
        annotator, "Если говорить о выборщиках, то Байден набрал 227 их голосов, а Трамп — 213."
    )
    assert (figures[227.0].subject, figures[227.0].item) == ("Байден", "голос")
    assert (figures[213.0].subject, figures[213.0].item) == ("Трамп", "голос")


def test_a_person_named_inside_the_counted_phrase_owns_a_trait_and_the_verb_is_not_its_action(
    annotator: Any,
) -> None:
    # the second sentence spelt as the first article spells her (the corpus has "Азии"; the
    # one-story ledger here links by name, not by the corpus resolver)
    facts = facts_of_texts(
        annotator,
        [
            "51-летняя католичка Асия Биби, мать пятерых детей, была приговорена к смертной казни еще в 2010 году.",
            "31 октября Верховный суд Пакистана вынес 46-летней матери четырех детей Асии Биби смертный приговор.",
        ],
        ["2018-11-01", "2018-11-02"],
    )
    children = [f for f in facts if any(v.value == 4.0 for v in f.values)]
    assert [(f.subject, f.status, [v.value for v in f.values]) for f in children] == [
        ("Асия Биби", "conflicting", [5.0, 4.0])
    ]
    assert children[0].measure == "дети"  # no "— вынес": the court did not bear them


def test_two_reports_of_one_persons_tally_with_different_verbs_are_one_fact(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "По результатам голосования Джо Байден набирает 302 голоса выборщиков против 232 у действующего "
            "президента Дональда Трампа.",
            "Конгресс США утвердил избрание Джо Байдена президентом. Байден получил больше 270 необходимых "
            "для избрания голосов выборщиков. Как и ожидалось, у него оказалось 306 голосов, у действующего "
            "президента Дональда Трампа — 232.",
        ],
        ["2021-01-06", "2021-01-07"],
    )
    tallies = {
        f.subject: [v.value for v in f.values]
        for f in facts
        if any(v.value in (302.0, 232.0) for v in f.values)
    }
    assert tallies == {"Джо Байден": [302.0, 306.0], "Дональд Трамп": [232.0, 232.0]}


def test_a_recount_of_a_thing_just_named_is_its_next_state(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Для проведения вакцинации в области организовано 18 специальных пунктов, а в скором времени "
            "их количество достигнет 28."
        ],
        ["2021-02-01"],
    )
    points = [
        (f.status, [v.value for v in f.values]) for f in facts if any(v.value == 18.0 for v in f.values)
    ]
    assert points == [("updated", [18.0, 28.0])]


def test_two_things_of_one_sentence_without_a_recount_stay_apart(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        ["Для проведения вакцинации в области организовано 18 специальных пунктов, а в Коми — 28 пунктов."],
        ["2021-02-01"],
    )
    assert not any({18.0, 28.0} <= {v.value for v in f.values} and f.status == "updated" for f in facts)


def test_each_parallel_possessor_keeps_its_own_tally(annotator: Any) -> None:
    # "у Трампа 97" hangs from "Трампа", a conjunct of "Байдена": its owner is its own "у"
    facts = facts_of_texts(
        annotator,
        [
            "По последним данным, у Байдена 135 голосов выборщиков, у Трампа 97.",
            "После подсчета голосов в Техасе у Байдена 238 голосов выборщиков, у Трампа 213.",
        ],
        ["2020-11-04", "2020-11-05"],
    )
    tallies = {
        f.subject: [v.value for v in f.values]
        for f in facts
        if any(v.value in (97.0, 213.0) for v in f.values)
    }
    assert tallies == {"Трамп": [97.0, 213.0]}
