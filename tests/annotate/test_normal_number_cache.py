"""`quantity_context.normal_number`, kept across texts, answers as the per-text look-up
through `NLP.word_forms` did (the same pymorphy2 analyses, read the same way)."""

from __future__ import annotations

from storyline.annotate.nlp import analyse_word
from storyline.annotate.number_words import ROUND
from storyline.annotate.quantity_context import normal_number

WORDS = (
    "двух",
    "квадриллионов",
    "тысячи",
    "тысяч",
    "пятеро",
    "сотни",
    "миллиона",
    "стол",
    "первых",
    "Трёх",
    "x",
)


def _through_word_forms(word: str) -> str | None:
    forms = list(analyse_word(word))  # what NLP.word_forms returns
    for form in forms:
        if "NUMR" in form.tags or "Anum" in form.tags:
            return form.normal
    return next((form.normal for form in forms if "NOUN" in form.tags and form.normal in ROUND), None)


def test_the_cached_reading_is_the_word_forms_reading() -> None:
    answers = {word: normal_number(word) for word in WORDS}
    assert answers == {word: _through_word_forms(word) for word in WORDS}
    assert answers["двух"] == "два" and answers["квадриллионов"] == "квадриллион"
    assert answers["стол"] is None


def test_asking_again_is_a_cache_hit() -> None:
    normal_number("тысячи")
    before = normal_number.cache_info().hits
    assert normal_number("тысячи") == _through_word_forms("тысячи")
    assert normal_number.cache_info().hits == before + 1
