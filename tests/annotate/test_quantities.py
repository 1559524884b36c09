"""Quantities: numbers and number words, ranges, qualifiers, items, subjects,
negatives, robustness, and goldens on the seeds.

Regenerate the goldens with `STORYLINE_REGOLD=1 python -m pytest tests/annotate/test_quantities.py`.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.annotate.quantities import extract_quantities
from storyline.annotate.segment import segment
from storyline.model import EntityMention, QuantityMention

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "quantities"


def ner_entities(text: str, parsed: Any) -> list[EntityMention]:
    """Entities straight from the raw NER spans, so these tests do not depend on the
    entity stage's canonicalisation: the name is the nominative of a one-word span."""
    out = []
    for start, end, kind in parsed.ner:
        tokens = [t for t in parsed.tokens if start <= t.start and t.end <= end]
        name = tokens[0].lemma.capitalize() if len(tokens) == 1 else text[start:end]
        out.append(EntityMention(start, end, text[start:end], kind, name))
    return out


def quantities(nlp: Any, text: str) -> list[QuantityMention]:
    sentences = segment(text)
    parsed = nlp.parse(text, sentences)
    return extract_quantities(text, sentences, parsed, ner_entities(text, parsed), nlp)


def raw_quantities(text: str, lang: str = "en") -> list[QuantityMention]:
    return extract_quantities(text, segment(text), None, [], None, lang=lang)  # type: ignore[arg-type]


def brief(q: QuantityMention) -> tuple[Any, ...]:
    return (q.text, q.value, q.value_min, q.value_max, q.qualifier, q.item)


# ------------------------------------------------------------------ the cases


def test_three_quantities_with_items(nlp: Any) -> None:
    found = quantities(nlp, "В Казахстан отправят 150 военных, 11 авто и 8 единиц бронетехники.")
    assert [brief(q) for q in found] == [
        ("150 военных", 150, None, None, None, "военный"),
        ("11 авто", 11, None, None, None, "авто"),
        ("8 единиц бронетехники", 8, None, None, None, "бронетехника"),
    ]


def test_ranges_and_elliptical_figures_with_subjects(nlp: Any) -> None:
    text = (
        "Армения приняла решение направить от 100 до 300 военнослужащих, Россия — 1400, "
        "Беларусь — 300, а Таджикистан — от 100 до 200."
    )
    found = quantities(nlp, text)
    assert [(q.value, q.value_min, q.value_max, q.item, q.subject) for q in found] == [
        (None, 100, 300, "военнослужащий", "Армения"),
        (1400, None, None, "военнослужащий", "Россия"),
        (300, None, None, "военнослужащий", "Беларусь"),
        (None, 100, 200, "военнослужащий", "Таджикистан"),
    ]


def test_parenthesised_figures_belong_to_the_entity(nlp: Any) -> None:
    text = "Согласие высказали три страны — Армения (70 военных), Таджикистан (200 военных), Россия (3000 военных)."
    found = quantities(nlp, text)
    assert [(q.text, q.value, q.subject) for q in found] == [
        ("три страны", 3, None),
        ("70 военных", 70, "Армения"),
        ("200 военных", 200, "Таджикистан"),
        ("3000 военных", 3000, "Россия"),
    ]


def test_casualty_figures(nlp: Any) -> None:
    text = "По стране убиты как минимум 26 протестующих, 18 ранены, а задержанных более 3 тысяч."
    assert [brief(q) for q in quantities(nlp, text)] == [
        ("как минимум 26 протестующих", 26, None, None, "at_least", "протестующий"),
        ("18 ранены", 18, None, None, None, "раненный"),
        ("более 3 тысяч", 3000, None, None, "more_than", "задержанный"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Пришли менее 50 человек.", ("менее 50 человек", 50, None, None, "less_than", "человек")),
        ("Пришли почти 50 человек.", ("почти 50 человек", 50, None, None, "almost", "человек")),
        ("Пришли около 50 человек.", ("около 50 человек", 50, None, None, "about", "человек")),
        ("Пришли свыше 50 человек.", ("свыше 50 человек", 50, None, None, "more_than", "человек")),
        ("Направят до 3000 военных.", ("до 3000 военных", 3000, None, None, "up_to", "военный")),
        ("Пришли не менее 50 человек.", ("не менее 50 человек", 50, None, None, "at_least", "человек")),
        ("Пришли не более 50 человек.", ("не более 50 человек", 50, None, None, "at_most", "человек")),
        ("Пришли 100 с лишним человек.", ("100 с лишним человек", 100, None, None, "more_than", "человек")),
        ("Пришли три страны.", ("три страны", 3, None, None, None, "страна")),
        ("Высказали пять стран.", ("пять стран", 5, None, None, None, "страна")),
        ("Высказали четыре страны.", ("четыре страны", 4, None, None, None, "страна")),
        ("Ранены двое журналистов.", ("двое журналистов", 2, None, None, None, "журналист")),
        ("Пришли десять человек.", ("десять человек", 10, None, None, None, "человек")),
        ("Пришли двадцать пять человек.", ("двадцать пять человек", 25, None, None, None, "человек")),
        (
            "Пришли сто двадцать пять человек.",
            ("сто двадцать пять человек", 125, None, None, None, "человек"),
        ),
        ("Пришли три тысячи человек.", ("три тысячи человек", 3000, None, None, None, "человек")),
        ("Пришли полторы тысячи человек.", ("полторы тысячи человек", 1500, None, None, None, "человек")),
        ("Ликвидированы десятки человек.", ("десятки человек", None, None, None, "tens", "человек")),
        ("Пришли сотни людей.", ("сотни людей", None, None, None, "hundreds", "человек")),
        ("Убиты несколько человек.", ("несколько человек", None, None, None, "several", "человек")),
        (
            "Вышли десятки тысяч человек.",
            ("десятки тысяч человек", None, None, None, "tens_of_thousands", "человек"),
        ),
        (
            "Пришли несколько сотен людей.",
            ("несколько сотен людей", None, None, None, "several_hundreds", "человек"),
        ),
        (
            "Пришли несколько тысяч человек.",
            ("несколько тысяч человек", None, None, None, "several_thousands", "человек"),
        ),
        ("Погиб 1 кыргызстанец.", ("1 кыргызстанец", 1, None, None, None, "кыргызстанец")),
        ("В зале 53 человека.", ("53 человека", 53, None, None, None, "человек")),
        ("Выделят 2 млн рублей.", ("2 млн рублей", 2_000_000, None, None, None, "рубль")),
        ("Выделят 1,5 тыс. рублей.", ("1,5 тыс. рублей", 1500, None, None, None, "рубль")),
        ("Выделят $100 млн на это.", ("$100 млн", 100_000_000, None, None, None, "доллар")),
        ("Цены выросли на 10%.", ("10%", 10, None, None, None, "%")),
        ("Цены выросли на 10 процентов.", ("10 процентов", 10, None, None, None, "процент")),
        ("Пришли 3\u00a0000 человек.", ("3\u00a0000 человек", 3000, None, None, None, "человек")),
        ("Пришли 5–7 тысяч человек.", ("5–7 тысяч человек", None, 5000, 7000, None, "человек")),
        ("Пришли от 2 до 3 тысяч человек.", ("от 2 до 3 тысяч человек", None, 2000, 3000, None, "человек")),
        ("Ранен еще один журналист.", ("еще один журналист", 1, None, None, "additional", "журналист")),
        ("Пришли 150 российских военных.", ("150 российских военных", 150, None, None, None, "военный")),
        ("Путин уволил двух генералов.", ("двух генералов", 2, None, None, None, "генерал")),
        ("Показы пройдут в девяти кинотеатрах.", ("девяти кинотеатрах", 9, None, None, None, "кинотеатр")),
        ("Он имеет двоих детей.", ("двоих детей", 2, None, None, None, "ребенок")),
        (
            "Сообщается о ещё трёх пострадавших.",
            ("ещё трёх пострадавших", 3, None, None, "additional", "пострадавший"),
        ),
        (
            "Десятки мафиозных боссов освободят.",
            ("Десятки мафиозных боссов", None, None, None, "tens", "босс"),
        ),
    ],
)
def test_single_quantity(nlp: Any, text: str, expected: tuple[Any, ...]) -> None:
    found = quantities(nlp, text)
    assert [brief(q) for q in found] == [expected]


def test_a_level_reached_is_not_an_upper_bound(nlp: Any) -> None:
    found = quantities(nlp, "Число погибших в результате беспорядков выросло до 164.")
    assert [(q.text, q.value, q.qualifier, q.item) for q in found] == [("164", 164, None, "погибший")]


def test_item_named_by_a_count_noun(nlp: Any) -> None:
    found = quantities(nlp, "Количество задержанных достигло 5\u00a0800.")
    assert [(q.value, q.item) for q in found] == [(5800, "задержанный")]


def test_subject_of_a_clause(nlp: Any) -> None:
    found = quantities(nlp, "Кыргызстан направит в Казахстан 150 военных.")
    assert [(q.value, q.subject) for q in found] == [(150, "Кыргызстан")]


def test_no_subject_without_agreement_or_for_a_source(nlp: Any) -> None:
    found = quantities(nlp, "Между селами Белгородское и Смидович столкнулись два автомобиля.")
    assert [(q.value, q.subject) for q in found] == [(2, None)]
    found = quantities(nlp, "Как сообщает Росстат, продажи выросли на 5 процентов.")
    assert [(q.value, q.subject) for q in found] == [(5, None)]


def test_no_subject_behind_a_preposition_or_a_clause_boundary(nlp: Any) -> None:
    assert quantities(nlp, "В МВД заявили, что в Алматы погибли 5 человек.")[0].subject is None
    assert quantities(nlp, "По информации Ташиева, в Казахстан отправят 150 военных.")[0].subject is None


# ------------------------------------------------------------------ negatives


@pytest.mark.parametrize(
    "text",
    [
        "Протесты начались 6 января 2022 года.",
        "Так было в 2010 году.",
        "Также с 23:00 до 07:00 действует комендантский час.",
        "Консульство: +7 (777) 037-14-48, +996 (772) 454 444.",
        "Прибыл первый борт с войсками.",
        "Самолёт Су-27 и вирус COVID-19 обсуждали.",
        "Это 5-летний план и 1-й этап.",
        "Согласно статье 5 устава, по пункту 3.",
        "Режим действует до 19 января.",
        "Один из лидеров выступил.",
        "Его обезвредили в течение 12 часов.",  # a duration
        "Дела возбуждены по пунктам 1 и 7 части 2 статьи 105.",
        "Внесён законопроект 589658-7.",
        "Наказание по КоАП РФ 13.15 назначено.",
        "Награду вручили на 25 кинофестивале.",  # an ordinal written as digits
        "Альбом The Fat Of The Land (1997) вышел.",
    ],
)
def test_not_quantities(nlp: Any, text: str) -> None:
    assert quantities(nlp, text) == []


def test_list_numbering_is_not_a_quantity(nlp: Any) -> None:
    text = "Итоги:\n1. Пришли 50 человек.\n2. Ушли все."
    assert [q.value for q in quantities(nlp, text)] == [50]


def test_numbers_inside_entities_are_skipped() -> None:
    text = "Клуб Спартак-2 забил 3 гола."
    ents = [EntityMention(5, 14, "Спартак-2", "ORG", "Спартак-2")]
    found = extract_quantities(text, segment(text), None, ents, None, lang="ru")  # type: ignore[arg-type]
    assert [q.value for q in found] == [3]


# ------------------------------------------------------------------ without Russian morphology


def test_raw_text_numbers() -> None:
    found = raw_quantities(
        "At least 26 protesters were killed, 18 wounded and more than 3,5 thousand detained."
    )
    assert [(q.value, q.qualifier, q.item) for q in found] == [
        (26, "at_least", "protesters"),
        (18, None, "wounded"),
        (3500, "more_than", "detained"),
    ]


def test_thousands_separators_depend_on_the_language() -> None:
    assert [q.value for q in raw_quantities("They fined him 2,000 euros ($13,300).")] == [2000, 13300]
    assert [q.value for q in raw_quantities("Рост составил 1,500 процента.", lang="ru")] == [1.5]
    assert [q.value for q in raw_quantities("Всего 1,234,567 голосов.", lang="ru")] == [1234567]


def test_times_prices_and_long_identifiers() -> None:
    text = "Билет стоит 1.50 доллара, встреча в 10.30, счёт 12345678901234567890 и " + "9" * 400
    assert [(q.text, q.value) for q in raw_quantities(text)] == [("1.50 доллара", 1.5)]


def test_a_bare_year_is_not_an_amount() -> None:
    assert raw_quantities("It was the 2016 referendum, since 1990 nothing changed.") == []
    assert [q.value for q in raw_quantities("About 2000 people came.")] == [2000]


def test_a_number_closing_a_title_is_part_of_it() -> None:
    assert raw_quantities("Газопровод «Северный поток – 2» и альбом «4:44».", lang="ru") == []


def test_raw_text_skips_dates_times_and_phones() -> None:
    assert raw_quantities("On 2022-01-07 at 23:00 call +7 (777) 037-14-48.") == []


# ------------------------------------------------------------------ robustness

_PIECES = st.sampled_from(
    list("0123456789 .,:-–—/()+%$\u00a0\n")
    + [
        "от",
        "до",
        "более",
        "тыс.",
        "млн",
        "человек",
        "января",
        "как минимум",
        "Россия",
        "военных",
        "года",
        "с лишним",
    ]
)


def _check(text: str, found: list[QuantityMention]) -> None:
    for q in found:
        assert q.text == text[q.start : q.end]
        assert 0 <= q.start < q.end <= len(text)
        if q.value_min is not None and q.value_max is not None:
            assert q.value_min <= q.value_max
        if q.value is not None:
            assert q.value_min is None and q.value_max is None
        assert all(math.isfinite(v) for v in (q.value, q.value_min, q.value_max) if v is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_raw_never_crashes_and_spans_are_honest(text: str) -> None:
    _check(text, raw_quantities(text, lang="ru"))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    _check(text, raw_quantities(text, lang="xx"))


@settings(max_examples=40, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=25).map("".join))
def test_parsed_never_crashes(nlp: Any, text: str) -> None:
    _check(text, quantities(nlp, text))


# ------------------------------------------------------------------ goldens on the seeds


def read_seed(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"\s*date\s+(\S+)\s+", raw)
    return raw[m.end() :] if m else raw


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if value == int(value) else str(value)


def quantity_markup(text: str, found: list[QuantityMention]) -> str:
    lines = []
    for q in found:
        amount = (
            _number(q.value) if q.value_min is None else f"{_number(q.value_min)}..{_number(q.value_max)}"
        )
        parts = [amount, f"item={q.item}"]
        if q.qualifier:
            parts.insert(0, q.qualifier)
        if q.subject:
            parts.append(f"subject={q.subject}")
        left = text[max(0, q.start - 30) : q.start].replace("\n", " ")
        right = text[q.end : q.end + 15].replace("\n", " ")
        lines.append(f"{q.start:5d} …{left}[{q.text}]{right}… = {' '.join(parts)}")
    return "\n".join(lines) + "\n"


def test_golden_seeds(annotator: Any, seeds_dir: Path) -> None:
    """Through the full annotator, so entity names are the entity stage's own."""
    from storyline.model import Article

    seeds = sorted(seeds_dir.glob("*.txt"))
    assert seeds
    for seed in seeds:
        text = read_seed(seed)
        ann = annotator.annotate(Article(id=seed.stem, text=text, published="2022-01", lang="ru"))
        actual = quantity_markup(text, ann.quantities)
        path = GOLDEN / f"{seed.stem}.txt"
        if os.environ.get("STORYLINE_REGOLD"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
        if not path.exists():
            pytest.fail(f"golden {path} missing; run with STORYLINE_REGOLD=1")
        assert actual == path.read_text(encoding="utf-8")
