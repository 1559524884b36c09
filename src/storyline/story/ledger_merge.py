"""Filling in what a figure's own clause leaves out, from the story's other figures.

A figure often names only part of its identity ("150 человек" with no subject, a
verbless figure, "протесты" for "протесты исламистов"); it takes the rest from the
one fully specified group it can belong to. Kept apart from the slots and splits
that follow: the merge changes entries' identities, the splits only group them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.model import QuantityMention
from storyline.story.ledger_entries import PHRASE, _Entry, _extends, apart
from storyline.story.ledger_figure_index import SameFigures
from storyline.story.ledger_values import agree, same, within
from storyline.story.measure import GENERIC_ITEMS

__all__ = ["Group", "_join_same_figures", "_merge"]


def _unique(
    groups: Sequence[tuple[str, str | None, str | None]],
) -> tuple[str, str | None, str | None] | None:
    return groups[0] if len(groups) == 1 else None


Group = tuple[str, str | None, str | None]


class _Groups:
    """The distinct groups of the entries, kept up to date as entries change, indexed by
    (subject, item) and (subject, action): the two questions `_merge` asks per entry.

    Listing every entry's group per entry made `_merge` quadratic (1.6 s for a
    2,000-article story; 16 s for 400 articles of bsnlp us_election_2020)."""

    def __init__(self, entries: Sequence[_Entry]) -> None:
        self.by_item: dict[tuple[str, str | None], Counter[Group]] = {}
        self.by_action: dict[tuple[str, str | None], Counter[Group]] = {}
        for e in entries:
            self._count(e.group, 1)

    def _count(self, g: Group, n: int) -> None:
        self.by_item.setdefault((g[0], g[1]), Counter())[g] += n
        self.by_action.setdefault((g[0], g[2]), Counter())[g] += n

    def with_item(self, subject_key: str, item: str | None) -> list[Group]:
        return [g for g, n in self.by_item.get((subject_key, item), Counter()).items() if n > 0]

    def with_action(self, subject_key: str, action: str | None) -> list[Group]:
        return [g for g, n in self.by_action.get((subject_key, action), Counter()).items() if n > 0]

    def moved(self, old: Group, new: Group) -> None:
        if old != new:
            self._count(old, -1)
            self._count(new, 1)


def _merge(entries: list[_Entry]) -> None:
    """Fold under-specified entries into the one fully specified group they can belong to."""
    groups = _Groups(entries)
    for _ in range(2):  # each pass can enable another (a subject found, then its specific item)
        _merge_pass(entries, groups)


def _value(q: QuantityMention) -> tuple[float | None, float | None, float | None]:
    return q.value, q.value_min, q.value_max


def _merge_pass(entries: list[_Entry], groups: _Groups) -> None:
    by_item: dict[str | None, set[tuple[str, str]]] = {}
    for o in entries:
        by_item.setdefault(o.item, set()).add((o.subject_key, o.subject))
    for e in entries:  # "Протесты" and "протесты исламистов" counting days: the one fuller name
        if not e.subject_key.startswith(PHRASE):
            continue
        fuller = {
            (key, name)
            for key, name in by_item.get(e.item, set())
            if key != e.subject_key and _extends(key, e.subject_key)
        }
        if len(fuller) == 1:
            old = e.group
            e.subject_key, e.subject = fuller.pop()
            groups.moved(old, e.group)
    members: dict[Group, list[_Entry]] = {}
    for o in entries:
        members.setdefault(o.group, []).append(o)
    for e in entries:  # no action in its clause: the subject's one action for that item
        if e.action is None:
            target = _unique([g for g in groups.with_item(e.subject_key, e.item) if g[2]])
            if target and not e.subject_key and not any(agree(o.q, e.q) for o in members.get(target, ())):
                # a verbless figure of nobody known restates a figure, it does not join a
                # history: "Для победы нужны 270 членов коллегии" is not the "все трое ее
                # членов отдали голоса" of Vermont (us-election-electoral-college)
                target = None
            if target:
                old = e.group
                e.action = target[2]
                groups.moved(old, e.group)
    by_group: dict[Group, list[_Entry]] = {}
    for e in entries:
        by_group.setdefault(e.group, []).append(e)
    for e in entries:  # "150 человек": the subject's one specific count in that action (with that figure)
        if e.subject_key and (e.item is None or e.item in GENERIC_ITEMS):
            # a subject's group has no verb in its key: one of its figures must be told with
            # this figure's verb (or none), or "411 человек получили" of a subject would
            # become 411 of its "13 медицинских организациях развернуты"
            options = [
                g
                for g in groups.with_action(e.subject_key, e.group[2])
                if g[1]
                and g[1] not in GENERIC_ITEMS
                and (e.action is None or any(o.action in (None, e.action) for o in by_group.get(g, ())))
            ]
            if len(options) > 1:
                # entries of a specific item keep their group in this loop: indexed once
                options = [g for g in options if any(same(o.q, e.q) for o in by_group.get(g, ()))]
            target = _unique(options)
            if target:
                old = e.group
                e.item = target[1]
                groups.moved(old, e.group)
                by_group.setdefault(e.group, []).append(e)
    owned: dict[str | None, list[_Entry]] = {}  # by item: entries with a subject (more join below)
    owned_same: dict[tuple[str | None, tuple[float | None, ...]], list[_Entry]] = {}
    for e in entries:
        if e.subject_key:
            owned.setdefault(e.item, []).append(e)
            owned_same.setdefault((e.item, _value(e.q)), []).append(e)
    for e in entries:  # no subject: the one subject that reports the same figure for the same thing
        if e.subject_key or apart(e):
            continue  # a threshold, a margin or a part of a whole is nobody's figure
        fits = (None, e.action)
        owners = {
            (o.subject_key, o.subject, o.subject_entity_id)
            for o in owned_same.get((e.item, _value(e.q)), ())
            if o.action in fits
        }
        if not owners:  # "39 млрд" after "35-39 млрд": a point of the one range that holds it
            owners = {
                (o.subject_key, o.subject, o.subject_entity_id)
                for o in owned.get(e.item, ())
                if o.action in fits and within(e.q, o.q)
            }
        if len(owners) == 1:
            old = e.group
            e.subject_key, e.subject, e.subject_entity_id = owners.pop()
            groups.moved(old, e.group)
            owned.setdefault(e.item, []).append(e)
            owned_same.setdefault((e.item, _value(e.q)), []).append(e)
            target = _unique([g for g in groups.with_item(e.subject_key, e.item) if g[2]])
            if target and e.action is None:
                old = e.group
                e.action = target[2]
                groups.moved(old, e.group)


def _join_same_figures(entries: list[_Entry]) -> None:
    """Figures of nobody known that count the same item with the same value are
    one report however the verb differs ("соглашение с 27 странами" and "между 27
    странами нет разногласий"): the later ones take the first one's verb. The first
    agreeing one of those kept, looked up by value (`ledger_figure_index`), not scanned."""
    kept = SameFigures()
    for e in entries:
        if e.subject_key or e.item is None or apart(e):
            continue
        match = kept.match(e)
        if match is not None:
            e.action, e.action_text = match.action, match.action_text
        else:
            kept.add(e)
