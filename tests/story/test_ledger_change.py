"""A figure's change told in one clause is one fact's history (`story/ledger_change`), on
the sentences of a spent gold (nord-stream-2018-finance-flows) and written after them.
Real annotator, real text. Each test fails without the rule: the 156 / 199 pair was two
`consistent` facts and the 147 a third."""

from __future__ import annotations

from typing import Any

from .test_ledger_rounding import _facts

DROP = (
    'Заявка на прокачку газа через станцию "Вельке Капушаны" снизилась до примерно 156 миллионов '
    "кубометров со 199 миллионов кубометров днем ранее."
)
NEXT = "В заявке на 31 июля на данный момент наблюдается сокращение объема до 147 миллионов кубометров."


def _with(facts: list[tuple[str, list[float | None]]], value: float) -> list[tuple[str, list[float | None]]]:
    return [f for f in facts if value in f[1]]


def test_a_change_from_one_figure_to_another_in_one_clause_is_one_updated_fact(annotator: Any) -> None:
    facts = _with(_facts(annotator, DROP, published="2018-07-30"), 156_000_000.0)
    assert facts == [("updated", [199_000_000.0, 156_000_000.0])]


def test_the_next_step_of_the_change_in_the_next_sentence_joins_it(annotator: Any) -> None:
    facts = _with(_facts(annotator, DROP + " " + NEXT, published="2018-07-30"), 147_000_000.0)
    assert facts == [("updated", [199_000_000.0, 156_000_000.0, 147_000_000.0])]


def test_two_figures_of_one_sentence_in_two_clauses_stay_apart(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "Заявка на прокачку газа через Ужгород снизилась до 156 миллионов кубометров, "
        "а заявка через Берегово выросла с 40 миллионов кубометров.",
        published="2018-07-30",
    )
    assert not any(156_000_000.0 in vs and 40_000_000.0 in vs for _, vs in facts)


def test_a_range_from_to_without_a_change_verb_is_no_history(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "Заявки на прокачку газа составили от 140 миллионов кубометров до 160 миллионов кубометров.",
        published="2018-07-30",
    )
    assert not any(s == "updated" for s, _ in facts)


def test_a_figure_after_another_articles_change_does_not_join_it(annotator: Any) -> None:
    facts = _facts(annotator, DROP, NEXT, published="2018-07-30")
    assert not any(147_000_000.0 in vs and 156_000_000.0 in vs for _, vs in facts)
