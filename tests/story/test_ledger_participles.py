"""A count named by its own participle: it keeps its own happening in an enumeration
("50 человек были ранены, около 80 задержаны" — 80 detained, not wounded) and joins the
count its verb reports of nobody known ("задержали уже более 100 участников"): one
figure's history. Real annotator, invented text."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

WOUNDED_AND_DETAINED = "Более 50 человек были ранены, около 80 задержаны."
DETAINED_LATER = "Полицейские задержали уже более 100 участников беспорядков у здания парламента."


def _facts(annotator: Any, *texts: str) -> list[tuple[str, str, list[float | None]]]:
    days = [f"2021-01-{7 + n:02d}" for n in range(len(texts))]
    return [
        (f.measure, f.status, [v.value for v in f.values]) for f in facts_of_texts(annotator, texts, days)
    ]


def test_a_participle_count_takes_no_verb_of_the_figure_before(annotator: Any) -> None:
    facts = _facts(annotator, WOUNDED_AND_DETAINED)
    assert ("задержанные", "consistent", [80.0]) in facts
    assert not any("ранены" in measure and 80.0 in values for measure, _, values in facts)


def test_a_participle_count_joins_the_count_its_verb_reports(annotator: Any) -> None:
    facts = _facts(annotator, WOUNDED_AND_DETAINED, DETAINED_LATER)
    assert ("участники — задержали", "updated", [80.0, 100.0]) in facts


def test_with_two_counts_of_that_verb_the_participle_count_stays_apart(annotator: Any) -> None:
    other = "На границе задержали 12 нарушителей."
    facts = _facts(annotator, WOUNDED_AND_DETAINED, DETAINED_LATER, other)
    assert ("задержанные", "consistent", [80.0]) in facts
