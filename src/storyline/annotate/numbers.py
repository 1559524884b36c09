"""Numbers written with digits: "1400", "3 000", "1,5 млн", "$100 млн", "10%",
"от 100 до 300".

Found with regexes over the raw text, so non-Russian text gets them too; number
words need lemmas and come from the parsed tokens (`number_words`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_SPACE = r"[ \u00a0\u202f]"
# 1400 / 3 000 / 3\u00a0000 / 1,5 / 1.5; a thousands group needs exactly three digits.
_DIGITS = rf"(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d{{1,3}}(?:,\d{{3}})+(?![\d,])|\d+(?:[.,]\d+)?)"
_MULT_WORDS: tuple[tuple[str, float], ...] = (
    (r"тысяч(?:а|и|у|е|ей|ами|ах|ам|ью)?|тыс\.?", 1e3),
    (r"млн\.?|миллион(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e6),
    (r"млрд\.?|миллиард(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e9),
    (r"трлн\.?|триллион(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e12),
    (r"квадрлн\.?|квадриллион(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e15),
    (r"квинтиллион(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e18),  # the scale words of number_words.SCALES, all of them
    (r"thousand", 1e3),  # no bare "k"/"m": "100 m" is as often metres as millions
    (r"million|mln", 1e6),
    (r"billion|bn", 1e9),
)
_MULT = "|".join(f"(?:{p})" for p, _ in _MULT_WORDS)
_MULT_RES = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), v) for p, v in _MULT_WORDS]
_CURRENCY_SIGN = {"$": "доллар", "€": "евро", "£": "фунт", "₽": "рубль", "₸": "тенге"}


def _one(n: str, m: str) -> str:
    return rf"(?P<{n}>{_DIGITS})(?:{_SPACE}*(?P<{m}>{_MULT})(?![а-яёa-z]))?"


# One number or a range, with an optional currency sign and percent sign.
NUMBER = re.compile(
    r"(?<![\w.,\-/:№#])"
    r"(?:(?P<cur>[$€£₽₸])" + _SPACE + r"?)?"
    r"(?:(?P<from>от|from)"
    + _SPACE
    + r"+)?"
    + _one("n1", "m1")
    + r"(?:(?:"
    + _SPACE
    + r"*[-–—]"
    + _SPACE
    + r"*|"
    + _SPACE
    + r"+(?:до|to)"
    + _SPACE
    + r"+)"
    + r"(?P<cur2>[$€£₽₸])?"
    + _one("n2", "m2")
    + r")?"
    r"(?P<pct>" + _SPACE + r"?%)?"
    r"(?![\w%]|[.,:/]\d|-[а-яёa-z])",
    re.IGNORECASE,
)

TIME = re.compile(
    r"(?<!\d)(?:[01]?\d|2[0-4]):[0-5]\d(?!\d)"
    # "в 10.30" is a time in Russian; a bare "10.30" may be a price
    r"|(?<![\w])(?:в|с|до|около|к|по|после)[\s\u00a0]+(?:[01]?\d|2[0-3])\.[0-5]\d(?!\d|[.,]\d)",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?:\+\d{1,3}[\s\u00a0]*)?\(\d{2,5}\)[\s\u00a0\-]*\d[\d\s\u00a0\-]{3,}\d"
    r"|\+\d[\d\s\u00a0\-]{8,}\d"
    r"|(?<![\d\-])\d{2,4}-\d{2}-\d{2}(?![\d\-])"
)

# What every match of TIME and of PHONE holds: a text without it is not scanned
# (`quantities._blocked_spans`; on bsnlp-ru 153 and 151 of 661 articles hold them, and
# the two scans took 0.5 s over the corpus, round 10). TIME: a digit, ":" or ".", then
# two digits of minutes; PHONE: "(" or "+" before a digit, or digits around a dash.
TIME_NEEDS = re.compile(r"\d[:.][0-5]\d")
PHONE_NEEDS = re.compile(r"\(\d|\+\d|\d-\d")

# More digits than a float keeps exactly (15) mark an identifier, not an amount.
MAX_DIGITS = 15
_COMMA_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def _decimal(text: str, lang: str) -> Decimal:
    cleaned = re.sub(r"[ \u00a0\u202f]", "", text)
    if _COMMA_GROUPS.match(cleaned) and (lang != "ru" or cleaned.count(",") > 1):
        return Decimal(cleaned.replace(",", ""))
    return Decimal(cleaned.replace(",", "."))


def parse_digits(text: str, lang: str = "ru", scale: float = 1.0) -> float:
    """'3 000' -> 3000.0, '1,5' -> 1.5; '5,000' is 5000 in English (and wherever
    there are two comma groups, '1,234,567'), but 5.0 in Russian, whose decimal
    separator is the comma. `scale` multiplies in decimal arithmetic, so "2,3 трлн"
    is exactly 2300000000000.0, not 2.3 * 1e12 with a binary rounding error."""
    return float(_decimal(text, lang) * Decimal(scale))


def multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    for regex, value in _MULT_RES:
        if regex.match(word.strip()):
            return value
    return 1.0


@dataclass
class NumberMatch:
    start: int
    end: int
    value: float | None
    value_min: float | None = None
    value_max: float | None = None
    unit: str | None = None  # "%", or a currency from a sign
    vague: str | None = None  # tens, hundreds, several...


def find_digit_numbers(text: str, lang: str = "ru") -> list[NumberMatch]:
    out: list[NumberMatch] = []
    for m in NUMBER.finditer(text):
        if sum(c.isdigit() for c in m.group()) > MAX_DIGITS:
            continue  # an identifier (account, barcode), and no float can hold it exactly
        first = parse_digits(m.group("n1"), lang)
        unit = "%" if m.group("pct") else _CURRENCY_SIGN.get(m.group("cur") or m.group("cur2") or "")
        if m.group("n2"):
            second = parse_digits(m.group("n2"), lang, multiplier(m.group("m2")))
            raw_second = parse_digits(m.group("n2"), lang)
            mult1 = (
                multiplier(m.group("m1"))
                if m.group("m1")
                else (multiplier(m.group("m2")) if first <= raw_second else 1.0)
            )
            low = parse_digits(m.group("n1"), lang, mult1)
            if low >= second:
                continue  # "589658-7", "3-1": an identifier or a score, not a range
            out.append(NumberMatch(m.start(), m.end(), None, low, second, unit))
            continue
        start = m.start("n1") if m.group("from") and not m.group("cur") else m.start()
        out.append(
            NumberMatch(
                start, m.end(), parse_digits(m.group("n1"), lang, multiplier(m.group("m1"))), unit=unit
            )
        )
    return out
