"""Whether two figures of one fact are tied to one counted thing by their own words.

`ledger_merge` fills in what a figure's own clause leaves out from the story's other
figures: "умерло меньше 100 человек" of Japan takes Japan's one specific item, "доз",
and becomes a rival of "Япония (120 млн доз)"; a bare "213" or "6%" takes the subject
of another figure with that value. The fact keeps such figures (the reader sees them
beside the others), but a flag must rest on the figures' own words:

* two figures whose own counted nouns are two lemmas ("человек" and "доза",
  "заражение" and "человек") are two things;
* a figure whose own words name no counted noun is tied to the others only by syntax:
  a count named by its verb's participle ("около 80 задержаны", `ledger_participles`)
  or a recount of a thing just named ("их количество достигнет 28"). Any other such
  figure ("И не она одна", "у нее их 55") was joined by value or by position alone;
* a share ("%", "процент") counts the noun it governs, the word after it: "90 % бюллетеней"
  and "почти 90 % афроамериканцев" are shares of two things; a move's "на 0,19 %" ("индекс
  опускался на 0,19 %") is a share of the subject's own level; a bare "6 %" has no base;
* a span of time counts what its preposition makes it, across an enumeration of spans ("через
  10 или 14 лет"); a bare ballot side ("92 голоса – за") and two subjectless figures of two
  named settings are two things (`ledger_measures`, session 18).

Neither `updated` nor `conflicting` can be read from figures that are not tied.
(Subjects need no such check: a figure's own subject is its fact's key, and
`ledger_merge` only gives a subject to a figure that has none, or a fuller name of the
same phrase.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storyline.model import Token
from storyline.story.ledger_asides import MOVE_FAMILY
from storyline.story.ledger_entries import _Entry
from storyline.story.ledger_holders import holder
from storyline.story.ledger_measures import ROLE_SEPARATOR, anchored, side
from storyline.story.measure import TIME_ITEMS

__all__ = ["tied"]

# What a figure tied by syntax alone counts: whatever the figure it is tied to counts.
ANY = "*"
# Items that are a share of something: what they count is the noun they govern, the next
# word ("90 % бюллетеней", "почти 90 % афроамериканцев"); a share with no noun after it
# ("проигрывает в Мичигане — 6 %") has no base of its own words.
SHARE_ITEMS = frozenset({"процент"})
# What a share's item is written as: the prefix, then what it is a share of.
SHARE_ITEMS_PREFIX = "% "
# "на" right before the figure: the amount a move moves by.
_BY = re.compile(r"(?:^|\s)на\s+$", re.IGNORECASE)
# The base of a move's share ("индекс опускался на 0,19 %"): the subject's own level.
MOVE = "движение"


# A bare integer in this range with no counted noun of its own is a year ("2016 связаны"),
# not a count tied by its participle. Reasoned: the years news writes about.
YEARS = (1800, 2100)
# A span of time counts what its preposition makes it (`_span_role`): "через два года"
# and "на четыре года" are two things (session 17 audit, seed 29: four wrong flags joined
# a delay, a term, an age and a span of years). Looked for this many tokens back.
SPAN_REACH = 3
# Words between a preposition and its figure that say nothing of the role ("на следующие
# четыре года", "до примерно двух лет").
QUALIFIERS = frozenset({"не", "менее", "более", "около", "почти", "примерно", "свыше", "минимум", "максимум"})
# Members of an enumeration of spans under one preposition ("через шесть лет, а может, через 10
# или 14 лет", "через пять лет, девять лет, 13 лет"): their numbers, conjunctions, commas and
# the span's own noun are skipped on the way back to the preposition, at most this many
# tokens (session 18 audit, seed 23: Trump's joke "через … 14 лет" joined to a residence of
# "не менее 14 лет" and a voting age of "18 лет"; reasoned: an enumeration of four spans).
ENUMERATION_REACH = 12
_ENUMERATION_POS = frozenset({"NUM", "CCONJ"})


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


def _item(e: _Entry, recounts: Callable[[_Entry], bool]) -> str | None:
    """The figure's own counted noun, `ANY` when syntax ties it to the figure before
    (a participle read as its item, "задержанный", is its verb, no noun), None when
    nothing of its own words ties it."""
    words = [t.pos for t in e.s.tokens if e.q.start <= t.start < e.q.end]
    if "NOUN" not in words and _year(e.q.value):
        return None  # "Выборы в США 2016 связаны …", "В 2002 создана …": a year, no count
    if ("VERB" in words and "NOUN" not in words) or recounts(e):
        return ANY
    item = _norm(e.own_item) if e.own_item else None
    if item in SHARE_ITEMS:
        return _share_of(e)
    if item in TIME_ITEMS:
        return item + ROLE_SEPARATOR + _span_role(e)
    return item + side(e) if item is not None else None


def _year(value: float | None) -> bool:
    return value is not None and value == int(value) and YEARS[0] <= value <= YEARS[1]


def _span_role(e: _Entry) -> str:
    """What a span of time is to its clause, by the preposition that governs it: "через два
    года" (a delay), "на четыре года" (a term), "в течение 5 лет" (a span), "в возрасте 70
    лет" (an age), "до двух лет", "от 1 года" (bounds); '' for none ("минимум два года")."""
    before = _skip_enumeration(e, [t for t in e.s.tokens if t.end <= e.q.start])[-SPAN_REACH:]
    for n in range(len(before) - 1, -1, -1):
        t = before[n]
        if t.pos == "ADP":
            after = before[n + 1] if n + 1 < len(before) else None
            noun = after.lemma.lower() if after is not None and after.pos == "NOUN" else ""
            return (t.text.lower() + " " + noun).strip()
        if t.pos not in ("ADJ", "ADV", "DET", "PART") and t.text.lower() not in QUALIFIERS:
            return ""
    return ""


def _skip_enumeration(e: _Entry, before: list[Token]) -> list[Token]:
    """The tokens before the figure, without the enumeration of spans it ends, if any
    ("через 10 или 14 лет" reads "через" right before "14")."""
    own = _norm(e.own_item or "")
    n = len(before)
    while n > 0 and len(before) - n < ENUMERATION_REACH:
        t = before[n - 1]
        member = t.pos in _ENUMERATION_POS or t.text == "," or (t.pos == "NOUN" and _norm(t.lemma) == own)
        if not member:
            break
        n -= 1
    if n == len(before) or n == 0 or before[n - 1].pos != "ADP":
        return before  # no enumeration, or one no preposition governs: read as it stands
    return before[:n]


def _share_of(e: _Entry) -> str | None:
    after = next((t for t in e.s.tokens if t.start >= e.q.end), None)
    if after is not None and after.pos == "NOUN":
        return SHARE_ITEMS_PREFIX + _norm(after.lemma)
    if e.action in MOVE_FAMILY and _BY.search(e.s.text[: max(0, e.q.start - e.s.start)]):
        # "индекс опускался на 0,19%": the move of the subject itself, its own base
        return SHARE_ITEMS_PREFIX + MOVE
    return None


def tied(
    old: _Entry,
    new: _Entry,
    recounts: Callable[[_Entry], bool],
    subject: tuple[str | None, str] | None = None,
) -> bool:
    """Both figures' own words count one thing, of one holder (`ledger_holders`; `subject`:
    the fact's, which names no other holder)."""
    a, b = _item(old, recounts), _item(new, recounts)
    if a is None or b is None:
        return False
    if holder(old, subject) != holder(new, subject):
        return False  # "38 выборщиков из Техаса", "11 выборщиков штата Теннесси"
    if not anchored(old, new):
        return False  # two settings, no subject: "испытания в шести странах", "в 29 странах"
    return a == b or ANY in (a, b)
