"""An age with a bare description and no name after it ("оправдал 47-летнюю женщину")
is the age of the one person named before it in its sentence, when that name is not the
clause's possible subject and nothing before the age adds another person. Real
annotator, invented text (the shape of bsnlp-ru asia_bibi file_137)."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.model import Article


def _ages(annotator: Any, text: str) -> list[tuple[float | None, str | None]]:
    ann = annotator.annotate(Article(id="t", text=text, published="2018-11-04", lang="ru"))
    return [(q.value, q.subject) for q in ann.quantities if q.item == "возраст"]


def test_a_described_age_is_the_person_named_before(annotator: Any) -> None:
    text = (
        "В 2010 году власти приговорили Марию Хан к смертной казни, однако в октябре "
        "верховный суд оправдал 47-летнюю женщину."
    )
    ((value, subject),) = _ages(annotator, text)
    assert value == 47.0 and subject is not None and "Хан" in subject


@pytest.mark.parametrize(
    "text",
    [
        "Иван Петров встретил 30-летнего мужчину.",  # the name is the subject: two people
        "Полиция задержала Ивана Петрова и 30-летнего мужчину.",  # "и" adds a person
        "Суд допросил Ивана Петрова и Анну Смирнову, затем оправдал 30-летнего мужчину.",  # two names
        "Ивана Петрова встретил 30-летний мужчина.",  # a nominative description is the subject
    ],
)
def test_no_owner_where_the_description_may_be_someone_else(annotator: Any, text: str) -> None:
    assert _ages(annotator, text) == []
