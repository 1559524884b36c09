"""A threshold, a possibility or a running count is never a discrepancy (`ledger_asides`).
Invented Russian sentences, real annotator; each test fails without its rule."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts


def _flags(facts: Any) -> list[tuple[str, str, list[float | None]]]:
    return [(f.subject, f.status, [v.value for v in f.values]) for f in facts if f.status != "consistent"]


def test_a_threshold_is_not_the_rival_of_a_tally(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Кандидат Иван Петров получил 412 голосов выборщиков.",
            "Иван Петров получил больше 400 необходимых для победы голосов выборщиков.",
        ],
        ["2024-03-01", "2024-03-01"],
    )
    assert not [f for f in facts if f.status == "conflicting"], _flags(facts)


def test_a_vote_for_a_subject_rivals_the_subjects_tally(annotator: Any) -> None:
    # "за Петрова проголосовали" is the electors' act, not a kind of happening of Петров's
    facts = facts_of_texts(
        annotator,
        ["За Ивана Петрова проголосовали 140 выборщиков.", "Иван Петров набрал 151 выборщика."],
        ["2024-03-01", "2024-03-01"],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {140.0, 151.0}]
    assert [f.status for f in both] == ["conflicting"], _flags(facts)


def test_a_count_growing_through_the_evening_is_updated_not_conflicting(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "К 20:15 кандидат Иван Петров набрал 140 голосов выборщиков.",
            "К 21:40 кандидат Иван Петров набрал 151 голос выборщиков.",
        ],
        ["2024-03-01", "2024-03-01"],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {140.0, 151.0}]
    assert both and all(f.status == "updated" for f in both), _flags(facts)


def test_two_outlets_disagreeing_at_no_time_of_day_stay_conflicting(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Кандидат Иван Петров набрал 140 голосов выборщиков.",
            "Кандидат Иван Петров набрал 151 голос выборщиков.",
        ],
        ["2024-03-01", "2024-03-01"],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {140.0, 151.0}]
    assert both and all(f.status == "conflicting" for f in both), _flags(facts)


def test_figures_of_two_kinds_of_happening_are_not_one_history(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Компания «Ромашка» наняла 120 человек.",
            "Компания «Ромашка» уволила 135 человек.",
        ],
        ["2024-03-01", "2024-03-01"],
    )
    assert not [f for f in facts if f.status != "consistent"], _flags(facts)


def test_one_verb_told_twice_with_two_figures_stays_conflicting(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Компания «Ромашка» уволила 120 человек.",
            "Компания «Ромашка» уволила 135 человек.",
        ],
        ["2024-03-01", "2024-03-01"],
    )
    assert [f.status for f in facts if {v.value for v in f.values} >= {120.0, 135.0}] == ["conflicting"], (
        _flags(facts)
    )


def test_a_possible_total_is_not_an_update(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        [
            "Голоса ещё считают, но 40 мест точно займут независимые кандидаты, итоговое их число может достичь 47."
        ],
        ["2024-03-01"],
    )
    assert not [f for f in facts if f.status == "updated" and 40.0 in [v.value for v in f.values]], _flags(
        facts
    )


def test_figures_whose_own_nouns_count_two_things_are_not_flagged(annotator: Any) -> None:
    # "меньше 100 человек" takes Japan's one item ("доз") from the merge; its own noun
    # counts people, so it is no rival of the 120 million doses
    facts = facts_of_texts(
        annotator,
        [
            "Вакцину заказали Евросоюз (200 млн доз) и Япония (120 млн доз).",
            "В Японии умерло меньше 100 человек.",
        ],
        ["2024-03-01", "2024-03-01"],
    )
    assert not [f for f in facts if f.status != "consistent"], _flags(facts)


def test_a_participles_count_rivals_a_noun_count(annotator: Any) -> None:
    # "около 80 задержаны": the item read from a participle is its verb, no counted noun
    facts = facts_of_texts(
        annotator,
        [
            "Более 50 человек были ранены, около 80 задержаны.",
            "Правоохранительные органы задержали уже более 100 участников беспорядков у здания Конгресса США.",
        ],
        ["2024-03-01", "2024-03-01"],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {80.0, 100.0}]
    assert both and all(f.status != "consistent" for f in both), _flags(facts)


def test_figures_that_count_no_noun_of_their_own_are_not_flagged(annotator: Any) -> None:
    # "получил 140" names nothing counted: nothing of its own words ties it to the 151
    facts = facts_of_texts(
        annotator,
        ["Иван Петров получил 140.", "Иван Петров получил 151."],
        ["2024-03-01", "2024-03-01"],
    )
    assert not [f for f in facts if f.status != "consistent"], _flags(facts)


def test_one_counted_noun_told_twice_with_two_figures_stays_conflicting(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        ["Иван Петров получил 140 голосов.", "Иван Петров получил 151 голос."],
        ["2024-03-01", "2024-03-01"],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {140.0, 151.0}]
    assert [f.status for f in both] == ["conflicting"], _flags(facts)


def test_shares_of_two_things_are_not_flagged(annotator: Any) -> None:
    # a percentage counts the noun it governs: 90 % of ballots, 60 % of votes
    facts = facts_of_texts(
        annotator,
        ["Иван Петров получил 90% бюллетеней.", "Иван Петров получил 60% голосов."],
        ["2024-03-01", "2024-03-01"],
    )
    assert not [f for f in facts if f.status != "consistent"], _flags(facts)


def test_shares_of_one_thing_stay_conflicting(annotator: Any) -> None:
    facts = facts_of_texts(
        annotator,
        ["Иван Петров получил 90% голосов.", "Иван Петров получил 60% голосов."],
        ["2024-03-01", "2024-03-01"],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {90.0, 60.0}]
    assert [f.status for f in both] == ["conflicting"], _flags(facts)
