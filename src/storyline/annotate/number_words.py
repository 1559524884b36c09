"""Number words read from parsed tokens: "двадцать пять тысяч", "полтора десятка",
"пара миллионов", and vague amounts such as "десятки триллионов" or "несколько сотен".

Every round noun (десяток, сотня and each scale word) has both a value and a
vague name, drawn from one table, so a phrase can never meet a round word that
one of the two lookups lacks (the `KeyError: 'триллион'` of issue #9 came from
two hand-kept lists that disagreed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyline.annotate.nlp import ParsedToken

CARDINALS: dict[str, float] = {
    "ноль": 0,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
    "полтора": 1.5,
    "полторы": 1.5,
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
    "шестеро": 6,
    "семеро": 7,
    "восьмеро": 8,
    "девятеро": 9,
    "десятеро": 10,
}

# Scale words: a number before them multiplies them ("три тысячи"), and a
# smaller group may follow ("два миллиона триста тысяч").
SCALES: dict[str, float] = {
    "тысяча": 1e3,
    "миллион": 1e6,
    "миллиард": 1e9,
    "триллион": 1e12,
    "квадриллион": 1e15,
    "квинтиллион": 1e18,
}
# Counting nouns: multiply the number before them ("три сотни", "полтора десятка")
# but take no smaller group after them.
COUNTING: dict[str, float] = {"десяток": 10, "десятка": 10, "сотня": 100}
ROUND: dict[str, float] = {**COUNTING, **SCALES}
ROUND_NAMES: dict[str, str] = {
    "десяток": "tens",
    "десятка": "tens",
    "сотня": "hundreds",
    "тысяча": "thousands",
    "миллион": "millions",
    "миллиард": "billions",
    "триллион": "trillions",
    "квадриллион": "quadrillions",
    "квинтиллион": "quintillions",
}
assert ROUND_NAMES.keys() == ROUND.keys(), "every round word needs a vague name"

# Heads of an amount with no value: "несколько сотен" -> several_hundreds.
VAGUE_HEADS: dict[str, str] = {"несколько": "several", "множество": "many"}
# "пара" counts two of a round word ("пара тысяч" = about 2000); before anything
# else it is a noun ("пара обуви", "супружеская пара") and no number at all.
COUPLE = "пара"
COUPLE_VALUE = 2.0
# A word phrase stops before it would pass this value: no amount in news comes
# near it, and a run of scale words ("триллион триллионов ...") would otherwise
# grow to infinity, which JSON cannot store.
MAX_WORD_VALUE = 1e24

# PROPN too: the tagger calls rare oblique forms ("двухстах") proper nouns.
NUMBER_POS = frozenset({"NUM", "NOUN", "PROPN", "ADJ", "PRON", "DET"})

Normaliser = Callable[[str], "str | None"]


@dataclass
class WordNumber:
    """A number phrase over tokens [first, last)."""

    first: int
    last: int
    value: float | None
    vague: str | None = None  # several_thousands, tens_of_trillions, about (for "пара") ...


def word_value(token: ParsedToken, normal: Normaliser | None = None) -> float | None:
    """The value of a cardinal in any case: the tagger lemmatises numerals to
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
    """ "сто" + "двадцать" + "пять": each word has fewer digits than a round predecessor."""
    return (
        last >= 10 and last % 10 == 0 and value == int(value) and len(str(int(value))) < len(str(int(last)))
    )


def _round(token: ParsedToken, normal: Normaliser | None = None) -> str | None:
    """The round word a token is, if any; rare forms ("квадриллионов") get no
    lemma from the tagger, so `normal` (pymorphy2) has the last word."""
    lemma = token.lemma.lower()
    if lemma in ROUND:
        return lemma
    if normal is not None and token.text.isalpha():
        base = normal(token.text.lower())
        if base in ROUND:
            return base
    return None


def _plural(token: ParsedToken) -> bool:
    return token.feats.get("Number") == "Plur"


# Endings a plural round noun can have (десятки, сотен, тысяч, миллионам, ...);
# the closed class makes the form a safer guide than the tagger, which calls
# rare forms ("квадриллионов") verbs.
ROUND_PLURAL_ENDINGS = ("ы", "и", "ов", "ам", "ами", "ах", "ям", "ями", "ях", "ен", "ч")


def _may_be_plural(token: ParsedToken) -> bool:
    return _plural(token) or token.text.lower().endswith(ROUND_PLURAL_ENDINGS)


class _Phrase:
    """Accumulates "два миллиона триста сорок тысяч пятьсот" left to right."""

    def __init__(self, head: float | None) -> None:
        self.total = 0.0  # groups closed by a scale word
        self.current = head or 0.0  # the open group
        self.has_current = head is not None
        self.last = head if head is not None else 0.0  # the last word's value, for `_extends`
        self.smallest_scale = float("inf")
        self.counted = False  # the open group already took a counting noun

    def value(self) -> float:
        return self.total + self.current

    def take(self, token: ParsedToken, normal: Normaliser | None) -> bool:
        """Add one token to the phrase; False when it does not belong to it."""
        if token.text[:1].isdigit():
            return False
        word = _round(token, normal)
        if word is None:
            value = word_value(token, normal)
            if value is None or not _extends(self.last, value):
                return False
            self.current += value
            self.has_current = True
            self.last = value
            return True
        size = ROUND[word]
        if word in COUNTING:
            group = self.current if self.has_current else 1.0  # "десяток человек" is ten
            if self.counted or group >= size or (self.total and not self.has_current):
                return False  # "сто десятков" is not how Russian counts
            return self._set(self.total, group * size, last=0.0, counted=True)
        group = self.current if self.has_current else (0.0 if self.total else 1.0)
        if size < self.smallest_scale:
            total = self.total + group * size  # descending: "два миллиона триста тысяч"
        else:
            total = (self.total + group) * size  # ascending: "пять тысяч миллионов", "тысяча тысяч"
        if not self._set(total, 0.0, last=size, counted=False):
            return False
        self.smallest_scale = min(self.smallest_scale, size)
        return True

    def _set(self, total: float, current: float, *, last: float, counted: bool) -> bool:
        if total + current > MAX_WORD_VALUE:
            return False
        self.total, self.current, self.last, self.counted = total, current, last, counted
        self.has_current = current != 0.0
        return True


def _vague(tokens: list[ParsedToken], i: int, normal: Normaliser | None) -> WordNumber | None:
    """ "десятки", "десятки тысяч", "несколько сотен", "множество": value unknown."""
    tok = tokens[i]
    lemma = _round(tok, normal) or tok.lemma.lower()
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    following = _round(nxt, normal) if nxt is not None else None
    if lemma in VAGUE_HEADS:
        if following is not None:
            return WordNumber(i, i + 2, None, f"{VAGUE_HEADS[lemma]}_{ROUND_NAMES[following]}")
        return WordNumber(i, i + 1, None, VAGUE_HEADS[lemma])
    if lemma not in ROUND:
        return None
    if following is not None and nxt is not None and _may_be_plural(nxt) and ROUND[following] > ROUND[lemma]:
        if _plural(tok) or _plural_ending(tok):
            return WordNumber(i, i + 2, None, f"{ROUND_NAMES[lemma]}_of_{ROUND_NAMES[following]}")
    return WordNumber(i, i + 1, None, ROUND_NAMES[lemma]) if _plural(tok) else None


def _plural_ending(token: ParsedToken) -> bool:
    """ "сотни", "тысячи" are genitive singular and nominative plural alike; before a
    larger plural ("сотни миллиардов") the tagger often picks the singular, yet
    the plural is the common reading, and the vague one is never wrong. A round
    noun ending in -и/-ы is either that or a plain plural ("десятки")."""
    return token.text.lower().endswith(("и", "ы"))


def find_word_numbers(tokens: list[ParsedToken], normal: Normaliser | None = None) -> list[WordNumber]:
    """Number phrases in token order, none overlapping."""
    if normal is not None:
        normal = _remembered(normal)
    out: list[WordNumber] = []
    i = 0
    while i < len(tokens):
        found = _number_at(tokens, i, normal)
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.last
    return out


def _remembered(normal: Normaliser) -> Normaliser:
    """`normal` with its answers kept for one text: each token's form was asked up to four
    times (as a round word and as a cardinal, as a token and as the next one's
    neighbour), 700k calls on bsnlp-ru. `normal` is a pure look-up, so the answers agree."""
    known: dict[str, str | None] = {}

    def remembered(word: str) -> str | None:
        if word in known:
            return known[word]
        base = known[word] = normal(word)
        return base

    return remembered


def _number_at(tokens: list[ParsedToken], i: int, normal: Normaliser | None) -> WordNumber | None:
    tok = tokens[i]
    if tok.text[:1].isdigit():
        return None
    if tok.pos not in NUMBER_POS and tok.text.lower() not in CARDINALS:
        return None  # the tagger's part of speech is poor on numerals ("девятьсот" VERB): trust the form
    lemma = _round(tok, normal) or tok.lemma.lower()
    if lemma == COUPLE:
        if i + 1 < len(tokens) and _round(tokens[i + 1], normal) is not None:
            return _phrase(tokens, i, i + 1, COUPLE_VALUE, normal, vague="about")
        return None
    if lemma in ROUND:
        # a plural round word is vague ("десятки"); a singular one counts one of itself ("тысяча человек")
        return _vague(tokens, i, normal) or _phrase(tokens, i, i, None, normal)
    head = word_value(tok, normal)
    if head is not None:
        return _phrase(tokens, i, i + 1, head, normal)
    return _vague(tokens, i, normal)


def _phrase(
    tokens: list[ParsedToken],
    first: int,
    rest: int,
    head: float | None,
    normal: Normaliser | None,
    vague: str | None = None,
) -> WordNumber | None:
    """The phrase opened at `first` whose words from `rest` on still belong to it."""
    phrase = _Phrase(head)
    end = rest
    while end < len(tokens) and phrase.take(tokens[end], normal):
        end += 1
    if end == first or (vague is not None and end == rest):
        return None  # nothing taken: a lone round word over the cap, or "пара" alone
    return WordNumber(first, end, phrase.value(), vague)
