from __future__ import annotations

from storyline.model import Entity, Fact, Story
from storyline.story import build_story

from .handmade import doc

VERBS = ["направят", "направит", "направить", "отправят", "убиты", "сообщил"]
ENTITIES = {
    "e:Россия": Entity("e:Россия", "Россия", "LOC"),
    "e:Кыргызстан": Entity("e:Кыргызстан", "Кыргызстан", "LOC"),
    "e:Камчыбек Ташиев": Entity("e:Камчыбек Ташиев", "Камчыбек Ташиев", "PER"),
}
LEMMAS = {"направят": "направить", "направит": "направить", "отправят": "отправить", "убиты": "убить"}


def _facts(*articles, story_id="s"):  # type: ignore[no-untyped-def]
    result = build_story(Story(story_id, "", [a.id for a in articles], []), list(articles), ENTITIES)
    return result.story.facts


def _russia(
    article_id: str,
    sentence: str,
    figure: str,
    value: float,
    *,
    published: str,
    seq: int,
    source: str | None = None,
):  # type: ignore[no-untyped-def]
    return doc(
        article_id,
        [sentence],
        published=published,
        seq=seq,
        verbs=VERBS,
        lemmas=LEMMAS,
        source=source,
        quantities=[
            {
                "text": figure,
                "value": value,
                "item": "военный",
                "subject": "Россия",
                "subject_entity_id": "e:Россия",
            }
        ],
        entities=[("Россия", "LOC", "Россия"), ("Казахстан", "LOC", "Казахстан")],
    )


def test_same_figure_in_several_articles_is_consistent() -> None:
    a = _russia(
        "a", "Россия направит в Казахстан 3000 военных.", "3000 военных", 3000, published="2022-01-06", seq=0
    )
    b = _russia(
        "b", "В Казахстан Россия направит 3000 военных.", "3000 военных", 3000, published="2022-01-07", seq=1
    )
    (fact,) = _facts(a, b)
    assert fact.status == "consistent"
    assert fact.subject == "Россия" and fact.subject_entity_id == "e:Россия"
    assert [v.article_id for v in fact.values] == ["a", "b"]
    assert fact.measure.startswith("военнослужащие")


def test_changed_figure_on_a_later_day_is_an_update() -> None:
    a = _russia(
        "a", "Россия направит в Казахстан 3000 военных.", "3000 военных", 3000, published="2022-01-06", seq=0
    )
    b = _russia(
        "b", "Россия направит в Казахстан 1400 военных.", "1400 военных", 1400, published="2022-01-08", seq=1
    )
    (fact,) = _facts(b, a)
    assert fact.status == "updated"
    assert [v.value for v in fact.values] == [3000, 1400]


def _same_day_3000_then_1400(first: str) -> Fact:
    """Two outlets on one day: `first` (stating 3000) and a plain 1400."""
    a = _russia("a", first, "3000 военных", 3000, published="2022-01-07", seq=0, source="one.kz")
    b = _russia(
        "b",
        "Россия направит в Казахстан 1400 военных.",
        "1400 военных",
        1400,
        published="2022-01-07",
        seq=1,
        source="two.kg",
    )
    (fact,) = _facts(a, b)
    return fact


def test_same_day_disagreement_without_a_sign_of_update_is_a_conflict() -> None:
    fact = _same_day_3000_then_1400("Россия направит в Казахстан 3000 военных.")
    assert fact.status == "conflicting"


def test_provisional_figure_marked_by_poka_is_updated_the_same_day() -> None:
    fact = _same_day_3000_then_1400("Россия пока направит в Казахстан 3000 военных.")
    assert fact.status == "updated"


def test_retrospective_figure_does_not_end_the_history() -> None:
    a = _russia(
        "a", "Россия направит в Казахстан 1400 военных.", "1400 военных", 1400, published="2022-01-08", seq=0
    )
    b = _russia(
        "b",
        "Сообщалось, что Россия направит в Казахстан 3000 военных.",
        "3000 военных",
        3000,
        published="2022-01-09",
        seq=1,
    )
    (fact,) = _facts(a, b)
    assert [v.value for v in fact.values] == [3000, 1400]
    assert fact.status == "updated"


def test_enumeration_shares_item_and_verb_and_figures_get_their_attribution() -> None:
    text = "По словам Ташиева, Армения решила направить от 100 до 300 военнослужащих, Россия — 1400."
    a = doc(
        "a",
        [text],
        published="2022-01-07",
        verbs=VERBS,
        lemmas=LEMMAS,
        entities=[
            ("Ташиева", "PER", "Камчыбек Ташиев"),
            ("Армения", "LOC", "Армения"),
            ("Россия", "LOC", "Россия"),
        ],
        quantities=[
            {
                "text": "от 100 до 300 военнослужащих",
                "value_min": 100,
                "value_max": 300,
                "item": "военнослужащий",
                "subject": "Армения",
            },
            {"text": "1400", "value": 1400, "subject": "Россия", "subject_entity_id": "e:Россия"},
        ],
    )
    facts = {f.subject: f for f in _facts(a)}
    assert facts["Россия"].values[0].item == "военнослужащий"
    assert facts["Россия"].measure == facts["Армения"].measure == "военнослужащие — направить"
    assert facts["Россия"].values[0].attributed_to == "Камчыбек Ташиев"
    assert (facts["Армения"].values[0].value_min, facts["Армения"].values[0].value_max) == (100, 300)


def test_unattributed_figure_joins_the_subject_that_reports_it_and_people_join_soldiers() -> None:
    a = doc(
        "a",
        ["В Казахстан отправят 150 военных."],
        published="2022-01-07",
        seq=0,
        verbs=VERBS,
        lemmas=LEMMAS,
        quantities=[{"text": "150 военных", "value": 150, "item": "военный"}],
    )
    b = doc(
        "b",
        ["Кыргызстан направит в Казахстан 150 военных.", "Кыргызстан направит личный состав из 150 человек."],
        published="2022-01-07",
        seq=1,
        verbs=VERBS,
        lemmas=LEMMAS,
        entities=[("Кыргызстан", "LOC", "Кыргызстан")],
        quantities=[
            {
                "text": "150 военных",
                "value": 150,
                "item": "военный",
                "subject": "Кыргызстан",
                "subject_entity_id": "e:Кыргызстан",
            },
            {
                "text": "150 человек",
                "value": 150,
                "item": "человек",
                "subject": "Кыргызстан",
                "subject_entity_id": "e:Кыргызстан",
            },
        ],
    )
    (fact,) = _facts(a, b)
    assert fact.subject == "Кыргызстан" and fact.status == "consistent" and len(fact.values) == 3


def test_killed_and_wounded_are_separate_facts() -> None:
    a = doc(
        "a",
        ["По стране убиты 26 протестующих, 18 ранены."],
        published="2022-01-07",
        verbs=["убиты", "ранены"],
        lemmas={"убиты": "убить", "ранены": "ранить"},
        quantities=[
            {"text": "26 протестующих", "value": 26, "item": "протестующий", "qualifier": "at_least"},
            {"text": "18 ранены", "value": 18, "item": "раненный"},
        ],
    )
    facts = _facts(a)
    assert len(facts) == 2
    assert {f.values[0].value for f in facts} == {26, 18}


def test_fact_id_is_stable_and_depends_on_story_subject_and_measure() -> None:
    a = _russia(
        "a", "Россия направит в Казахстан 3000 военных.", "3000 военных", 3000, published="2022-01-06", seq=0
    )
    b = _russia(
        "b", "Россия направит в Казахстан 1400 военных.", "1400 военных", 1400, published="2022-01-08", seq=1
    )
    first = _facts(a)[0].id
    assert _facts(a, b)[0].id == first  # a later article does not change the fact's identity
    assert _facts(a, story_id="other")[0].id != first


def test_rounded_report_agrees_with_the_precise_one() -> None:
    a = _russia(
        "a",
        "Россия направит в Казахстан 51,9 военных.",
        "51,9 военных",
        51.9,
        published="2022-01-07",
        seq=0,
        source="one",
    )
    b = _russia(
        "b",
        "Россия направит в Казахстан 52 военных.",
        "52 военных",
        52,
        published="2022-01-07",
        seq=1,
        source="two",
    )
    (fact,) = _facts(a, b)
    assert fact.status == "consistent"


def test_two_figures_of_one_kind_in_one_sentence_are_two_facts() -> None:
    a = doc(
        "a",
        ["Курс вырос до 1,17 доллара с 1,16 доллара."],
        published="2018-07-09",
        quantities=[
            {"text": "1,17 доллара", "value": 1.17, "item": "доллар"},
            {"text": "1,16 доллара", "value": 1.16, "item": "доллар"},
        ],
    )
    facts = _facts(a)
    assert len(facts) == 2 and all(f.status == "consistent" for f in facts)


def test_one_subject_and_item_is_one_fact_whatever_verb_reports_it() -> None:
    pound = {"item": "доллар", "subject": "Курс фунта стерлингов"}
    a = doc(
        "a",
        ["Курс фунта стерлингов поднимался до 1,3327 доллара."],
        published="2018-07-09",
        verbs=["поднимался"],
        quantities=[{"text": "1,3327 доллара", "value": 1.3327, **pound}],
    )
    b = doc(
        "b",
        ["Курс фунта снижался до 1,3239 доллара."],
        published="2018-07-10",
        seq=1,
        verbs=["снижался"],
        quantities=[{"text": "1,3239 доллара", "value": 1.3239, "item": "доллар", "subject": "курс фунта"}],
    )
    (fact,) = _facts(a, b)
    assert [v.value for v in fact.values] == [1.3327, 1.3239]
    assert fact.status == "updated"


def test_values_are_exact_and_clock_times_are_no_facts() -> None:
    a = doc(
        "a",
        ["Бюджет составил 130,3 млн рублей к 14.04 мск."],
        published="2018-07-09",
        verbs=["составил"],
        quantities=[
            {"text": "130,3 млн рублей", "value": 130.3 * 1e6, "item": "рубль"},
            {"text": "14.04 мск", "value": 14.04, "item": "мск"},
        ],
    )
    (fact,) = _facts(a)
    assert fact.values[0].value == 130300000.0


def test_an_age_that_differs_across_days_conflicts_and_changes_come_first() -> None:
    def report(aid: str, day: str, age: int, seq: int):  # type: ignore[no-untyped-def]
        return doc(
            aid,
            [f"Суд оправдал {age}-летнюю Асию Биби, у нее пятеро детей."],
            published=day,
            seq=seq,
            verbs=["оправдал"],
            quantities=[
                {"text": f"{age}-летнюю", "value": age, "item": "возраст", "subject": "Асия Биби"},
                {"text": "пятеро детей", "value": 5, "item": "ребенок"},
            ],
        )

    facts = _facts(report("a", "2018-10-31", 51, 0), report("b", "2018-11-02", 46, 1))
    assert facts[0].measure == "возраст" and facts[0].status == "conflicting"
    assert [v.value for v in facts[0].values] == [51, 46]


def test_many_figures_of_nobody_known_are_not_one_conflicting_fact() -> None:
    sentences = [f"Кандидат получил {n} голосов." for n in (10, 20, 30, 40, 50)]
    a = doc(
        "a",
        sentences,
        published="2020-11-04",
        verbs=["получил"],
        quantities=[{"text": f"{n} голосов", "value": n, "item": "голос"} for n in (10, 20, 30, 40, 50)],
    )
    facts = _facts(a)
    assert len(facts) == 5 and all(f.status == "consistent" for f in facts)


def test_an_article_giving_two_figures_of_one_kind_lists_two_facts() -> None:
    """One text says "должна выплатить 4,6 млрд" and "о выплате 2,56 млрд": two sums, not a history."""

    def report(aid: str, seq: int, source: str):  # type: ignore[no-untyped-def]
        return doc(
            aid,
            ["Компания должна выплатить 4,6 млрд долл.", "Суд разрешил выплатить 2,56 млрд долл."],
            published="2018-08-29",
            seq=seq,
            source=source,
            verbs=["выплатить", "разрешил"],
            quantities=[
                {"text": "4,6 млрд долл.", "value": 4.6e9, "item": "долл"},
                {"text": "2,56 млрд долл.", "value": 2.56e9, "item": "долл"},
            ],
        )

    facts = _facts(report("a", 0, "one.ua"), report("b", 1, "two.ua"))
    assert sorted(v.value for f in facts for v in f.values[:1]) == [2.56e9, 4.6e9]
    assert all(f.status == "consistent" for f in facts) and all(len(f.values) == 2 for f in facts)


def test_a_figure_rounded_to_fewer_digits_agrees_but_whole_counts_are_exact() -> None:
    def report(aid: str, seq: int, figure: str, value: float, item: str):  # type: ignore[no-untyped-def]
        return doc(
            aid,
            [f"Компания должна выплатить {figure}."],
            published="2018-08-29",
            seq=seq,
            source=aid,
            verbs=["выплатить"],
            quantities=[{"text": figure, "value": value, "item": item}],
        )

    (money,) = _facts(
        report("a", 0, "2,56 млрд долларов", 2.56e9, "доллар"),
        report("b", 1, "2,6 млрд долл.", 2.6e9, "долл"),
    )
    assert money.status == "consistent"
    (people,) = _facts(
        report("a", 0, "100 человек", 100, "человек"), report("b", 1, "101 человек", 101, "человек")
    )
    assert people.status == "conflicting"


def test_an_approximate_figure_agrees_with_the_exact_one_it_rounds() -> None:
    def report(aid: str, seq: int, figure: str, value: float, qualifier: str | None):  # type: ignore[no-untyped-def]
        return doc(
            aid,
            [f"До конца февраля поступит {figure} доз."],
            published="2021-02-01",
            seq=seq,
            source=aid,
            verbs=["поступит"],
            quantities=[{"text": figure, "value": value, "item": "доза", "qualifier": qualifier}],
        )

    (doses,) = _facts(report("a", 0, "около 70 тысяч", 70000, "about"), report("b", 1, "68 000", 68000, None))
    assert doses.status == "consistent"
    # without the qualifier the whole counts stay exact, and "около" does not stretch past a few per cent
    assert (
        _facts(report("a", 0, "70 тысяч", 70000, None), report("b", 1, "68 000", 68000, None))[0].status
        == "conflicting"
    )
    assert (
        _facts(report("a", 0, "около 2 тысяч", 2000, "about"), report("b", 1, "2 400", 2400, None))[0].status
        == "conflicting"
    )


def test_a_verbless_figure_of_nobody_known_does_not_join_another_figures_history() -> None:
    a = doc(
        "a",
        ["Там все трое ее членов отдали голоса."],
        published="2020-12-14",
        seq=0,
        source="a",
        verbs=["отдали"],
        quantities=[{"text": "трое", "value": 3, "item": "член"}],
    )
    b = doc(
        "b",
        ["Для победы нужны 270 членов коллегии."],
        published="2020-12-14",
        seq=1,
        source="b",
        quantities=[{"text": "270", "value": 270, "item": "член"}],
    )
    facts = _facts(a, b)
    assert sorted(len(f.values) for f in facts) == [1, 1]
    assert {f.status for f in facts} == {"consistent"}
    # the same figure without a verb is a report of that figure
    c = doc(
        "c",
        ["У коллегии трое членов."],
        published="2020-12-15",
        seq=2,
        source="c",
        quantities=[{"text": "трое", "value": 3, "item": "член"}],
    )
    assert [len(f.values) for f in _facts(a, c)] == [2]


def test_days_counted_by_ordinals_are_one_updated_figure_of_the_fuller_subject() -> None:
    def report(aid: str, day: str, seq: int, sentence: str, figure: str, value: int, subject: str):  # type: ignore[no-untyped-def]
        return doc(
            aid,
            [sentence],
            published=day,
            seq=seq,
            source=aid,
            verbs=["проходят", "прекращаются"],
            quantities=[
                {"text": figure, "value": value, "item": "день", "qualifier": "ordinal", "subject": subject}
            ],
        )

    a = report(
        "a",
        "2018-11-01",
        0,
        "Уже второй день проходят протесты исламистов.",
        "второй день",
        2,
        "протесты исламистов",
    )
    b = report(
        "b", "2018-11-02", 1, "Протесты не прекращаются уже третий день подряд.", "третий день", 3, "Протесты"
    )
    (fact,) = _facts(a, b)
    assert [v.value for v in fact.values] == [2, 3] and fact.status == "updated"
    assert fact.subject == "протесты исламистов"


def test_a_duration_the_clause_suggests_is_no_fact() -> None:
    a = doc(
        "a",
        ["Переговоры шли 8 лет."],
        published="2018-07-09",
        verbs=["шли"],
        lemmas={"лет": "год"},
        quantities=[{"text": "8", "value": 8, "item": None}],
    )
    assert _facts(a) == []


def _pipe(article_id: str, sentence: str, figure: str, value: float, item: str, seq: int, entities=()):  # type: ignore[no-untyped-def]
    return doc(
        article_id,
        [sentence],
        published=f"2019-02-0{seq + 1}",
        seq=seq,
        source=f"site{seq}.ru",
        quantities=[{"text": figure, "value": value, "item": item}],
        entities=entities,
    )


def test_a_unit_written_as_a_word_or_an_abbreviation_is_one_item() -> None:
    a = _pipe("a", "Мощность газопровода 55 млрд куб. м газа.", "55 млрд куб", 55e9, "куб", 0)
    b = _pipe("b", "Мощность газопровода 55 млрд кубометров газа.", "55 млрд кубометров", 55e9, "кубометр", 1)
    c = _pipe("c", "Уложено 600 км труб.", "600 км", 600, "км", 0)
    d = _pipe("d", "Уложено 600 километров труб.", "600 километров", 600, "километр", 1)
    facts = _facts(a, b, c, d)
    assert sorted((len(f.values), f.status) for f in facts) == [(2, "consistent"), (2, "consistent")]


def test_a_negated_or_distributive_one_and_a_number_in_a_name_are_no_figures() -> None:
    a = _pipe("a", "Об этом говорили не один раз.", "один раз", 1, "раз", 0)
    b = _pipe("b", "Газ пойдёт по одной нитке.", "одной нитке", 1, "нитка", 1)
    c = _pipe("c", "Строительство Северный поток-2 идёт.", "2", 2, "поток", 2)
    e = _pipe(
        "e", "Судно Castoro 10 прибыло.", "10", 10, "судно", 3, entities=[("Castoro 10", "ORG", "Castoro 10")]
    )
    assert _facts(a, b, c, e) == []


def test_a_lower_bound_is_consistent_with_a_larger_figure_and_an_update_when_later() -> None:
    def report(aid: str, day: str, seq: int, sentence: str, figure: str, value: int, qualifier: str | None):  # type: ignore[no-untyped-def]
        return doc(
            aid,
            [sentence],
            published=day,
            seq=seq,
            source=aid,
            verbs=["погибли"],
            quantities=[{"text": figure, "value": value, "item": "человек", "qualifier": qualifier}],
        )

    # the DW article of 2021-01-07 on the Capitol: "как минимум четыре", then the police's five
    bound = doc(
        "a",
        ["В ходе беспорядков погибли как минимум четыре человека.", "Всего погибли пять человек."],
        published="2021-01-07",
        source="dw",
        verbs=["погибли"],
        quantities=[
            {"text": "как минимум четыре", "value": 4, "item": "человек", "qualifier": "at_least"},
            {"text": "пять человек", "value": 5, "item": "человек"},
        ],
    )
    (deaths,) = _facts(bound)
    assert deaths.status == "consistent" and [v.value for v in deaths.values] == [4, 5]
    # a later article above the bound raises it
    early = report(
        "b", "2021-01-07", 0, "Погибли не менее четырех человек.", "не менее четырех", 4, "at_least"
    )
    late = report("c", "2021-01-08", 1, "Погибли пять человек.", "пять человек", 5, None)
    assert _facts(early, late)[0].status == "updated"
    # a bound below the figure already read adds nothing, whatever its day
    assert (
        _facts(
            late, report("d", "2021-01-08", 2, "Погибли более трех человек.", "более трех", 3, "more_than")
        )[0].status
        == "consistent"
    )
    # without the qualifier two counts of one day from two sources still conflict
    plain = report("e", "2021-01-07", 1, "Погибли пять человек.", "пять человек", 5, None)
    four = report("f", "2021-01-07", 0, "Погибли четыре человека.", "четыре человека", 4, None)
    assert _facts(four, plain)[0].status == "conflicting"
    # a bound the later figure breaks is still a conflict
    above = report("g", "2021-01-07", 0, "Погибли более шести человек.", "более шести", 6, "more_than")
    assert _facts(above, plain)[0].status == "conflicting"


def test_a_second_figure_takes_its_subject_from_its_own_clause_and_pairs_only_with_its_value() -> None:
    ents = [("Байден", "PER", "Джо Байден")]

    def votes(aid: str, seq: int, sentence: str, figures: list[tuple[str, int]]):  # type: ignore[no-untyped-def]
        return doc(
            aid,
            [sentence],
            published="2020-12-15",
            seq=seq,
            source=aid,
            verbs=["набрал", "получил"],
            entities=ents,
            quantities=[
                {
                    "text": f,
                    "value": v,
                    "item": "голос",
                    "subject": "Джо Байден",
                    "subject_entity_id": "e:Байден",
                }
                for f, v in figures
            ],
        )

    a = votes(
        "a",
        0,
        "Байден набрал 302 голоса, для победы нужны 270 голосов.",
        [("302 голоса", 302), ("270 голосов", 270)],
    )
    b = votes(
        "b", 1, "Байден получил 306 голосов против 232 голосов.", [("306 голосов", 306), ("232 голосов", 232)]
    )
    c = votes(
        "c",
        2,
        "Байден получил 306 голосов, 270 голосов нужно для победы.",
        [("306 голосов", 306), ("270 голосов", 270)],
    )
    entities = {**ENTITIES, "e:Байден": Entity("e:Байден", "Джо Байден", "PER")}
    facts = build_story(Story("s", "", ["a", "b", "c"], []), [a, b, c], entities).story.facts
    by_values = {tuple(v.value for v in f.values): f for f in facts}
    # Biden's own figure is one history, 302 -> 306 -> 306
    assert (302, 306, 306) in by_values and by_values[(302, 306, 306)].subject == "Джо Байден"
    # 270 twice is one figure of its own, never part of Biden's tally; 232 is nobody's known
    assert (270, 270) in by_values and by_values[(270, 270)].subject != "Джо Байден"
    assert (232,) in by_values and by_values[(232,)].subject != "Джо Байден"
    # one clause ("рос до … с …") keeps its subject for both figures
    d = votes(
        "d",
        3,
        "Рейтинг Байдена вырос до 306 голосов с 302 голосов.",
        [("306 голосов", 306), ("302 голосов", 302)],
    )
    facts = build_story(Story("s", "", ["d"], []), [d], entities).story.facts
    # and, a change verb with "до … с …" in it, is one figure's history, old state first
    # (round 11, `story/ledger_change`: it was two facts of Biden's before)
    assert [(f.subject, [v.value for v in f.values], f.status) for f in facts] == [
        ("Джо Байден", [302, 306], "updated")
    ]
