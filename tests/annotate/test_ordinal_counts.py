"""Counting ordinals and partitives become quantities; ordinals that name a member of a series do not."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.annotate.quantities import ORDINAL_QUALIFIER

from .test_quantities import quantities


def figures(nlp: Any, text: str) -> list[tuple[str, float | None, str | None, str | None]]:
    return [(q.text, q.value, q.item, q.qualifier) for q in quantities(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В Пакистане уже второй день проходят массовые протесты.", ("второй день", 2.0, "день")),
        ("Протесты не прекращаются уже третий день подряд.", ("третий день", 3.0, "день")),
        (
            "Это уже третий министр за сутки, который покинул правительство.",
            ("третий министр", 3.0, "министр"),
        ),
        ("Команда выиграла пятый матч подряд.", ("пятый матч", 5.0, "матч")),
        (
            "Он стал четвёртым кандидатом по счёту, снявшимся с выборов.",
            ("четвёртым кандидатом", 4.0, "кандидат"),
        ),
    ],
)
def test_a_running_ordinal_counts(nlp: Any, text: str, expected: tuple[str, float, str]) -> None:
    assert (*expected, ORDINAL_QUALIFIER) in figures(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Трамп выступил на 73-й сессии Генассамблеи ООН.",
        "Во втором туре победил Иванов.",
        "Вторая мировая война закончилась в 1945 году.",
        "Третий пункт соглашения касается транзита.",
    ],
)
def test_an_ordinal_of_a_series_is_no_amount(nlp: Any, text: str) -> None:
    assert not [f for f in figures(nlp, text) if f[3] == ORDINAL_QUALIFIER]


def test_the_part_counts_what_the_whole_counts(nlp: Any) -> None:
    found = figures(nlp, "Отметим, что шесть из семи дочерних компаний отказались сотрудничать.")
    assert [(f[1], f[2]) for f in found] == [(6.0, "компания"), (7.0, "компания")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Христианка ждала казни около восьми лет.", (8.0, "год")),
        ("После четырех дней протестов власти уступили.", (4.0, "день")),
        ("Он покинул правительство за восемь месяцев до назначенной даты.", (8.0, "месяц")),
    ],
)
def test_a_stated_span_of_time_is_a_figure(nlp: Any, text: str, expected: tuple[float, str]) -> None:
    assert expected in [(f[1], f[2]) for f in figures(nlp, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Его обезвредили в течение 12 часов.",
        "Через два года он вернулся.",
        "За последние 10 лет цены выросли.",
    ],
)
def test_a_time_frame_of_the_clause_is_no_figure(nlp: Any, text: str) -> None:
    assert figures(nlp, text) == []


def test_a_fraction_before_a_document_word_is_a_level(nlp: Any) -> None:
    found = figures(nlp, "Индекс доллара опускался на 0,19%, до 93,86 пункта.")
    assert (93.86, "пункт") in [(f[1], f[2]) for f in found]
    assert figures(nlp, "Дела возбуждены по пунктам 1 и 7 части 2 статьи 105.") == []


def test_the_first_after_become_counts(nlp: Any) -> None:
    # bsnlp-ru asia_bibi file_123 (2018-10-31), told alike by several outlets
    text = "Асия Биби стала первой женщиной, приговорённой в Пакистане к смертной казни за богохульство."
    assert ("первой женщиной", 1.0, "женщина", ORDINAL_QUALIFIER) in figures(nlp, text)


@pytest.mark.parametrize(
    "text", ["Первый тур прошел спокойно.", "Это уже первый день весны.", "Он стал первым."]
)
def test_the_first_without_become_is_no_count(nlp: Any, text: str) -> None:
    assert not [f for f in figures(nlp, text) if f[3] == ORDINAL_QUALIFIER]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Протесты в Пакистане продолжаются уже 3-й день.", ("3-й день", 3.0, "день")),
        ("Это уже 5-я забастовка подряд.", ("5-я забастовка", 5.0, "забастовка")),
    ],
)
def test_a_running_ordinal_in_digits_counts(nlp: Any, text: str, expected: tuple[str, float, str]) -> None:
    """Digits with an ordinal ending count as the word does (the digit path of the value)."""
    assert (*expected, ORDINAL_QUALIFIER) in figures(nlp, text)
