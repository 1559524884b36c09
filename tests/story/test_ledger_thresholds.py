"""One reading of what a requirement is (`ledger_thresholds`), and facts that count several
things at once: parts of one whole, requirements of several contests. Invented Russian
sentences, real annotator; each test fails without its rule."""

from __future__ import annotations

from typing import Any

from storyline.model import Article
from storyline.story.features import sentence_infos
from storyline.story.ledger_thresholds import requirement

from .seedkit import facts_of_texts

DAY = "2024-03-01"


def _flags(annotator: Any, *texts: str) -> list[tuple[str, str, list[float | None]]]:
    facts = facts_of_texts(annotator, texts, [DAY] * len(texts))
    return [(f.status, f.measure, [v.value for v in f.values]) for f in facts if f.status != "consistent"]


def test_a_purpose_clause_states_a_goal_not_a_tally(annotator: Any) -> None:
    # "чтобы у него было 270": what he would need, not his tally
    assert not _flags(
        annotator,
        "Иван Петров набрал 250 голосов выборщиков.",
        "Нужен еще один штат, чтобы у Ивана Петрова было 270 голосов выборщиков.",
    )


def test_a_restated_requirement_is_a_requirement(annotator: Any) -> None:
    # "то есть 270" restates "нужно набрать … большинство": the need is read across it, and
    # across the figures of the clause it restates ("(50% + 1)"); a tally's clause is not
    text = (
        "Для победы нужно набрать абсолютное большинство (50% + 1), то есть 270 голосов. "
        "Иван Петров набрал 250 голосов, то есть больше половины."
    )
    article = Article(id="a", text=text, published=DAY, published_precision="day", lang="ru")
    article.annotation = annotator.annotate_many([article])[0]
    needed = {q.value: requirement(q, s) for s in sentence_infos(article) for q in s.quantities}
    assert needed[270.0] and not needed[250.0], needed


def test_a_requirement_is_read_in_its_own_clause_not_the_next_figures(annotator: Any) -> None:
    # "при необходимых 270" is the need of 270, not of 302: 302 stays Петров's tally
    facts = facts_of_texts(
        annotator,
        ["Иван Петров получил 302 голоса при необходимых 270 голосах.", "Иван Петров получил 290 голосов."],
        [DAY, DAY],
    )
    both = [f for f in facts if {v.value for v in f.values} >= {302.0, 290.0}]
    assert [f.status for f in both] == ["conflicting"], [
        (f.status, [v.value for v in f.values]) for f in facts
    ]


def test_parts_of_one_whole_are_no_history(annotator: Any) -> None:
    # "48 штатах из 50" and "29 из 50 штатов": two subsets of the states, not one figure told twice
    assert not _flags(
        annotator,
        "В 48 штатах из 50 выборщики назначаются по системе «победитель получает все».",
        "В 29 из 50 штатов действуют правила, обязывающие выборщиков голосовать за победителя.",
    )
