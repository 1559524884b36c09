"""Round 9 role shapes read off covid-ukraine-vaccine-supply's role misses (spent): an
apposition after the name whose complement holds a preposition, and two roles of one
person joined by a comma before the name. The negatives keep the walk strict."""

from __future__ import annotations

import pytest

from storyline.annotate.nlp import NLP
from tests.annotate.test_roles import role_of


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Мэри Рамзи, глава отдела иммунизации в Министерстве здравоохранения, объяснила это решение.",
            "Рамзи",
            "глава отдела иммунизации в Министерстве здравоохранения",
        ),
        (
            "Об этом рассказал Петр Иванов, посол России в Германии, журналистам.",
            "Иванов",
            "посол России в Германии",
        ),
        (
            "Так комментирует для DW украинский инфекционист, бывший эксперт ГЭЦ при Минздраве Федор Лапий.",
            "Лапий",
            "украинский инфекционист, бывший эксперт ГЭЦ при Минздраве",
        ),
        (
            "Вакцину похвалил известный вирусолог Анатолий Альтштейн.",
            "Альтштейн",
            "известный вирусолог",
        ),
    ],
)
def test_round9_roles(nlp: NLP, text: str, name: str, role: str) -> None:
    assert role_of(nlp, text, name) == role


def test_a_noun_of_another_case_before_the_comma_is_not_a_role(nlp: NLP) -> None:
    text = "Он встретился с президентом, министр обороны Сергей Шойгу остался в Москве."
    assert role_of(nlp, text, "Шойгу") == "министр обороны"


def test_an_apposition_running_into_a_clause_is_still_no_role(nlp: NLP) -> None:
    text = "Иван Петров, глава которого в Москве заявил об отставке, промолчал."
    assert role_of(nlp, text, "Петров") is None
