"""Figures that are no tally of what happened, and running counts.

Two kinds of figure share a fact's subject and item without being a state of it:

* a threshold or requirement: "больше 270 необходимых для избрания голосов", "нужно
  не менее 60 %": what a tally must reach, never its rival;
* a plan, goal or forecast ("планируется довести до 20") or a possibility ("итоговое их
  число может достичь 89"): a state that has not happened, never an update of one that
  has. A plan told as the next state of a count just named ("организовано 18 пунктов, а в
  скором времени их количество достигнет 28": `recounts`) is that count's expected next
  state, an update (the covid-mass-vaccination-russia gold reads it so); a possibility is
  no state even then.

`tallies` keeps such figures out of a fact's status when the fact has a figure of what
happened (they stay among its values, so the reader still sees them). The words are
read in the figure's own clause only: "Как и ожидалось, у него оказалось 306" is a
tally, its "ожидалось" belongs to the clause before the comma.

A running count: two figures of one fact, each told with a time of day ("в 21:25",
"к 21:50"), the later time with the larger value, are one count growing (`running`),
an update and not a discrepancy (a count of votes or of cases through an evening).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storyline.story.ledger_entries import THRESHOLD_ACTION, _Entry
from storyline.story.ledger_thresholds import figure_clause, requirement

__all__ = [
    "aside",
    "clause_of",
    "increment",
    "needed",
    "oblique",
    "other_event",
    "running",
    "standing",
    "tallies",
]

_B = r"(?<![\w])"
PLAN_CUES = re.compile(
    _B + r"(?:планир\w*|намерен\w*|намерева\w*|собира\w*ся|в\s+скором\s+времени|вскоре|"
    r"достигнет|достигнут|вырастет|возрастет|возрастёт|увеличится|составит|будет|будут|"
    r"ожидает\w*|прогноз\w*|цель\w*|задач\w*\s+|к\s+концу)",
    re.IGNORECASE,
)
# What only may be: never a state, not even as a count's next one.
POSSIBILITY_CUES = re.compile(
    _B + r"(?:может|могут|мог(?:ло|ли|ла)?|возможн\w*|вероятн\w*|достичь)", re.IGNORECASE
)
_TIME = re.compile(r"(?<![\w:.])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])")


def clause_of(e: _Entry) -> str:
    """The words of the figure's own clause around it (the figure itself left out)."""
    return figure_clause(e.q, e.s)


# "еще 11 голосов … получил", "есть еще одна вакцина": a figure told as more of something
# already counted is an increment, no state of the count (session 17 audit, seed 29: two
# wrong flags, a total read against "еще N").
_MORE = re.compile(r"(?<![\w])(?:еще|ещё)\s+(?:(?:около|более|почти|примерно|свыше)\s+)?$", re.IGNORECASE)
_MORE_OWN = re.compile(r"^(?:еще|ещё)\s", re.IGNORECASE)
# Verbs whose figure is what was added or lost ("республиканцы прибавили 1-3 голоса"): a
# change, no state of the count (same audit: one wrong flag).
ADDING_VERBS = frozenset(
    {"прибавить", "прибавлять", "добавить", "добавлять", "потерять", "терять", "лишиться", "лишаться"}
)


def increment(e: _Entry) -> bool:
    """The figure is told as "еще N" (in its own words or right before them), or as what a
    verb of adding or losing moved."""
    own = e.s.text[max(0, e.q.start - e.s.start) : max(0, e.q.end - e.s.start)]
    if e.action in ADDING_VERBS:
        return True
    return bool(_MORE_OWN.match(own) or _MORE.search(e.s.text[: max(0, e.q.start - e.s.start)]))


def aside(e: _Entry, recounts: Callable[[_Entry], bool]) -> bool:
    """A threshold, requirement, possibility, or a plan or forecast that is not a count's
    next state (`recounts`: "их количество достигнет 28"), by its own clause."""
    if needed(e) or increment(e):
        return True  # a requirement (set apart when read, or joined to a tally since), an increment
    clause = clause_of(e)
    if POSSIBILITY_CUES.search(clause) is not None:
        return True
    return PLAN_CUES.search(clause) is not None and not recounts(e)


def needed(e: _Entry) -> bool:
    """A requirement ("270 необходимых"): set apart when read, or by its clause."""
    return e.action == THRESHOLD_ACTION or requirement(e.q, e.s)


def tallies(entries: Sequence[_Entry], recounts: Callable[[_Entry], bool]) -> list[_Entry]:
    """The figures of what happened, or every figure when none is."""
    kept = [e for e in entries if not aside(e, recounts)]
    return kept or list(entries)


def _minutes(e: _Entry) -> int | None:
    m = _TIME.search(e.s.text)
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def running(old: _Entry, new: _Entry) -> bool:
    """Both figures told with a time of day, the later time with the larger value."""
    a, b = _minutes(old), _minutes(new)
    x, y = old.q.value, new.q.value
    if a is None or b is None or a == b or x is None or y is None or x == y:
        return False
    return (a < b) == (x < y)


# Verbs of one happening's figure read as one kind: the families of `ledger_rivals`
# (a contract for doses, their supply, their receipt) and the reverse moves of one
# quantity ("вырос до", "снизился до": a rate's history).
MOVE_FAMILY = frozenset(
    {
        "вырасти",
        "расти",
        "снизиться",
        "снижаться",
        "подняться",
        "подниматься",
        "упасть",
        "падать",
        "опуститься",
        "опускаться",
        "повыситься",
        "повышаться",
        "понизиться",
        "понижаться",
        "увеличиться",
        "увеличиваться",
        "уменьшиться",
        "уменьшаться",
        "подорожать",
        "подешеветь",
        "укрепиться",
        "ослабнуть",
    }
)


# More kinds of one happening: a tally's gain ("набирает 302", "получил 290") and a
# happening's lasting ("уже второй день проходят", "не прекращаются уже третий день").
TALLY_FAMILY = frozenset(
    {"набрать", "набирать", "получить", "получать", "собрать", "собирать", "лидировать", "отдать", "отдавать"}
)
LASTING_FAMILY = frozenset({"проходить", "пройти", "продолжаться", "длиться", "идти", "прекращаться"})


# A tally told as it stands while the count goes on: "у Трампа 97", "у него — 103" (no verb,
# a possessor), "Байден лидирует с 240", "получает 146", "располагает 106" (a verb of
# gaining or holding, imperfective present). Two such figures with nothing to order them
# (no time of day, no later day, no word of change) may be two moments of one count: no
# flag, neither `updated` nor `conflicting` (session 17 audit, seed 29: five wrong flags,
# all two moments of 14 December's count of electoral votes).
HOLDING_VERBS = frozenset({"располагать", "иметь", "иметься"})
_NOW = frozenset({"impf", "pres"})


def standing(e: _Entry) -> bool:
    """The figure is a tally as it stands: a possessor's "у X N" or a present gain or hold."""
    verb = next(
        (i for i, t in enumerate(e.s.tokens) if t.start == e.q.governor_start and t.pos == "VERB"), None
    )
    if verb is not None:
        return (e.action in TALLY_FAMILY or e.action in HOLDING_VERBS) and _NOW <= e.s.reading(verb)
    at = e.q.subject_start
    if at is None:
        return False
    before = [t for t in e.s.tokens if t.end <= at]
    return bool(before) and before[-1].text.lower() == "у"


# Two verbs that share this many first letters are one verb's aspects or voices
# ("завершить", "завершиться"); reasoned: a Russian verb root with its prefix is this long.
STEM = 5


INFINITIVE = ("ть", "ться", "чь", "чься", "ти", "тись")


# Verbs that only say a figure is what it is ("у него оказалось 306", "составляет 40 %",
# "имеет 51 голос"): they name no kind of happening, so they rival any verb.
NEUTRAL_VERBS = frozenset(
    {"оказаться", "оказываться", "быть", "иметь", "составить", "составлять", "стать", "насчитывать", "есть"}
)


def other_event(old: _Entry, new: _Entry, transfer: frozenset[str]) -> bool:
    """Both figures told with a verb, of two kinds of happening ("заказала 120 млн доз",
    "умерло меньше 100 человек"; "уложено 300 километров", "построят 31 км"): two
    things of one subject, never one figure's history."""
    a, b = old.action, new.action
    if a is None or b is None or a == b or a in NEUTRAL_VERBS or b in NEUTRAL_VERBS:
        return False
    if oblique(old) or oblique(new):
        # "за Байдена проголосовали 302 выборщика", "Байден набрал 306 выборщиков": the
        # verb of an oblique subject is the counted items' own act, no act of the subject
        return False
    if not (a.endswith(INFINITIVE) and b.endswith(INFINITIVE)):
        # a verb the lemmatiser left as written ("поднимался") tells no kind of happening
        return False
    if a[:STEM] == b[:STEM]:
        return False
    if any({a, b} <= family for family in (transfer, MOVE_FAMILY, TALLY_FAMILY, LASTING_FAMILY)):
        return False
    return True


def oblique(e: _Entry) -> bool:
    """The figure's subject is the object of a preposition ("за Байдена", "у Трампа"), by
    the stored parse's subject span and the part of speech of the word before it: the
    subject is then no doer of the figure's verb."""
    at = e.q.subject_start
    if at is None:
        return False
    before = [t for t in e.s.tokens if t.end <= at]
    return bool(before) and before[-1].pos == "ADP"
