"""Ordinals that count: "уже третий день", "третий министр за сутки", "второй раз подряд",
"стал третьим министром, покинувшим пост".

An ordinal usually names a member of a series ("73-я сессия", "второй тур"), and
then it is no amount. It counts when the text says the series is being added up:
"уже" or "стать" before it, or "подряд" / "по счёту" / "за <span of time>" after its noun.
Then "уже третий день" reports that something has lasted three days, and the
next day's "уже четвёртый день" is an update of the same figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.annotate.nlp import ParsedToken

ORDINALS: dict[str, int] = {
    "второй": 2,
    "третий": 3,
    "четвертый": 4,
    "пятый": 5,
    "шестой": 6,
    "седьмой": 7,
    "восьмой": 8,
    "девятый": 9,
    "десятый": 10,
}
# "3-й", "4-го", "5-е": digits with an ordinal ending.
DIGIT_ORDINAL = re.compile(r"^(\d{1,3})-(?:й|ий|ой|ый|го|ого|его|му|ому|ему|м|ом|ем|я|ая|е|ое|ю|ую)$")
# Words before the ordinal that make it a running count ("уже", "это уже"; "Джонсон стал
# третьим министром, который покинул свой пост": "стать" + the ordinal adds a member to
# the count, as brexit-chequers' and asia_bibi's "стал вторым / третьим" do).
COUNT_BEFORE = frozenset({"уже", "стать"})
# Words after its noun that do the same ("подряд", "по счёту", "за сутки").
COUNT_AFTER = frozenset({"подряд"})
SPAN_AFTER_ZA = frozenset(
    {"сутки", "день", "неделя", "месяц", "год", "час", "последний", "прошедший", "время"}
)
# "первый" counts only after "стать": "Биби стала первой женщиной, приговоренной … к
# смертной казни" (asia_bibi, told alike by several outlets) is the first member of a count;
# "первый тур", "уже первый" name a member or nothing.
FIRST = "первый"
FIRST_BEFORE = frozenset({"стать"})
# Tokens the ordinal may sit away from its "уже" ("уже, кажется, третий"): at most this many.
MAX_GAP = 2


@dataclass(frozen=True)
class OrdinalCount:
    start: int  # the ordinal's first character
    end: int  # its noun's last character
    value: int
    item: str  # lemma of the counted noun
    item_token: int


def _value(tok: ParsedToken, lemma: str) -> int | None:
    """The ordinal's value by its lemma (`_norm`) or its digits; "первый" counts only after
    "стать", which the caller checks."""
    if lemma in ORDINALS:
        return ORDINALS[lemma]
    text = tok.text
    if not text[:1].isdigit():  # what DIGIT_ORDINAL needs first (`\d` is a subset of isdigit)
        return None
    m = DIGIT_ORDINAL.match(text.lower())
    return int(m.group(1)) if m and int(m.group(1)) > 1 else None


def _norm(tok: ParsedToken) -> str:
    return tok.lemma.lower().replace("ё", "е")


def find_ordinal_counts(tokens: list[ParsedToken]) -> list[OrdinalCount]:
    """Every counting ordinal of the tokens: its value, then its noun and the words around.

    Each token's lemma is normalised once: normalising the two tokens before every token
    into a set, and matching every token's text against the digit pattern, were most of
    this stage (1.6 % of an ingest's CPU, py-spy, bsnlp-ru, session 16; 0.92 -> 0.28-0.34 s
    over the corpus's 405k tokens, the same counts)."""
    out: list[OrdinalCount] = []
    norms = [_norm(t) for t in tokens]
    for i, tok in enumerate(tokens):
        lemma = norms[i]
        if lemma == FIRST and FIRST_BEFORE.intersection(norms[max(0, i - MAX_GAP) : i]):
            value: int | None = 1
        else:
            value = _value(tok, lemma)
        if value is None:
            continue
        noun = next(
            (j for j in range(i + 1, min(i + 3, len(tokens))) if tokens[j].pos in ("NOUN", "PROPN")), None
        )
        if noun is None or any(tokens[k].pos not in ("ADJ",) for k in range(i + 1, noun)):
            bare = _bare_count(tokens, i, value)
            if bare is not None:
                out.append(bare)
            continue
        before = set(norms[max(0, i - MAX_GAP) : i])
        after = norms[noun + 1 : noun + 4]
        running = bool(before & COUNT_BEFORE)
        if after[:1] and after[0] in COUNT_AFTER:
            running = True
        if after[:2] == ["по", "счет"] or after[:2] == ["по", "счёт"]:
            running = True
        if after[:1] == ["за"] and len(after) > 1 and after[1] in SPAN_AFTER_ZA:
            running = True
        if running:
            out.append(OrdinalCount(tok.start, tokens[noun].end, value, norms[noun], noun))
    return out


# Tokens a bare ordinal's own running-count words may take after it ("пятой по счёту",
# "второй за два дня", "третьей подряд") and how far back its subject noun may stand
# before "стать" ("Отставка Дэвиса стала": the noun, a genitive name).
BARE_AFTER = 4
BARE_SUBJECT_REACH = 5


def _bare_count(tokens: list[ParsedToken], i: int, value: int) -> OrdinalCount | None:
    """An ordinal with no noun of its own after "стать" that says it adds up a series
    ("Отставка Дэвиса стала пятой по счёту", "стала второй за два дня"): it counts the
    clause's subject, a common noun in the nominative before "стать" (a name as subject,
    "Франция стала второй", is a rank, not a count of Францию)."""
    if i < 1 or _norm(tokens[i - 1]) != "стать":
        return None
    after = [_norm(t) for t in tokens[i + 1 : i + 1 + BARE_AFTER]]
    running = after[:1] == ["подряд"] or after[:2] in (["по", "счет"], ["по", "счёт"])
    if after[:1] == ["за"] and any(w in SPAN_AFTER_ZA for w in after[1:]):
        running = True
    if not running:
        return None
    for j in range(i - 2, max(-1, i - 2 - BARE_SUBJECT_REACH), -1):
        tok = tokens[j]
        if tok.pos == "PUNCT":
            return None
        if tok.pos == "NOUN" and tok.feats.get("Case") == "Nom":
            return OrdinalCount(tokens[i].start, tokens[i].end, value, _norm(tok), j)
    return None
