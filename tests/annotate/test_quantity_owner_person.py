"""A figure's owner when a place stands before the person who is the clause's subject
(`annotate/quantity_context.py`), read off us-election-electoral-college (tuned on; bsnlp-ru
us_election_2020 elections_ru_8 as written): Trump's 11 votes had been New Hampshire's,
and the ledger then flagged New Hampshire's 4 votes as `updated` to 11."""

from __future__ import annotations

from typing import Any

from storyline.model import Article

TEXT = (
    "Также голосование уже завершилось в штатах Индиана и Нью-Гемпшир: Дональд Трамп получил "
    "11 голосов от выборщиков Индианы, а Джозеф Байден - четыре голоса в Нью-Гемпшире."
)


def test_the_person_subject_owns_the_figure_not_the_place_before_him(annotator: Any) -> None:
    ann = annotator.annotate(Article(id="t", text=TEXT, published="2021-02-01", lang="ru"))
    owners = {q.value: q.subject for q in ann.quantities}
    assert owners[11.0] == "Дональд Трамп"
    assert owners.get(4.0) != "Нью-Гемпшир" or owners[4.0] is None


def test_a_place_subject_still_owns_its_figure(annotator: Any) -> None:
    # bsnlp-ru covid-19 (covid-ukraine-vaccine-supply): the place is the clause's subject
    text = "Украина получит 1,9 миллиона доз китайской вакцины."
    ann = annotator.annotate(Article(id="t", text=text, published="2021-02-01", lang="ru"))
    assert [q.subject for q in ann.quantities] == ["Украина"]
