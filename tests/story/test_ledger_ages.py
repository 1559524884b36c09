"""People's ages in the ledger, read off asia-bibi-verdict-protests (tuned on): an age is
also stated of a dative name ("Асии Биби 54 года."), and an age stays a figure when a
name span runs past it ("Верховного суда Пакистана по делу 50-летней христианки Асии
Биби"). Outlets that disagree on the age on one day conflict. Real annotator, real text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article

from .seedkit import facts_of_texts

# bsnlp-ru asia_bibi file_124 and file_102 (2018-10-31).
IN_A_NAME = (
    "Они с утра готовились к решению Верховного суда Пакистана по делу 50-летней христианки Асии Биби. "
    "Асия Биби обвинялась в богохульственных высказываниях."
)
STATED = "Асии Биби 54 года. Она мать пятерых детей."


def _ages(annotator: Any, *texts: str) -> list[tuple[str, list[float | None]]]:
    facts = facts_of_texts(annotator, texts, ["2018-10-31"] * len(texts))
    return [(f.status, [v.value for v in f.values]) for f in facts if f.measure == "возраст"]


def test_an_age_stated_of_a_dative_name_and_one_inside_a_name_span_conflict(annotator: Any) -> None:
    assert _ages(annotator, IN_A_NAME, STATED) == [("conflicting", [50.0, 54.0])]


def test_a_stated_age_is_no_span_of_years(annotator: Any) -> None:
    ann = annotator.annotate(Article(id="t", text=STATED, published="2018-10-31", lang="ru"))
    (age,) = [q for q in ann.quantities if q.value == 54]
    assert (age.item, age.subject) == ("возраст", "Асия Биби")


def test_no_stated_age_without_a_dative_name_or_past_the_clause(annotator: Any) -> None:
    # bsnlp-ru covid-19: a role noun is no name; "назад" and a verb make the years a span of time
    texts = [
        "Президенту 68 лет.",
        "Иван Петров 20 лет назад уехал в Москву.",
        "Ивану Петрову 20 лет служили верой и правдой.",
    ]
    for text in texts:
        ann = annotator.annotate(Article(id="t", text=text, published="2018-10-31", lang="ru"))
        assert not [q for q in ann.quantities if q.item == "возраст"], text
