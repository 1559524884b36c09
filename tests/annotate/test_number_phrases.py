"""Generated Russian number phrases through the whole annotator (issue #9's
`KeyError: 'триллион'` and its relatives).

Every cardinal, every scale word from тысяча to квинтиллион, in every case,
with the vague heads (десятки, сотни, несколько, множество, пара, полтора),
digits and words mixed, decimals with a comma. Nothing may raise; values are
exact where Russian leaves no doubt, and finite and non-negative everywhere.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.annotate.number_words import CARDINALS, MAX_WORD_VALUE, ROUND_NAMES, SCALES
from storyline.model import Article, QuantityMention

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
SCALE_WORDS = sorted(SCALES, key=SCALES.__getitem__)
ABBREVIATIONS = {"тыс.": 1e3, "млн": 1e6, "млрд": 1e9, "трлн": 1e12}
UNITS = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
TEENS = [
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]
HUNDREDS = [
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
]
# Hypothesis runs the real natasha pipeline per example: a few ms each.
PHRASE_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def spell(n: int) -> list[str]:
    """1..999 in nominative words: 342 -> ["триста", "сорок", "два"]."""
    words = [HUNDREDS[n // 100]]
    rest = n % 100
    words += [TEENS[rest - 10]] if 10 <= rest < 20 else [TENS[rest // 10], UNITS[rest % 10]]
    return [w for w in words if w]


def scale_form(scale: str, n: int, nlp: Any) -> str:
    """The scale word agreeing with a nominative count: 1 тысяча, 3 тысячи, 5 тысяч."""
    last, last_two = n % 10, n % 100
    if last == 1 and last_two != 11:
        return scale
    if 2 <= last <= 4 and not 12 <= last_two <= 14:
        return str(nlp.inflect(scale, {"gent", "sing"}))
    return str(nlp.inflect(scale, {"gent", "plur"}))


def count_form(words: list[str], scale: str) -> list[str]:
    """ "один"/"два" agree in gender with a feminine scale: одна тысяча, две тысячи."""
    if scale != "тысяча" or not words:
        return words
    swap = {"один": "одна", "два": "две"}
    return words[:-1] + [swap.get(words[-1], words[-1])]


def annotate(annotator: Any, phrase: str) -> list[QuantityMention]:
    text = f"По данным ведомства, ущерб составил {phrase} рублей."
    return annotator.annotate(Article(id="n", text=text, published="2022-01-08")).quantities


def sane(found: list[QuantityMention]) -> None:
    for q in found:
        for value in (q.value, q.value_min, q.value_max):
            assert value is None or (math.isfinite(value) and 0 <= value), q


def covering(found: list[QuantityMention], phrase: str) -> QuantityMention:
    matches = [q for q in found if phrase in q.text]
    assert len(matches) == 1, (phrase, found)
    return matches[0]


# ------------------------------------------------------------------ exact values


@PHRASE_SETTINGS
@given(n=st.integers(1, 999), scale=st.sampled_from(["", *SCALE_WORDS]), tail=st.integers(0, 999))
def test_spelled_numbers_have_their_value(annotator: Any, nlp: Any, n: int, scale: str, tail: int) -> None:
    """ "триста сорок две тысячи пятьсот" = 342500, for every scale."""
    words = spell(n)
    expected = Decimal(n)
    if scale:
        words = [*count_form(words, scale), scale_form(scale, n, nlp)]
        expected = Decimal(n) * Decimal(SCALES[scale]) + tail
        words += spell(tail) if tail else []
    phrase = " ".join(words)
    found = annotate(annotator, phrase)
    sane(found)
    assert covering(found, phrase).value == float(expected)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("word", sorted(w for w in CARDINALS if w not in ("ноль",)))
def test_every_cardinal_in_every_case(annotator: Any, nlp: Any, word: str, case: str) -> None:
    form = nlp.inflect(word, {case}) or word
    found = annotate(annotator, form)
    sane(found)
    values = [q.value for q in found if form in q.text.split()]
    assert values and values[0] == CARDINALS[word], (form, found)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("scale", SCALE_WORDS)
def test_every_scale_word_in_every_case(annotator: Any, nlp: Any, scale: str, case: str) -> None:
    """ "три тысячи", "трёх тысяч", "трём тысячам", "тремя тысячами", "о трёх тысячах"."""
    three = nlp.inflect("три", {case}) if case not in ("nomn", "accs") else "три"
    noun = nlp.inflect(scale, {"gent", "sing"} if case in ("nomn", "accs") else {case, "plur"})
    phrase = f"{three} {noun}"
    found = annotate(annotator, phrase)
    sane(found)
    assert covering(found, phrase).value == 3 * SCALES[scale]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("scale", SCALE_WORDS)
def test_a_lone_scale_word_in_every_case_and_number(annotator: Any, nlp: Any, scale: str, case: str) -> None:
    """Alone, a singular scale word counts one of itself and a plural one is vague."""
    for number in ("sing", "plur"):
        form = nlp.inflect(scale, {case, number})
        found = annotate(annotator, form)
        sane(found)
        for q in found:
            assert q.value in (None, SCALES[scale]), (form, q)
            assert q.value is not None or q.qualifier == ROUND_NAMES[scale], (form, q)


@pytest.mark.parametrize("scale", SCALE_WORDS)
@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("десятки", "tens_of_{}"),
        ("сотни", "hundreds_of_{}"),
        ("несколько", "several_{}"),
        ("множество", "many_{}"),
    ],
)
def test_vague_heads_before_every_scale(
    annotator: Any, nlp: Any, head: str, expected: str, scale: str
) -> None:
    """ "десятки триллионов" (the crash of issue #9) and its relatives."""
    plural = nlp.inflect(scale, {"gent", "plur"})
    found = annotate(annotator, f"{head} {plural}")
    sane(found)
    q = covering(found, f"{head} {plural}")
    assert q.value is None
    assert q.qualifier == expected.format(ROUND_NAMES[scale]), found


@pytest.mark.parametrize("scale", SCALE_WORDS)
def test_couple_and_one_and_a_half(annotator: Any, nlp: Any, scale: str) -> None:
    plural, singular = nlp.inflect(scale, {"gent", "plur"}), nlp.inflect(scale, {"gent", "sing"})
    couple = covering(annotate(annotator, f"пара {plural}"), f"пара {plural}")
    assert (couple.value, couple.qualifier) == (2 * SCALES[scale], "about")
    half = "полторы" if scale == "тысяча" else "полтора"
    one_and_half = covering(annotate(annotator, f"{half} {singular}"), f"{half} {singular}")
    assert one_and_half.value == 1.5 * SCALES[scale]


@PHRASE_SETTINGS
@given(
    whole=st.integers(0, 999),
    fraction=st.integers(0, 999),
    places=st.integers(1, 3),
    abbreviation=st.sampled_from(sorted(ABBREVIATIONS)),
)
def test_decimal_comma_with_abbreviations_is_exact(
    annotator: Any, whole: int, fraction: int, places: int, abbreviation: str
) -> None:
    digits = f"{fraction:0{places}d}"[-places:]
    written = f"{whole},{digits} {abbreviation}"
    found = annotate(annotator, written)
    sane(found)
    expected = Decimal(f"{whole}.{digits}") * Decimal(ABBREVIATIONS[abbreviation])
    if expected == 0:
        return  # "0,0 млн" may well be read as nothing at all; it must only not crash
    assert covering(found, written).value == float(expected)


# ------------------------------------------------------------------ anything at all

WORD_POOL = sorted(
    {
        *CARDINALS,
        *ROUND_NAMES,
        "несколько",
        "множество",
        "пара",
        "пару",
        "полутора",
        "десятки",
        "сотни",
        "тысячи",
        "миллионы",
        "триллионов",
        "и",
        "более",
        "около",
        "1",
        "25",
        "3,5",
        "1 000",
        "000",
        "%",
    }
)


@PHRASE_SETTINGS
@given(words=st.lists(st.sampled_from(WORD_POOL), min_size=1, max_size=12), case=st.sampled_from(CASES))
def test_any_mix_of_number_words_is_sane(annotator: Any, nlp: Any, words: list[str], case: str) -> None:
    inflected = [(nlp.inflect(w, {case}) or w) if w.isalpha() else w for w in words]
    found = annotate(annotator, " ".join(inflected))
    sane(found)
    for q in found:
        if q.value is not None and not any(c.isdigit() for c in q.text):
            assert q.value <= MAX_WORD_VALUE, q


def test_an_endless_run_of_scale_words_stays_finite(annotator: Any) -> None:
    found = annotate(annotator, " ".join(["триллион"] + ["триллионов"] * 40))
    sane(found)
    assert all(q.value is None or q.value <= MAX_WORD_VALUE for q in found)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("scale", SCALE_WORDS)
def test_digits_before_every_scale_word_in_every_case(
    annotator: Any, nlp: Any, scale: str, case: str
) -> None:
    """ "3 тысячи", "3 квадриллионами": the digit multipliers know every scale word."""
    for number in ("sing", "plur"):
        written = f"3 {nlp.inflect(scale, {case, number})}"
        found = annotate(annotator, written)
        sane(found)
        assert covering(found, written).value == 3 * SCALES[scale], found


@pytest.mark.parametrize(
    "digits", ["9" * 16, "9" * 400, "1" * 5000, f"{'9' * 400},{'9' * 400}", "999 999 999 999 999"]
)
def test_digit_strings_of_any_length_are_sane(annotator: Any, digits: str) -> None:
    """More digits than a float holds exactly are an identifier, not an amount; none may crash."""
    found = annotate(annotator, f"{digits} трлн")
    sane(found)
    assert all(q.value is None or q.value < 1e30 for q in found)
