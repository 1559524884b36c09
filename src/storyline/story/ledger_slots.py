"""How a group of figures becomes facts: slots and splits.

After the merge every figure has its identity (subject, item, verb); one identity
can still hold several things: two figures of one sentence (an enumeration), a bag
of figures of nobody known, figures one article gives that disagree, figures of
different periods. Each step here gives such a group more than one fact, by a slot
number added to the identity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.story.features import cue_span
from storyline.story.ledger_change import DIRECTION_SLOT, by_direction, change_pair
from storyline.story.ledger_entries import _Entry
from storyline.story.ledger_periods import PERIOD_SLOT, split_by_period
from storyline.story.ledger_rivals import join_rivals
from storyline.story.ledger_status import CLAUSE_BREAK, UPDATE_CUES
from storyline.story.ledger_values import agree, bounded_by

__all__ = ["_slotted", "_split_periods", "_split_self_contradictions", "_split_unowned"]


# Slot offset of the facts a self-contradicting group is split into (slots below
# it count figures of one sentence, `_split_unowned` uses multiples of 1000).
SPLIT_SLOT = 100_000
# Slot offset of a second figure of one group in one sentence that no other report
# repeats: it is a fact of its own (a multiple per sentence, below `PERIOD_SLOT`).
OWN_SLOT = 1_000_000
# Different values a group of figures of nobody known may hold and still be one
# fact (the seeds' countries: 3 -> 4 -> 5 with one verb). More is a bag of figures.
MAX_UNOWNED_VALUES = 3
# Largest ratio of the biggest to the smallest figure such a group may hold and still be
# one fact. Calibrated on the 14 spent golds: the widest history of nobody known there
# is 12 -> 30 -> 40 states (3.3x; 4.3x with a subject: Armenia's 70 / 100-300), while the
# unowned figures of different things the ledger had joined spread 8.6x ("привили 17 тысяч
# человек" in one region, "привиты 1965 человек" in another) and 10.4x ("29 выборщиков
# штата Нью-Йорк" and "302 выборщика" of the whole college). 5 lies between.
MAX_UNOWNED_SPREAD = 5.0


def _slotted(entries: list[_Entry]) -> dict[tuple[str, str | None, str | None, int], list[_Entry]]:
    """Figures grouped by identity, with a slot for figures of one sentence.

    Two figures of one group in one sentence are two things, not a history ("35%
    опрошенных, Корбина 25%", "рос до 1,1766 с 1,1745"). The first is the group's;
    a later one takes a subject only from its own clause (`_own_subject`), and
    joins a fact only where some report gives the same value: an enumeration's
    second figures of unrelated sentences are no history of each other (270 needed
    to win had joined Biden's running 302; "302 … против 232" had credited Trump's
    232 to Biden)."""
    grouped: dict[tuple[str, str | None, str | None, int], list[_Entry]] = {}
    slots: Counter[tuple[tuple[str, int], tuple[str, str | None, str | None]]] = Counter()
    firsts: dict[tuple[tuple[str, int], tuple[str, str | None, str | None]], _Entry] = {}

    def opens(e: _Entry) -> bool:
        """`e` is the first figure of its group in its sentence: it takes slot 0."""
        place = (e.s.key, e.group)
        if slots[place]:
            return False
        slots[place] += 1
        firsts[place] = e
        grouped.setdefault((*e.group, 0), []).append(e)
        return True

    for n, e in enumerate(entries):
        if opens(e):
            continue
        if e.subject_key and not _own_subject(e, firsts[(e.s.key, e.group)]):
            # another member of the enumeration: neither the first one's subject nor its verb
            e.subject_key, e.subject, e.subject_entity_id = "", "", None
            if e.shared_verb:
                e.action, e.action_text, e.destination = None, None, None
            if opens(e):
                continue
        place = (e.s.key, e.group)
        if change_pair(firsts[place], e):
            # "снизилась до 156 … со 199": one figure's old and new state (`ledger_change`)
            grouped[(*e.group, 0)].append(e)
            continue
        slot = slots[place]
        slots[place] += 1
        home = next(
            (k for k, g in grouped.items() if k[:3] == e.group and any(agree(o.q, e.q) for o in g)),
            (*e.group, slot + OWN_SLOT * (n + 1)),
        )
        grouped.setdefault(home, []).append(e)
    return grouped


def _own_subject(e: _Entry, first: _Entry) -> bool:
    """The figure keeps its subject unless a new clause or member of an enumeration
    begins between it and the first figure ("306 голосов против 232", "…, 232 у
    другого") while the subject is named only before the first one. "рос до 1,1766
    с 1,1745" is one clause: both figures are the pound's."""
    start = e.q.subject_start
    if start is not None and start >= first.q.end:
        return True  # named in its own clause: "у Байдена 306, у Трампа 232"
    text, offset = e.s.text, e.s.start
    between = text[max(0, first.q.end - offset) : max(0, e.q.start - offset)]
    return not CLAUSE_BREAK.search(between)


def _split_unowned(
    grouped: dict[tuple[str, str | None, str | None, int], list[_Entry]],
) -> dict[tuple[str, str | None, str | None, int], list[_Entry]]:
    """Figures of nobody known are one fact only while something says they are: a
    shared verb and few values of one order ("высказали пока три страны" → "пять
    стран"). With no verb, more than `MAX_UNOWNED_VALUES` different values, or values
    spread wider than `MAX_UNOWNED_SPREAD`, they are as many facts as values: on bsnlp us_election_2020 "голоса" of every candidate, state and
    election (71 values) had made one "conflicting" fact."""
    out: dict[tuple[str, str | None, str | None, int], list[_Entry]] = {}
    for key, group in grouped.items():
        subject_key, item, action, slot = key
        values = {(e.q.value, e.q.value_min, e.q.value_max) for e in group}
        one_history = (
            action is not None and len(values) <= MAX_UNOWNED_VALUES and _spread(values) <= MAX_UNOWNED_SPREAD
        )
        if subject_key or one_history or len(values) == 1:
            out[key] = group
            continue
        for e in group:
            same = next((k for k, g in out.items() if k[:3] == key[:3] and agree(g[0].q, e.q)), None)
            out.setdefault(same or (subject_key, item, action, slot + 1000 * (len(out) + 1)), []).append(e)
    return out


def _spread(values: set[tuple[float | None, float | None, float | None]]) -> float:
    """Ratio of the largest to the smallest magnitude among the figures (1 when unknown)."""
    points = [abs(v) for triple in values for v in triple if v]
    return max(points) / min(points) if points else 1.0


def _split_self_contradictions(
    grouped: dict[tuple[str, str | None, str | None, int], list[_Entry]],
) -> dict[tuple[str, str | None, str | None, int], list[_Entry]]:
    """An article does not contradict itself: when one article gives a group two
    figures that disagree, in two sentences with no sign of an update, the group
    holds different things ("должна выплатить 4,6 млрд" and "о выплате 2,56 млрд",
    "возврата 2,1 млрд" in one text), not one figure's history. Such a group is
    split into one fact per value (rounded reports of one value stay together, and
    another outlet's close figure joins the one it rivals: `ledger_rivals`)."""
    out: dict[tuple[str, str | None, str | None, int], list[_Entry]] = {}
    for key, group in grouped.items():
        if not _self_contradicting(group):
            out[key] = group
            continue
        clusters: list[list[_Entry]] = []
        for e in group:
            home = next((c for c in clusters if agree(c[0].q, e.q)), None)
            if home is None:
                clusters.append([e])
            else:
                home.append(e)
        # another outlet's close figure is the rival of one of them, not a thing of its own
        order = {id(e): i for i, e in enumerate(group)}
        for n, cluster in enumerate(join_rivals(clusters)):
            out[(*key[:3], key[3] + SPLIT_SLOT * n)] = sorted(cluster, key=lambda e: order[id(e)])
    return out


def _split_periods(
    grouped: dict[tuple[str, str | None, str | None, int], list[_Entry]],
) -> dict[tuple[str, str | None, str | None, int], list[_Entry]]:
    """One fact per direction of change (`ledger_change.by_direction`) and per time period
    the figures are given for (`ledger_periods`)."""
    out: dict[tuple[str, str | None, str | None, int], list[_Entry]] = {}
    for key, group in grouped.items():
        for d, way in enumerate(by_direction(group) if len(group) > 1 else [group]):
            parts = split_by_period(way, agree) if len(way) > 1 else [way]
            for n, part in enumerate(parts):
                out[(*key[:3], key[3] + DIRECTION_SLOT * d + PERIOD_SLOT * n)] = part
    return out


def _self_contradicting(group: Sequence[_Entry]) -> bool:
    by_article: dict[str, list[_Entry]] = {}
    for e in group:
        by_article.setdefault(e.s.article_id, []).append(e)
    for entries in by_article.values():
        # A figure in a sentence with an update cue contradicts nothing: leave it out
        # before pairing (the pairs are quadratic in an article's figures of the group).
        # Figures given the same way (value, range, qualifier) agree with each other and
        # answer alike against any other, so each way is paired once, with the sentences
        # it is given in: two ways contradict unless both come only from one sentence.
        ways: dict[
            tuple[float | None, float | None, float | None, str | None], tuple[_Entry, set[tuple[str, int]]]
        ] = {}
        for e in entries:
            if cue_span(e.s, UPDATE_CUES) is None:
                way = (e.q.value, e.q.value_min, e.q.value_max, e.q.qualifier)
                ways.setdefault(way, (e, set()))[1].add(e.s.key)
        given = list(ways.values())
        for i, (a, a_keys) in enumerate(given):
            for b, b_keys in given[i + 1 :]:
                if len(a_keys) == 1 and a_keys == b_keys:
                    continue  # one sentence's figures
                if agree(a.q, b.q) or bounded_by(a.q, b.q) or bounded_by(b.q, a.q):
                    continue
                return True
    return False
