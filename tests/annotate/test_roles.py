"""Roles of persons: the apposition walk of `annotate/roles.py` on forms that broke it.

Each case is a general shape, not one story's sentence: a genitive determiner inside a
role's complement, a name the tagger gave the wrong case, and an office named after
"занимавший пост". The negative cases keep the guards that made the walk strict.
"""

from __future__ import annotations

import pytest

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment


def role_of(nlp: NLP, text: str, surname: str) -> str | None:
    """The role of the person whose name ends with `surname` (the name's first word may
    stay inflected on a foreign name: that is the canonical-name stage's business)."""
    people = [m for m in extract_entities(nlp.parse(text, segment(text)), nlp) if m.type == "PER"]
    found = [m for m in people if m.name.endswith(surname)]
    assert found, [m.name for m in people]
    return found[0].role


@pytest.mark.parametrize(
    ("text", "name", "head"),
    [
        # a genitive determiner ("всея") inside the complement
        ("Об этом просил патриарх Московский и всея Руси Кирилл.", "Кирилл", "патриарх"),
        # a foreign name tagged nominative after an accusative head
        (
            "Газета пишет со ссылкой на министра информации Фавада Чаудхри, что лидер задержан.",
            "Чаудхри",
            "министр информации",
        ),
        # an animate accusative spelt as the genitive
        (
            "Газета цитирует главу Федерального объединения немецкой промышленности Дитера Кемпфа.",
            "Кемпф",
            "глава Федерального объединения",
        ),
        # the office after "занимавший пост"
        (
            "Министром назначен Джереми Хант, ранее занимавший пост министра здравоохранения.",
            "Хант",
            "министр здравоохранения",
        ),
        ("Иван Петров, занимающий должность главы района, уволен.", "Петров", "глава района"),
        # a kinship noun with its relative between it and the name
        ("Супруг христианки Ашик Масих признался, что опасается.", "Масих", "супруг христианки"),
        # a compound on a role head, and a firm's partner
        ("Об этом рассказал врач-инфекционист Андрей Поздняков.", "Поздняков", "врач-инфекционист"),
        ("Об этом говорит партнер ООО «Легес Бюро» Артём Коростелев.", "Коростелев", "партнер ООО"),
        # the office a person is named to after "в качестве"
        (
            "Выборщики поддержали Камалу Харрис в качестве следующего вице-президента США.",
            "Харрис",
            "вице-президент",
        ),
    ],
)
def test_role_found(nlp: NLP, text: str, name: str, head: str) -> None:
    role = role_of(nlp, text, name)
    assert role is not None and role.startswith(head)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a genitive head before a nominative name the name cannot be read in the genitive
        ("Приказ министра Иван Петров подписал вчера.", "Петров"),
        # a plural head is never one person's role
        ("На заседании кабинета министров Садыр Жапаров говорил о газе.", "Жапаров"),
        # a verb other than "занимать" after the comma opens a clause, not an office
        ("Иван Петров, покинувший пост главы района, уехал.", "Петров"),
        # a kinship noun right before a name: the name is the relative, not the kin
        ("Письмо передали мужу Асии Биби вчера.", "Биби"),
        # "в качестве" before a word that is no office
        ("Иван Петров выступил в качестве свидетеля по делу.", "Петров"),
    ],
)
def test_no_role(nlp: NLP, text: str, name: str) -> None:
    assert role_of(nlp, text, name) is None
