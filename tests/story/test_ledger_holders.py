"""A figure whose own words name another holder of the counted things ("38 выборщиков из
Техаса", "11 выборщиков штата Теннесси") is no state of the subject's tally
(`ledger_holders`). Invented Russian sentences, real annotator; each test fails without
the rule (main 3052071 flags both as `conflicting`)."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

DAY = "2024-03-01"


def _facts(annotator: Any, *texts: str) -> list[tuple[str, list[float | None]]]:
    facts = facts_of_texts(annotator, texts, [DAY] * len(texts))
    return [(f.status, [v.value for v in f.values]) for f in facts]


def test_a_states_electors_are_no_state_of_the_candidates_tally(annotator: Any) -> None:
    # "из Техаса": a preposition of the counted noun names their holder
    facts = _facts(
        annotator,
        "Дональд Трамп набрал 304 выборщика.",
        "Дональд Трамп получил голоса 38 выборщиков из Техаса.",
    )
    assert ("consistent", [304.0, 38.0]) in facts, facts


def test_a_genitive_holder_of_the_counted_noun(annotator: Any) -> None:
    # "выборщиков штата Теннесси": the counted noun's genitive chain ends in a name
    facts = _facts(
        annotator,
        "Дональд Трамп набрал 304 выборщика.",
        "За Дональда Трампа проголосовали 11 выборщиков штата Теннесси.",
    )
    assert ("consistent", [304.0, 11.0]) in facts, facts


def test_an_adjective_of_a_name_is_no_holder(annotator: Any) -> None:
    # "доз китайской вакцины": "китайской" is a mention of Китай, but an adjective, no holder
    facts = _facts(
        annotator,
        "Украина получит 1,9 миллиона доз китайской вакцины.",
        "Украина получит 1,8 миллиона доз вакцины.",
    )
    assert ("conflicting", [1_900_000.0, 1_800_000.0]) in facts, facts
