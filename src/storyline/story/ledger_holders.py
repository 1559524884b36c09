"""Whose counted things a figure counts, by its own words: the holder named beside it.

A fact's subject is read from the clause ("Трамп получил 304 голоса"), but a figure's own
noun group or enumeration slot can name another holder of the counted things:

* the counted noun's genitive or "из"/"от"/"в" dependent: "голоса 38 выборщиков из Техаса",
  "11 выборщиков штата Теннесси", "9 выборщиков Южной Каролины", "7 из Оклахомы";
* the name an enumeration or a gapped clause puts before the figure: "Индиана (11, Трамп)",
  "Трамп получил 304 голоса, Клинтон — 227".

Such a figure counts the holder's things (a state's electors, a rival's votes), a part of
the subject's tally or another's, never a state of the subject's own. `own_figures` keeps
them out of a fact's status when the fact has figures of its own subject (they stay among
its values), and two figures of two holders are never one figure's history (`holder`, read
by `ledger_ties.tied`). Read from the stored annotation only: tokens with their part of
speech, and entity mentions with their spans.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storyline.story.ledger_entries import _Entry

__all__ = ["fact_subject", "holder", "own_figures"]

# What stands between a name and the figure it heads in an enumeration or a gapped clause:
# "Индиана (11", "Клинтон — 227", "Техас: 38", "Нью-Йорк — по 29".
_SLOT = re.compile(r"^\s*(?:[—–(:]|-\s)\s*(?:по\s+)?$")
# Words of the counted noun's group between the figure and the holder's name: at most this
# many nouns or prepositions ("выборщиков штата Теннесси": the figure's span ends with its
# noun, then "штата"; "голосов выборщиков из Техаса"). Reasoned: a genitive chain of two.
NOUN_GROUP = 2
_GROUP_POS = frozenset({"NOUN", "ADP"})
_NAME_POS = frozenset({"NOUN", "PROPN"})
# Prepositions of a holder: "из Техаса", "от штата", "в штате Флорида". Others ("за
# Байдена", "против Трампа") name the counted things' act, not their holder.
_HOLDER_ADP = frozenset({"из", "от", "в", "во"})


def _name(mention_id: str | None, text: str) -> str:
    return mention_id or "name:" + text.lower().replace("ё", "е")


def holder(e: _Entry, subject: tuple[str | None, str] | None = None) -> str | None:
    """The entity (or name) the figure's own words say holds the counted things, when it is
    not the subject (the figure's own, or the `subject` of its fact); None when they name none."""
    s, q = e.s, e.q
    subject_id, subject_name = subject if subject is not None else (e.subject_entity_id, e.subject)
    found: str | None = None
    for m in s.entities:
        if m.end <= q.start and _SLOT.match(s.text[m.end - s.start : q.start - s.start]):
            found = _name(m.entity_id, m.name or m.text)
    if found is None:
        found = _after(e)
    if found is None or found in (subject_id, _name(None, subject_name or "")):
        return None
    return found


def _after(e: _Entry) -> str | None:
    s, q = e.s, e.q
    following = [t for t in s.tokens if t.start >= q.end]
    starts = {m.start: m for m in s.entities}
    for t in following[: NOUN_GROUP + 1]:
        if t.start in starts and t.pos in _NAME_POS:
            # a name, not an adjective of one ("доз китайской вакцины")
            m = starts[t.start]
            return _name(m.entity_id, m.name or m.text)
        if t.pos not in _GROUP_POS or (t.pos == "ADP" and t.text.lower() not in _HOLDER_ADP):
            return None
    return None


def fact_subject(entries: Sequence[_Entry]) -> tuple[str | None, str]:
    """The subject most of the fact's figures name (entity id, name)."""
    owners = Counter((e.subject_entity_id, e.subject) for e in entries if e.subject_key)
    if not owners:
        return None, ""
    return owners.most_common(1)[0][0]


def own_figures(entries: Sequence[_Entry]) -> list[_Entry]:
    """The figures whose own words name no other holder, or every figure when none is."""
    subject = fact_subject(entries)
    kept = [e for e in entries if holder(e, subject) is None]
    return kept or list(entries)
