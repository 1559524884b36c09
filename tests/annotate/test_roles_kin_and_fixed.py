"""Roles of session 13 (intel), read off us-election-vote-count (tuned on; sentences of
bsnlp-ru us_election_2020 elections_ru_105 as written): a name spelt alike in every case
takes the case of the role before it, a kinship role after a name carries its relative,
in-laws are kin, and a congressman is an office."""

from __future__ import annotations

import pytest

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment
from storyline.model import EntityMention


def entities(nlp: NLP, text: str) -> list[EntityMention]:
    (parsed,) = nlp.parse_many([(text, segment(text))])
    return extract_entities(parsed, nlp)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Издание The Hill пишет, что кресло уже зашаталось под спикером нижней палаты Нэнси Пелоси.",
            "Нэнси Пелоси",
            "спикер нижней палаты",
        ),
        (
            "Заменить Пелоси может чернокожий конгрессмен Хаким Джеффрис.",
            "Хаким Джеффрис",
            "чернокожий конгрессмен",
        ),
        (
            'Стыдно прибегать к таким мерам, но это дикая коррупция!", – говорит Эрик Трамп, сын Дональда Трампа.',
            "Эрик Трамп",
            "сын Дональда Трампа",
        ),
        (
            "На связи с колеблющимися штатами зять президента Джаред Кушнер и дочь Иванка.",
            "Джаред Кушнер",
            "зять президента",
        ),
    ],
)
def test_roles_of_session_13(nlp: NLP, text: str, name: str, role: str) -> None:
    people = {m.name: m.role for m in entities(nlp, text) if m.type == "PER"}
    assert people.get(name) == role


def test_a_kin_noun_after_a_name_without_its_relative_is_no_role(nlp: NLP) -> None:
    # the kin noun is the subject of its own clause, not an apposition
    text = "Об этом сообщил Эрик Трамп, сын заявил, что семья подаст в суд."
    people = {m.name: m.role for m in entities(nlp, text) if m.type == "PER"}
    assert people.get("Эрик Трамп") is None
