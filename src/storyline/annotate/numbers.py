"""Numbers as news writes them: "1400", "3 000", "1,5 млн", "$100 млн", "10%",
"от 100 до 300", "двадцать пять", "десятки", "несколько".

Digits are found with regexes over the raw text (so non-Russian text gets them
too); number words need lemmas and come from the parsed tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storyline.annotate.nlp import ParsedToken

_SPACE = r"[ \u00a0\u202f]"
# 1400 / 3 000 / 3\u00a0000 / 1,5 / 1.5; a thousands group needs exactly three digits.
_DIGITS = rf"(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d{{1,3}}(?:,\d{{3}})+(?![\d,])|\d+(?:[.,]\d+)?)"
_MULT_WORDS: tuple[tuple[str, float], ...] = (
    (r"тысяч(?:а|и|у|ей|ами|ах|ам|ью)?|тыс\.?", 1e3),
    (r"млн\.?|миллион(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e6),
    (r"млрд\.?|миллиард(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e9),
    (r"трлн\.?|триллион(?:а|ов|ы|ом|ам|ами|ах|е|у)?", 1e12),
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
    r"(?:(?P<from>от|from)" + _SPACE + r"+)?"
    + _one("n1", "m1")
    + r"(?:(?:" + _SPACE + r"*[-–—]" + _SPACE + r"*|" + _SPACE + r"+(?:до|to)" + _SPACE + r"+)"
    + r"(?P<cur2>[$€£₽₸])?" + _one("n2", "m2") + r")?"
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


# More digits than a float keeps exactly (15) mark an identifier, not an amount.
MAX_DIGITS = 15
_COMMA_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def parse_digits(text: str, lang: str = "ru") -> float:
    """'3 000' -> 3000.0, '1,5' -> 1.5; '5,000' is 5000 in English (and wherever
    there are two comma groups, '1,234,567'), but 5.0 in Russian, whose decimal
    separator is the comma."""
    cleaned = re.sub(r"[ \u00a0\u202f]", "", text)
    if _COMMA_GROUPS.match(cleaned) and (lang != "ru" or cleaned.count(",") > 1):
        return float(cleaned.replace(",", ""))
    return float(cleaned.replace(",", "."))


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
            second = parse_digits(m.group("n2"), lang) * multiplier(m.group("m2"))
            raw_second = parse_digits(m.group("n2"), lang)
            mult1 = multiplier(m.group("m1")) if m.group("m1") else (
                multiplier(m.group("m2")) if first <= raw_second else 1.0
            )
            low = first * mult1
            if low >= second:
                continue  # "589658-7", "3-1": an identifier or a score, not a range
            out.append(NumberMatch(m.start(), m.end(), None, low, second, unit))
            continue
        start = m.start("n1") if m.group("from") and not m.group("cur") else m.start()
        out.append(NumberMatch(start, m.end(), first * multiplier(m.group("m1")), unit=unit))
    return out


# ------------------------------------------------------------------ number words

CARDINALS: dict[str, float] = {
    "ноль": 0, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
    "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16,
    "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80,
    "девяносто": 90, "сто": 100, "двести": 200, "триста": 300, "четыреста": 400,
    "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    "полтора": 1.5, "полторы": 1.5, "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5,
    "шестеро": 6, "семеро": 7, "восьмеро": 8, "девятеро": 9, "десятеро": 10,
}
SCALES: dict[str, float] = {"тысяча": 1e3, "миллион": 1e6, "миллиард": 1e9, "триллион": 1e12}
# Vague amounts: plural of a round number, or "несколько"; value unknown.
VAGUE: dict[str, str] = {
    "десяток": "tens", "десятка": "tens", "сотня": "hundreds", "тысяча": "thousands", "миллион": "millions",
    "миллиард": "billions", "несколько": "several", "множество": "many",
}
_ROUND = frozenset({"десяток", "десятка", "сотня", "тысяча", "миллион", "миллиард"})


Normaliser = Callable[[str], "str | None"]


def _word_value(token: ParsedToken, normal: Normaliser | None = None) -> float | None:
    """The value of a number word in any case: the tagger lemmatises numerals to
    themselves ("двух"), so oblique forms go through `normal` (pymorphy2)."""
    lemma = token.lemma.lower()
    if lemma in CARDINALS:
        return CARDINALS[lemma]
    form = token.text.lower()
    if form in CARDINALS:
        return CARDINALS[form]
    if normal is not None and form.isalpha():
        base = normal(form)
        if base is not None:
            return CARDINALS.get(base)
    return None


def _extends(last: float, value: float) -> bool:
    """"сто" + "двадцать" + "пять": each word has fewer digits than a round predecessor."""
    return last >= 10 and last % 10 == 0 and value == int(value) and len(str(int(value))) < len(str(int(last)))


def find_word_numbers(
    tokens: list[ParsedToken], normal: Normaliser | None = None
) -> list[tuple[int, int, NumberMatch]]:
    """Number words as (first token index, last token index + 1, match)."""
    out: list[tuple[int, int, NumberMatch]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        lemma = tok.lemma.lower()
        value = _word_value(tok, normal) if tok.pos in ("NUM", "NOUN", "ADJ", "PRON", "DET") else None
        if value is None and lemma in SCALES and tok.feats.get("Number") == "Sing":
            out.append((i, i + 1, NumberMatch(tok.start, tok.end, SCALES[lemma])))  # "тысяча человек"
            i += 1
            continue
        if value is not None and not tok.text[:1].isdigit():
            j = i + 1
            total, current, last = 0.0, value, value
            while j < len(tokens):
                nv = _word_value(tokens[j], normal)
                scale = SCALES.get(tokens[j].lemma.lower())
                if nv is not None and _extends(last, nv):
                    current += nv
                    last = nv
                elif scale is not None:
                    total += (current or 1) * scale
                    current, last = 0.0, scale
                else:
                    break
                j += 1
            out.append((i, j, NumberMatch(tok.start, tokens[j - 1].end, total + current)))
            i = j
            continue
        vague = VAGUE.get(lemma)
        if vague is not None and (lemma == "несколько" or lemma == "множество" or tok.feats.get("Number") == "Plur"):
            j = i + 1
            following = tokens[j].lemma.lower() if j < len(tokens) else ""
            if following in _ROUND and lemma in ("несколько", "множество"):
                vague = f"{vague}_{VAGUE[following]}"  # "несколько тысяч" -> several_thousands
                j += 1
            elif following in SCALES and tokens[j].feats.get("Number") == "Plur":
                vague = f"{vague}_of_{VAGUE[following]}"  # "десятки тысяч" -> tens_of_thousands
                j += 1
            out.append((i, j, NumberMatch(tok.start, tokens[j - 1].end, None, vague=vague)))
            i = j
            continue
        i += 1
    return out
