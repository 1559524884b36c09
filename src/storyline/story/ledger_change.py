"""A figure's change told in one clause: "снизилась до 156 млн кубометров со 199 млн".

Two figures of one group in one sentence are normally two things (an enumeration, a
second figure of its own: `ledger_slots._slotted`). One shape is not: a change verb
with a "с X до Y" / "до Y с X" pair inside one clause names one figure's old and new
state. Such a pair is one fact's history, the "с" figure first.

Read off nord-stream-2018-finance-flows (a spent gold): the Velke Kapusany nomination
"снизилась до примерно 156 миллионов кубометров со 199 миллионов кубометров днем
ранее" had become two facts, 156 and 199, each `consistent`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.story.ledger_entries import _Entry
from storyline.story.ledger_status import CLAUSE_BREAK, recounts

__all__ = [
    "CHANGE_VERBS",
    "DIRECTION_SLOT",
    "by_direction",
    "change_pair",
    "from_first",
    "join_continued",
    "join_recounted",
]

Key = tuple[str, str | None, str | None, int]

# Verbs (and their nouns) of a quantity going up or down.
CHANGE_VERBS = re.compile(
    r"(?<![\w])(?:снизил|снижен|сократил|сокращен|сокращён|уменьшил|упал|опустил|понизил|"
    r"увеличил|увеличен|вырос|возрос|рост|поднял|повысил|подорожал|подешевел)\w*",
    re.IGNORECASE,
)
# How many characters before a figure may hold its preposition and one hedge word
# ("до примерно 156", "со 199"): the preposition plus a word of up to 12 letters.
PREPOSITION_REACH = 20
_FROM = re.compile(r"(?<![\w])(?:с|со|от)\s+(?:\w+\s+)?$", re.IGNORECASE)
_TO = re.compile(r"(?<![\w])до\s+(?:\w+\s+)?$", re.IGNORECASE)


def _before(e: _Entry) -> str:
    """The text before the figure's number: the sentence before the mention, and the
    mention's own leading words (a mention of "до 147 млн" starts at "до")."""
    at = e.q.start - e.s.start
    own = re.match(r"\D*", e.s.text[max(0, at) : max(0, e.q.end - e.s.start)])
    return e.s.text[max(0, at - PREPOSITION_REACH) : max(0, at)] + (own.group(0) if own else "")


def _role(e: _Entry) -> str | None:
    """ "from" or "to" when the figure follows that preposition, else None."""
    text = _before(e)
    if _FROM.search(text):
        return "from"
    if _TO.search(text):
        return "to"
    return None


# The amount of a change ("опускался на 0,19%", "рос на 0,38%") follows "на"; its verb
# says which way. Stems of the verb as written, up and down.
_BY = re.compile(r"(?<![\w])на\s+(?:\w+\s+)?$", re.IGNORECASE)
_UP = re.compile(r"^(?:рос|раст|вырос|выраст|возрос|увелич|повыс|повыш|подня|поднима|подорож|прибав|укреп)")
_DOWN = re.compile(
    r"^(?:сниз|сниж|опуст|опуск|упа|пада|сократ|сокращ|уменьш|пониз|пониж|подешев|ослаб|потеря)"
)
# Slot offset of the falls split from the rises of one group (`by_direction`): above
# `ledger_periods.PERIOD_SLOT` (10 000 000) times any count of periods a group has.
DIRECTION_SLOT = 1_000_000_000


def _direction(e: _Entry) -> str | None:
    """ "up" / "down" for the amount of a change ("рос на 0,38%"), else None."""
    if e.action_text is None or not _BY.search(_before(e)):
        return None
    if _UP.match(e.action_text):
        return "up"
    if _DOWN.match(e.action_text):
        return "down"
    return None


def by_direction(group: list[_Entry]) -> list[list[_Entry]]:
    """A group whose amounts of change go both ways, split into the rises and the falls
    (the other figures stay with the first): "индекс доллара опускался на 0,19%" one day
    and "рос на 0,38%" the next are two movements, not one figure updated (brexit-chequers,
    tuned on: the two were one `updated` fact named by the fall)."""
    ways = {_direction(e) for e in group} - {None}
    if len(ways) < 2:
        return [group]
    first = _direction(next(e for e in group if _direction(e)))
    return [
        [e for e in group if _direction(e) in (first, None)],
        [e for e in group if _direction(e) not in (first, None)],
    ]


def change_pair(first: _Entry, second: _Entry) -> bool:
    """True when two figures of one sentence are one figure's old and new state: one after
    "с/со/от", the other after "до", no new clause between them, and a change verb in
    the sentence ("выросло с 10 до 13", "снизилась до 156 со 199")."""
    if first.s.key != second.s.key:
        return False
    a, b = (first, second) if first.q.start <= second.q.start else (second, first)
    if {_role(a), _role(b)} != {"from", "to"}:
        return False
    between = a.s.text[max(0, a.q.end - a.s.start) : max(0, b.q.start - a.s.start)]
    if CLAUSE_BREAK.search(between):
        return False
    return CHANGE_VERBS.search(a.s.text) is not None


def from_first(entries: Sequence[_Entry]) -> list[_Entry]:
    """Reading order, except that in a change pair the "с" figure (the old state) comes
    before the "до" figure (the new one) where the sentence names the new one first."""
    out = list(entries)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.s.key == b.s.key and _role(a) == "to" and _role(b) == "from" and change_pair(a, b):
            out[i], out[i + 1] = b, a
    return out


def _continues(e: _Entry) -> bool:
    """The figure is the new state of a change its own sentence tells ("наблюдается
    сокращение объема до 147 миллионов кубометров")."""
    return _role(e) == "to" and CHANGE_VERBS.search(e.s.text) is not None


def join_continued(grouped: dict[Key, list[_Entry]]) -> dict[Key, list[_Entry]]:
    """A figure of nobody known that tells the next step of a change, in the sentence
    right after a subject's change of the same item in the same article, is that
    subject's figure: "заявка … снизилась до 156 … со 199", then "В заявке на 31 июля …
    наблюдается сокращение объема до 147 миллионов кубометров". Only where every report
    of the group follows such a change and all point to one subject's group."""
    changing: dict[tuple[str, int, str | None], set[Key]] = {}
    for key, group in grouped.items():
        if not key[0] or key[1] is None:
            continue
        for o in group:
            if _role(o) == "to" and CHANGE_VERBS.search(o.s.text):
                changing.setdefault((o.s.article_id, o.s.index, key[1]), set()).add(key)
    if not changing:
        return grouped
    out: dict[Key, list[_Entry]] = {key: list(group) for key, group in grouped.items()}
    for key, group in grouped.items():
        if key[0] or key[1] is None or not all(_continues(e) for e in group):
            continue
        homes: set[Key] = set()
        for e in group:
            homes |= changing.get((e.s.article_id, e.s.index - 1, key[1]), {("", None, None, -1)})
        if len(homes) == 1 and next(iter(homes))[0]:
            out[homes.pop()].extend(out.pop(key))
    return out


def join_recounted(grouped: dict[Key, list[_Entry]]) -> dict[Key, list[_Entry]]:
    """A figure of nobody known whose clause counts a thing named just before ("в области
    организовано 18 пунктов, а в скором времени их количество достигнет 28") joins the
    group of that thing's figure: the same item, earlier in its sentence or in the sentence
    before, in the same article. Only when every report of the group is such a recount and
    all point to one group (covid-mass-vaccination-russia, tuned on: 18 and 28 пунктов
    were two facts, each `consistent`)."""
    told: dict[tuple[str, int, str | None], list[tuple[int, Key]]] = {}
    for key, group in grouped.items():
        for o in group:
            told.setdefault((o.s.article_id, o.s.index, key[1]), []).append((o.q.start, key))
    out: dict[Key, list[_Entry]] = {key: list(group) for key, group in grouped.items()}
    for key, group in grouped.items():
        if key[0] or key[1] is None or not all(recounts(e) for e in group):
            continue
        homes: set[Key] = set()
        for e in group:
            same = [
                k
                for at, k in told.get((e.s.article_id, e.s.index, key[1]), [])
                if at < e.q.start and k != key
            ]
            prior = [k for _, k in told.get((e.s.article_id, e.s.index - 1, key[1]), []) if k != key]
            homes |= set(same[-1:] or prior[-1:] or [("", None, None, -1)])
        home = homes.pop() if len(homes) == 1 else None
        if home is not None and home[1] is not None and home in out and key in out:
            out[home].extend(out.pop(key))
    return out
