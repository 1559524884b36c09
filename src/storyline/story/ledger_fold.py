"""The fact ledger kept between additions: an added article redoes what its figures touch.

`build_ledger` (`story/ledger.py`) runs three steps over every figure of the story:
`identify` (each figure's subject, item and verb filled in from the others),
`slotted` then `split_groups` (figures grouped into facts), then `fact_of` per fact.
On a 2,000-article story that was ~90 ms of CPU per added article, redone whole.
This layer keeps, between calls, what those steps made, and redoes only:

- the figures of an article read once (`_entries` of that article alone: a
  sentence's figures never look past their sentence);
- `identify` only on the connected parts of the story whose figures changed: a
  part is the figures linked through a shared item or subject (union-find on
  both), and every rule of `identify` reads only figures of the figure's own
  part (`ledger.identify` says so), so running it part by part, each part in
  reading order, gives what it gives on the whole story;
- `slotted` on every figure (its slot numbers count over the whole story; a few ms);
- `split_groups`' two per-group steps (contradictions, then periods) only for groups
  whose figures changed, and its one cross-group step (a subjectless figure joining a
  subject's group, `ledger.join_owned`) on every group between them;
- `fact_of` only for facts whose figures (and what the figures carry) changed.

The result is the whole-story ledger exactly (`tests/story/test_ledger_fold.py`
compares them in random arrival orders, in order and late). An article with no
figures changes nothing: when the story's figures are the very entries of the last
build, in the same order, the last ledger is given again (every step reads only the
figures, their sentences and their own articles' days and sources; the entries are
held, so identity is no reused id). Half the adds to bsnlp-ru's 157-article story
bring no figure and redid ~0.4 s of grouping steps over its 1,538 facts. Everything is keyed by the
identity of kept objects (sentence infos, quantity mentions, the entries read from
them), which the cache holds so no id is reused; entity names are compared on every
call and a rename starts the cache afresh. A stored state carries it without the
ids (`__getstate__`): each key is written as the objects it names, which the state's
one pickle keeps shared, and `__setstate__` keys them again by their new ids, so the
first addition after a read-back redoes what it touches, not the whole ledger.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from storyline.model import Article, Entity, Fact
from storyline.story.features import SentenceInfo
from storyline.story.ledger import (
    Slot,
    fact_of,
    identify,
    join_owned,
    ordered_facts,
    reading_rank,
    slotted,
    split_contradictions,
    split_periods,
)
from storyline.story.ledger_entries import _entries, _Entry

# An entry's fields besides its figure and sentence: what the steps may change and
# the facts read (a fact's cache key holds them; every field, whatever is added).
_FIELDS = tuple(f.name for f in fields(_Entry) if f.name not in ("q", "s"))
# What a per-group step of `split_groups` kept, by group signature: the held objects
# (so no id is reused) and the step's groups' keys with the figures' places in the group.
_Kept = dict[tuple[Any, ...], tuple[list[Any], list[tuple[Slot, list[int]]]]]


@dataclass
class LedgerCounters:
    """What the last `build` redid and what it kept (tests and benchmarks read these)."""

    parts_redone: int = 0
    parts_kept: int = 0
    facts_redone: int = 0
    facts_kept: int = 0
    reused_whole: bool = False


class LedgerFold:
    """One story's ledger steps, kept between calls of `build`."""

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.names: dict[str, str] | None = None  # entity id -> name the cache was made with
        self.read: dict[str, list[_Entry]] = {}  # per article: its figures as read, never changed
        # per connected part (the ids of its read entries, in order): those entries
        # (held, so no id is reused) and each one's fields after `identify`
        self.identified: dict[tuple[int, ...], tuple[list[_Entry], list[dict[str, Any]]]] = {}
        # per group's signature (its key, each figure's objects and fields), for each
        # per-group step of `split_groups`: the held objects and the step's groups'
        # keys with the figures' places in the group
        self.split: _Kept = {}
        self.periods: _Kept = {}
        self.facts: dict[tuple[Any, ...], tuple[list[Any], Fact]] = {}  # per fact signature
        # the figures of the last build in reading order (held) and its facts
        self.last: tuple[list[_Entry], list[Fact]] | None = None
        self.counters = LedgerCounters()

    def __getstate__(self) -> dict[str, Any]:
        """The cache without object ids: every id in a key is of an object the entry
        holds (in the key's order), so the keys are written as their other parts."""
        return {
            "names": self.names,
            "read": self.read,
            "identified": list(self.identified.values()),
            "split": _portable(self.split),
            "periods": _portable(self.periods),
            "facts": _portable(self.facts),
            "last_figures": self.last,  # held entries: the pickle keeps them shared
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._clear()
        if "read" not in state:  # a state written before the cache was kept
            return
        self.names = state["names"]
        self.read = state["read"]
        self.identified = {tuple(map(id, kept[0])): kept for kept in state["identified"]}
        self.split = _keyed(state["split"])
        self.periods = _keyed(state["periods"])
        self.facts = _keyed(state["facts"])
        self.last = state.get("last_figures")

    def forget(self, article_id: str) -> None:
        """An article's sentences changed (one became site furniture): read it again."""
        self.read.pop(article_id, None)

    def build(
        self,
        story_id: str,
        articles: Sequence[Article],
        infos: Mapping[str, list[SentenceInfo]],
        entities: Mapping[str, Entity],
        days: Mapping[str, date | None],
    ) -> list[Fact]:
        """The story's facts, as `build_ledger` gives them for `articles` in reading order."""
        names = {eid: e.name for eid, e in entities.items()}
        if names != self.names:
            self._clear()
            self.names = names
        self.counters = LedgerCounters()
        read = {}
        for a in articles:
            entries = self.read.get(a.id)
            if entries is None:
                entries = _entries([infos[a.id]], entities)
            read[a.id] = entries
        self.read = read
        template = [e for a in articles for e in read[a.id]]
        if self.last is not None and _same(self.last[0], template):
            self.counters.reused_whole = True
            return list(self.last[1])
        entries = self._identify(template)
        by_id = {a.id: a for a in articles}
        sources = {a.id: (a.source or a.id) for a in articles}
        grouped = slotted(entries)
        signatures = {id(e): (id(e.q), id(e.s), *map(e.__dict__.__getitem__, _FIELDS)) for e in entries}
        rank = reading_rank(entries)
        grouped, self.split = _split(grouped, signatures, split_contradictions, self.split)
        grouped, self.periods = _split(join_owned(grouped, rank), signatures, split_periods, self.periods)
        facts = self._facts(story_id, grouped, signatures, by_id, entities, days, sources)
        out = ordered_facts(facts)
        self.last = (template, out)
        return list(out)

    def _identify(self, template: list[_Entry]) -> list[_Entry]:
        """Fresh entries for this build, with `identify` run on each connected part whose
        figures are not the ones it last ran on; the other parts' entries are made from
        what `identify` gave them then."""
        identified: dict[tuple[int, ...], tuple[list[_Entry], list[dict[str, Any]]]] = {}
        entries: list[_Entry | None] = [None] * len(template)
        for members in _parts(template):
            key = tuple(id(template[i]) for i in members)
            kept = self.identified.get(key)
            if kept is None:
                mine = [_fresh(template[i].__dict__) for i in members]
                identify(mine)
                kept = ([template[i] for i in members], [dict(e.__dict__) for e in mine])
                self.counters.parts_redone += 1
            else:
                mine = [_fresh(d) for d in kept[1]]
                self.counters.parts_kept += 1
            for i, e in zip(members, mine, strict=True):
                entries[i] = e
            identified[key] = kept
        self.identified = identified
        return entries  # type: ignore[return-value]  # every index is in one part

    def _facts(
        self,
        story_id: str,
        grouped: Mapping[Slot, list[_Entry]],
        signatures: Mapping[int, tuple[Any, ...]],
        articles: Mapping[str, Article],
        entities: Mapping[str, Entity],
        days: Mapping[str, date | None],
        sources: Mapping[str, str],
    ) -> list[Fact]:
        facts: dict[tuple[Any, ...], tuple[list[Any], Fact]] = {}
        out = []
        for key, part in grouped.items():
            signature = (key, *(signatures[id(e)] for e in part))
            kept = self.facts.get(signature)
            if kept is None:
                held: list[Any] = [(e.q, e.s) for e in part]
                kept = (held, fact_of(story_id, key, part, articles, entities, days, sources))
                self.counters.facts_redone += 1
            else:
                self.counters.facts_kept += 1
            facts[signature] = kept
            out.append(kept[1])
        self.facts = facts
        return out


def _split(
    grouped: dict[Slot, list[_Entry]],
    signatures: Mapping[int, tuple[Any, ...]],
    step: Callable[[dict[Slot, list[_Entry]]], dict[Slot, list[_Entry]]],
    kept_before: _Kept,
) -> tuple[dict[Slot, list[_Entry]], _Kept]:
    """A per-group step of `split_groups` one group at a time, redone for groups whose
    figures changed (`kept_before`: what the last build kept, by group signature); gives
    the step's groups and what to keep for the next build. Group by group is the
    whole-story step whenever no two groups give a result the same key (the whole-story
    step would put both under one); then it is run whole."""
    done: _Kept = {}
    out: dict[Slot, list[_Entry]] = {}
    clash = False
    for key, group in grouped.items():
        signature = (key, *(signatures[id(e)] for e in group))
        kept = kept_before.get(signature)
        if kept is None:
            at = {id(e): i for i, e in enumerate(group)}
            parts = step({key: group})
            kept = ([(e.q, e.s) for e in group], [(k, [at[id(e)] for e in p]) for k, p in parts.items()])
        done[signature] = kept
        for k, indexes in kept[1]:
            if k in out:
                clash = True
            out[k] = [group[i] for i in indexes]
    return (step(grouped) if clash else out), done


def _portable(kept: Mapping[tuple[Any, ...], tuple[list[Any], Any]]) -> list[tuple[Any, ...]]:
    """Kept steps by group signature, each signature without its ids: (group key, each
    figure's fields, what was kept). A signature's figures are `held` in its order, and
    each figure's part starts with the ids of its held (figure, sentence)."""
    out = []
    for signature, (held, value) in kept.items():
        key, per_figure = signature[0], signature[1:]
        out.append((key, [part[2:] for part in per_figure], held, value))
    return out


def _keyed(portable: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], tuple[list[Any], Any]]:
    """`_portable` read back: the signatures made again from the held objects' new ids."""
    out: dict[tuple[Any, ...], tuple[list[Any], Any]] = {}
    for key, per_figure, held, value in portable:
        signature = (key, *((id(q), id(s), *f) for (q, s), f in zip(held, per_figure, strict=True)))
        out[signature] = (held, value)
    return out


def _same(before: Sequence[_Entry], now: Sequence[_Entry]) -> bool:
    """The same entry objects in the same order."""
    return len(before) == len(now) and all(map(operator.is_, before, now))


def _fresh(values: dict[str, Any]) -> _Entry:
    """An entry for one build from kept fields (the steps change entries in place)."""
    new = _Entry.__new__(_Entry)
    new.__dict__.update(values)
    return new


def _parts(entries: Sequence[_Entry]) -> list[list[int]]:
    """The entries' connected parts (indexes, in reading order): linked by a shared item
    or a shared non-empty subject key, the only links `identify` follows."""
    parent: dict[tuple[str, str | None], tuple[str, str | None]] = {}

    def find(x: tuple[str, str | None]) -> tuple[str, str | None]:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for e in entries:
        item = find(("item", e.item))
        if e.subject_key:
            subject = find(("subject", e.subject_key))
            if subject != item:
                parent[subject] = item
    parts: dict[tuple[str, str | None], list[int]] = {}
    for i, e in enumerate(entries):
        parts.setdefault(find(("item", e.item)), []).append(i)
    return list(parts.values())
