"""A fact's history and status: in what order its figures are told, and whether
they agree (`consistent`), one replaced another (`updated`) or they disagree
(`conflicting`).

Kept apart from how figures are grouped into facts: the status reads only the
figures of one fact, their sentences, days and sources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from storyline.model import FactStatus
from storyline.story.features import cue_span
from storyline.story.ledger_asides import MOVE_FAMILY, needed, other_event, running, standing, tallies
from storyline.story.ledger_entries import PARTITIVE_ACTION, PARTITIVE_GAP, _Entry
from storyline.story.ledger_holders import fact_subject, own_figures
from storyline.story.ledger_rivals import TRANSFER_FAMILY
from storyline.story.ledger_ties import tied
from storyline.story.ledger_values import agree, bounded_by

__all__ = [
    "CLAUSE_BREAK",
    "CONVERB_ENDINGS",
    "converb",
    "RETROSPECTIVE_CUES",
    "UPDATE_CUES",
    "history_order",
    "status_of",
]


# What begins a new clause or member of an enumeration between two figures of one
# sentence: a comma, a semicolon, a dash, "и", "а", "против" ("306 против 232").
CLAUSE_BREAK = re.compile(r"[,;—–]|(?<![\w])(?:и|а|против|versus|vs)(?![\w])", re.IGNORECASE)


# Words that mark a figure as provisional or as a newer statement of an older one.
_CHANGE_WORDS = (
    r"пока|уже|теперь|ранее сообщалось|сообщалось|по последним|по уточненн|по обновленн|"
    r"увеличил|возрос|вырос|достиг|снизил|сократил|превысил|до сих пор"
)
# A moment's stamp: the figure is the state at that time ("По состоянию на 21:50 мск").
_STAMP_WORDS = (
    r"на данный момент|на сегодня|на утро|на вечер|к утру|к вечеру|по состоянию на|"
    r"(?:к|на) настоящ(?:ему|ий) момент|на момент публикации"
)
UPDATE_CUES = re.compile(rf"\b(?:{_CHANGE_WORDS}|{_STAMP_WORDS})", re.IGNORECASE)
# The cues that say the figure is provisional, old news or a change, not only a moment's stamp.
CHANGE_CUES = re.compile(rf"\b(?:{_CHANGE_WORDS})", re.IGNORECASE)
# Words that mark a figure as a repeat of an older report ("Сообщалось, что ...
# высказали четыре страны" in an article that is read last): such a figure is the
# state of an earlier moment, so it cannot supersede a fresher figure already read.
RETROSPECTIVE_CUES = re.compile(
    r"\b(?:(?:ранее|как) сообщалось|сообщалось|ранее стало известно|как стало известно ранее)",
    re.IGNORECASE,
)


# Endings of a Russian converb ("набрав", "получив", "набравшие" is a participle and
# does not end so): its subject is the clause's, so a figure it governs has the owner
# of a subject the parse did not find.
CONVERB_ENDINGS = ("в", "вши", "вшись")


def converb(e: _Entry) -> bool:
    """The figure's verb is a perfective converb ("набрав 20 тысяч голосов")."""
    written = (e.action_text or "").lower()
    return written.endswith(CONVERB_ENDINGS) and (e.action or "").endswith(("ть", "ться", "чь"))


def retrospective(e: _Entry) -> bool:
    """Told as an earlier report: in its sentence ("сообщалось, что …") or under a
    heading of earlier news (`_Entry.earlier`)."""
    return e.earlier or cue_span(e.s, RETROSPECTIVE_CUES) is not None


def history_order(entries: Sequence[_Entry]) -> list[_Entry]:
    """Reading order, except that a retrospective figure ("сообщалось, что …") is
    placed before the fresh figures of earlier articles that it disagrees with:
    it reports an older state, so the history must not end on it."""
    out: list[_Entry] = []
    for e in entries:
        i = len(out)
        if retrospective(e):
            while (
                i > 0
                and out[i - 1].s.article_id != e.s.article_id
                and not retrospective(out[i - 1])
                and not agree(out[i - 1].q, e.q)
            ):
                i -= 1
        out.insert(i, e)
    return out


# "их количество достигнет 28", "их число выросло до 40": the clause's subject is the
# count of something named just before, so its figure is that figure's next state.
_RECOUNT = re.compile(r"(?<![\w])(?:их|его|ее|её)\s+(?:количество|число|численность)(?![\w])", re.IGNORECASE)


def recounts(e: _Entry) -> bool:
    """The figure's own clause (from the last clause break before it) says "их количество"."""
    before = e.s.text[: max(0, e.q.start - e.s.start)]
    cut = max((m.end() for m in CLAUSE_BREAK.finditer(before)), default=0)
    return _RECOUNT.search(before[cut:]) is not None or _RECOUNT.search(before[-40:]) is not None


def stamped_before(old: _Entry, new: _Entry) -> bool:
    """The older figure alone carries an update cue. A provisional figure or old news ("пока",
    "сообщалось") is superseded by the next report whatever its value. A moment's stamp alone
    ("По состоянию на 21:50 мск проголосовали … Миссисипи (11, Трамп)") says it was a
    moment's state of a count going on, so a fresher report of it is the next state only when
    it is larger (a count told at a moment grows) or when the figure is a level that moves
    both ways ("курс … снизился до"). A smaller figure that no cue of its own and no later
    day makes newer is a discrepancy to check (session 19, tuned on bsnlp-ru
    us_election_2020: Mississippi's 11 vs 6 electors was `updated` by the first digest's
    stamp; the growing 253 → 279 and 302 → 306 stay updates)."""
    if cue_span(old.s, UPDATE_CUES) is None:
        return False
    if cue_span(old.s, CHANGE_CUES) is not None:
        return True  # "Россия пока направит 3000", "Сообщалось, что …": provisional or old news
    if old.action in MOVE_FAMILY or new.action in MOVE_FAMILY:
        return True
    a, b = old.q.value, new.q.value
    return a is not None and b is not None and b > a


def partitive(e: _Entry) -> bool:
    """A part or the whole of "N из M" (`ledger_entries._partitives`): a subset, no tally."""
    return (e.action or "").startswith(PARTITIVE_ACTION + " ")


def status_of(
    entries: Sequence[_Entry],
    days: Mapping[str, date | None],
    sources: Mapping[str, str],
    owned: bool = True,
) -> FactStatus:
    """consistent / updated / conflicting, from consecutive differing values in reading order.

    A bound is no rival value: a bound the figure read so far satisfies adds nothing
    ("пять погибших", then "как минимум четыре"); a figure that fills an earlier bound
    of the same article refines it ("как минимум четыре" … "пять человек, в том
    числе один полицейский"), and of a later article raises it (an update).

    A threshold or a plan (`ledger_asides.tallies`) is no rival of a tally: the status
    reads only the figures of what happened when there are any."""
    if all(needed(e) for e in entries) or all(partitive(e) for e in entries):
        # requirements of several contests, or parts of one whole ("48 штатах из 50", "29 из
        # 50"): figures of several things, never one figure's history
        return "consistent"
    entries = own_figures(tallies(entries, recounts))
    subject = fact_subject(entries)
    distinct = [entries[0]]
    for e in entries[1:]:
        last = distinct[-1]
        if agree(e.q, last.q) or bounded_by(e.q, last.q):
            continue
        if bounded_by(last.q, e.q) and last.s.article_id == e.s.article_id:
            distinct[-1] = e
            continue
        distinct.append(e)
    if len(distinct) == 1:
        return "consistent"
    conflict = changed = False
    for old, new in zip(distinct, distinct[1:], strict=False):
        if _members(old, new) or (other_event(old, new, TRANSFER_FAMILY) and not recounts(new)):
            continue  # two things side by side, or two kinds of happening (a recount names its own verb)
        if not tied(old, new, recounts, subject):
            continue  # their own words count two things or name two subjects (`ledger_ties`)
        cue = (
            cue_span(new.s, UPDATE_CUES) is not None
            or stamped_before(old, new)
            or recounts(new)
            # a recap of earlier news, then a fresh figure: the fresh one is the newer state
            or (old.earlier and not retrospective(new))
            # one count told at two times of day, growing: a running count
            or running(old, new)
        )
        d_old, d_new = days.get(old.s.article_id), days.get(new.s.article_id)
        # A later day is a later state only for a figure of a happening (one with a
        # governing verb): an age or a number of children does not change in a week.
        later = (
            d_old is not None and d_new is not None and d_new > d_old and not (old.timeless and new.timeless)
        )
        # One outlet's newer article replaces its older figure only where the days cannot
        # tell: two articles of one source on one known day with two figures and no cue are
        # a discrepancy to check, not an update (an aggregator such as fromtheweb.eu reposts
        # several outlets' figures on one day: covid-ukraine-vaccine-supply's 1,9 / 1,8 million).
        undated = d_old is None or d_new is None
        same_source = sources.get(old.s.article_id) == sources.get(new.s.article_id) and undated
        if not (cue or later) and standing(old) and standing(new):
            continue  # two moments of a count going on, nothing says which is later: no flag
        changed = True
        if not (
            cue
            or later
            or aged(old, new, d_old, d_new)
            or bounded_by(old.q, new.q)
            or (same_source and old.s.article_id != new.s.article_id)
        ):
            conflict = True
    if not changed:
        return "consistent"
    # A figure nobody owns has no identity to contradict ("набрав 20 тысяч голосов" in
    # a candidate's speech, "набрав более 60 тыс. голосов" of another): two such figures
    # without an update signal are two things, not a discrepancy to check. `owned` is
    # False only where a subjectless converb tells a figure (`converb`): "погибли пять
    # человек" counts its verb's own subject, so 4 vs 5 dead stays a conflict.
    if conflict and not owned:
        return "consistent"
    return "conflicting" if conflict else "updated"


# Ages given in reports at least this far apart can differ because the person grew older
# ("47-летняя" in October 2014, "51-летняя" in October 2018 is one age, four years on);
# closer reports give one moment's age, so a week's 50 against 51 stays a discrepancy
# (calibration: asia-bibi-protests-flight's 51 / 47 / 50 of 2018-11-01 … 11-08, gold
# `conflicting`; a birthday inside a few days is rarer than one outlet's error).
MIN_AGE_GAP_YEARS = 0.5
DAYS_PER_YEAR = 365.25
AGE_ITEM = "возраст"


def aged(old: _Entry, new: _Entry, d_old: date | None, d_new: date | None) -> bool:
    """A later report's age is the earlier one plus the whole years between the two reports
    (or one more, a birthday in between): the person grew older, nothing contradicts."""
    if old.item != AGE_ITEM or new.item != AGE_ITEM or d_old is None or d_new is None:
        return False
    a, b = old.q.value, new.q.value
    if a is None or b is None:
        return False
    years = (d_new - d_old).days / DAYS_PER_YEAR
    if years < MIN_AGE_GAP_YEARS:
        return False
    grown = b - a
    return int(years) <= grown <= int(years) + 1 and grown >= 1


def _members(a: _Entry, b: _Entry) -> bool:
    """Two figures of one sentence with a new clause between them are members of an
    enumeration ("первый компонент получили 411 человек, второй компонент – 82
    человека") or a part and its whole ("три из четырех"), two things side by side, never one figure's history; "рос до 1,1766
    с 1,1745" names one figure's change in one clause."""
    if a.s.key != b.s.key:
        return False
    first, second = (a, b) if a.q.start <= b.q.start else (b, a)
    if recounts(second):
        return False  # "18 пунктов, а … их количество достигнет 28": the count's next state
    text, offset = a.s.text, a.s.start
    between = text[max(0, first.q.end - offset) : max(0, second.q.start - offset)]
    # "три из четырех": a part and its whole, side by side
    return bool(CLAUSE_BREAK.search(between) or PARTITIVE_GAP.match(between))
