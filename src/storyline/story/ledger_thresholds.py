"""A figure's own clause, and the one reading of it that says a figure is a requirement.

A threshold or requirement ("270 необходимых голосов", "для победы нужно набрать простое
большинство, то есть 270 голосов", "нужен еще один штат, чтобы у него было 270") says how
many a tally must reach: a rule of the contest, never anyone's tally nor its rival. The
ledger reads it once, here, from the figure's own clause: `ledger_entries` sets such a figure
apart when it reads the sentence (no subject, its own verb), and `ledger_asides` keeps it
out of a fact's status should it be joined to a tally later. (Before session 17 the two
steps had two cue lists: the word next to the figure at read time, the clause at status
time; a cue of one was missed by the other.)

The clause is the text from the last clause break before the figure to the first one
after it. A restatement ("то есть", "т. е.", "а именно") opens no clause of its own: the
figure after it restates the clause before it, so that clause is read too.
"""

from __future__ import annotations

import re

from storyline.model import QuantityMention
from storyline.story.features import SentenceInfo

__all__ = ["AFTER_SPAN", "BEFORE_SPAN", "REQUIREMENT_CUES", "figure_clause", "requirement"]

_B = r"(?<![\w])"
# Words of need and of purpose (stems): "необходимых", "нужно", "нужен", "требуется",
# "достаточно", "порог", "надо", "для победы", "чтобы у него было 270". The union of the
# two lists of session 16 (word stems of `ledger_entries._threshold`, clause cues of
# `ledger_asides.THRESHOLD_CUES`) plus "надо" (the colloquial "нужно") and "чтобы" (a
# purpose), of us_election_2020's "надо взять … минимум 270", "чтобы у Трампа было 270"
# (session 17 audit, seed 29: one wrong flag held four such figures). Not "должен": "Россия
# должна выплатить 4,6 млрд" is what is owed, a fact (tests/story/test_ledger_rounding.py).
REQUIREMENT_CUES = re.compile(
    _B + r"(?:необходим\w*|нужн\w*|нужен|требу\w*|достаточн\w*|порог\w*|надо|"
    r"чтобы|для\s+(?:победы|избрания|прохождения|принятия))(?![\w])",
    re.IGNORECASE,
)
# The figure's clause reaches this many characters past the figure when no clause break
# comes sooner: "270 необходимых для избрания" has its cue two words on. Reasoned: a
# Russian noun group after a figure is rarely longer than four words.
AFTER_SPAN = 40
# How far before the figure its clause may reach: a clause's verb or subject rarely
# stands further back than this from its figure (same reasoning).
BEFORE_SPAN = 80
# How far back a restated clause is read ("Для избрания кандидат должен набрать абсолютное
# большинство (50% + 1), то есть не менее 270": 85 characters). Reasoned: one clause more.
RESTATED_SPAN = 2 * BEFORE_SPAN
# How many characters past the figure its next words are read at read time (two words).
NEAR_AFTER = 20
_EDGE = '«»"(),.'
_BREAK = re.compile(r"[,;:—–()]|(?<![\w])(?:и|а|но|против)(?![\w])", re.IGNORECASE)
# A restatement opens the figure's clause: "то есть", "т. е.", "т.е.", "а именно".
_RESTATED = re.compile(r"^\s*(?:то\s+есть|т\.\s?е\.|а\s+именно|иными\s+словами)(?![\w])", re.IGNORECASE)
# Where a restated clause stops, looking back: a sentence-level break.
_STRONG_BREAK = re.compile(r"[;:.!?]\s")


def figure_clause(q: QuantityMention, s: SentenceInfo) -> str:
    """The words of the figure's own clause around it (the figure itself left out)."""
    text, offset = s.text, s.start
    start, end = max(0, q.start - offset), max(0, q.end - offset)
    # another figure bounds the clause: "302 голоса при необходимых 270" — the need is 270's
    lo = max([o.end - offset for o in s.quantities if o.end <= q.start], default=0)
    hi = min([o.start - offset for o in s.quantities if o.start >= q.end], default=len(text))
    before = text[max(0, start - BEFORE_SPAN, lo) : start]
    cut = max((m.end() for m in _BREAK.finditer(before)), default=0)
    own = before[cut:]
    if _RESTATED.match(own):
        # "…, то есть 270": the clause it restates is the figure's too
        # (across the figures of the clause it restates: "большинство (50% + 1), то есть 270")
        wider = text[max(0, start - RESTATED_SPAN) : start - len(own)]
        own = wider[max((m.end() for m in _STRONG_BREAK.finditer(wider)), default=0) :] + own
    after = text[end : end + AFTER_SPAN]
    breaks = [m for m in _BREAK.finditer(after)]
    stop = breaks[0].start() if breaks else len(after)
    if end + stop > hi:
        # another figure follows in the clause: what lies between is its ("306 голосов при
        # необходимом минимуме в 270", "302 голоса при необходимых 270")
        stop = 0
    return own + " " + after[:stop]


def requirement(q: QuantityMention, s: SentenceInfo, clause: bool = True) -> bool:
    """The figure's words or its clause say how many are needed, or what it is for
    ("чтобы"): no tally. With `clause` False only the words next to the figure are read
    (the word before it, its own words and the two after them: "270 необходимых голосов",
    "нужны 270", "264 голосов из 270, необходимых для победы"): what `ledger_entries` sets
    apart when it reads the sentence. A cue further off in the clause ("Для победы
    необходимо набрать 270 голосов") keeps the figure out of a fact's status only: the
    figure stays in its subject's group, where it splits an article's disagreeing figures
    as before (`ledger_slots`; moving such figures out at read time joined Biden's running
    199, 82 and 202 to his 306 on us-election-electoral-college, a gold fact lost)."""
    if not clause:
        before = s.text[: max(0, q.start - s.start)].split()
        after = s.text[max(0, q.start - s.start) : max(0, q.end - s.start) + NEAR_AFTER].split()[1:3]
        words = ([before[-1]] if before else []) + after
        return any(REQUIREMENT_CUES.match(w.strip(_EDGE)) for w in words)
    own = s.text[max(0, q.start - s.start) : max(0, q.end - s.start)]
    return REQUIREMENT_CUES.search(own + " " + figure_clause(q, s)) is not None
