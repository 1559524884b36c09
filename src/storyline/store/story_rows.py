"""A story's long parts (timeline, facts, quotes) as rows, written by difference.

The story document (`stories.data`) keeps the short fields; each timeline event,
ledger fact and quote is one row of `story_parts` (schema 41). An article that
joins a story changes a few of them, so a save compares the story's new rows
with those last written (`StoryRows`, kept by the caller between saves, or read
back from the store) and writes only the difference: rows whose text changed
are updated in place, new ones are inserted with a rank (`ord`) between their
neighbours', rows gone are deleted. Nothing is renumbered unless ranks run out
of precision between two rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from storyline.model import Fact, Story, StoryQuote, TimelineEvent

PARTS = ("timeline", "facts", "quotes")
# The smallest gap between two neighbouring ranks that still leaves room for a row
# between them: doubles keep ~15 significant digits, so ranks around 10^5 (the
# largest parts seen, a 100k store's biggest timeline) keep ~10^-10; at this gap
# the part is renumbered 0, 1, 2... instead (one UPDATE per row, rare).
MIN_GAP = 1e-6

Row = tuple[int, float, str]  # (rid, ord, data)


@dataclass
class StoryRows:
    """The rows of one story as the store holds them: per part, in order."""

    story_id: str
    parts: dict[str, list[Row]] = field(default_factory=dict)
    next_rid: int = 0
    written: int = 0  # rows the save that returned this wrote (inserted, updated, deleted)
    # The row texts of the part objects the last save encoded (`Encodings`): the next
    # save of the same story encodes only the objects that are new or changed.
    encodings: Encodings | None = field(default=None, compare=False, repr=False)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.parts.values())


@dataclass
class Changes:
    """The statements one save needs."""

    inserts: list[tuple[str, int, float, str]] = field(default_factory=list)  # (part, rid, ord, data)
    updates: list[tuple[str, str, float, int]] = field(default_factory=list)  # (part, data, ord, rid)
    deletes: list[tuple[str, int]] = field(default_factory=list)  # (part, rid)

    @property
    def rows(self) -> int:
        return len(self.inserts) + len(self.updates) + len(self.deletes)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _event(e: TimelineEvent) -> str:
    return _dumps({**vars(e), "evidence": [vars(x) for x in e.evidence]})


def _fact(f: Fact) -> str:
    return _dumps({**vars(f), "values": [vars(v) for v in f.values]})


def _quote(q: StoryQuote) -> str:
    return _dumps(vars(q))


def digest(encoded: Mapping[str, Sequence[str]], encodings: Encodings | None = None) -> str:
    """A short digest of every part row's text, in order: it changes whenever any row
    does, even a same-length edit of a figure. Made of one digest per row, which
    `encodings` keeps with the row's text (hashing all of a 2,000-article story's
    rows, ~5 MB, was ~5 ms of CPU per save)."""
    known = encodings.digests if encodings is not None else {}
    h = hashlib.blake2b(digest_size=16)
    for part in PARTS:
        h.update(b"".join(known.get(id(text)) or _row_digest(text) for text in encoded.get(part, ())))
        h.update(b"\x01")
    return h.hexdigest()


def _row_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


class Encodings:
    """Row texts of part objects, by object: an add to a 2,000-article story shows
    ~9,500 rows, of which it changes a few dozen, and encoding them all was ~45 ms of
    CPU per save. An entry holds the object itself (so its id is not reused) and a
    copy of its fields as encoded: an object with a field reassigned since (a timeline
    event's `context`, a new list) is encoded again. The story step builds a part
    object once and afterwards only reassigns its fields; nothing edits the lists of
    an object it has shown in place, which this would not see."""

    def __init__(self) -> None:
        self.kept: dict[int, tuple[Any, dict[str, Any], str]] = {}
        self.digests: dict[int, bytes] = {}  # by id of a kept row text: its digest
        self.hits = 0  # objects whose text was reused (for tests and benchmarks)

    def texts(
        self, objects: Sequence[Any], encode: Any, kept: dict[int, tuple[Any, dict[str, Any], str]]
    ) -> list[str]:
        """The row texts of `objects`, each entered in `kept` (the next save's encodings)."""
        old = self.kept
        digests = self.digests
        out = []
        for obj in objects:
            key = id(obj)
            entry = old.get(key)
            # dict equality: each field by identity first, so a C loop over the fields
            if entry is None or entry[0] is not obj or entry[1] != obj.__dict__:
                entry = (obj, dict(obj.__dict__), encode(obj))
                digests[id(entry[2])] = _row_digest(entry[2])
            else:
                self.hits += 1
            kept[key] = entry
            out.append(entry[2])
        return out


def encode_parts(story: Story, encodings: Encodings | None = None) -> dict[str, list[str]]:
    """Each part of the story as row texts, in order (a flat `vars` walk: `asdict`
    deep-copies and cost ~4x as much on a 2,000-article story). With `encodings`, an
    object encoded by an earlier save and unchanged since keeps its text, and the
    encodings are left holding this story's objects only."""
    if encodings is None:
        return {
            "timeline": [_event(e) for e in story.timeline],
            "facts": [_fact(f) for f in story.facts],
            "quotes": [_quote(q) for q in story.quotes],
        }
    kept: dict[int, tuple[Any, dict[str, Any], str]] = {}  # this story's objects only
    out = {
        "timeline": encodings.texts(story.timeline, _event, kept),
        "facts": encodings.texts(story.facts, _fact, kept),
        "quotes": encodings.texts(story.quotes, _quote, kept),
    }
    encodings.kept = kept
    encodings.digests = {id(t): encodings.digests[id(t)] for e in kept.values() for t in (e[2],)}
    return out


def plan(old: StoryRows, new: Mapping[str, Sequence[str]]) -> tuple[StoryRows, Changes]:
    """The rows after the save, and the statements that turn `old` into them."""
    changes = Changes()
    out = StoryRows(old.story_id, {}, old.next_rid)
    for part in PARTS:
        rows, out.next_rid = _plan_part(
            part, old.parts.get(part, []), list(new.get(part, ())), out.next_rid, changes
        )
        out.parts[part] = rows
    return out, changes


def _plan_part(
    part: str, old: list[Row], new: list[str], next_rid: int, changes: Changes
) -> tuple[list[Row], int]:
    texts = [r[2] for r in old]
    # Common head and tail first (string equality): the usual add appends or touches
    # a few rows, and the matcher then sees only the middle.
    head = 0
    while head < len(old) and head < len(new) and texts[head] == new[head]:
        head += 1
    tail = 0
    while tail < len(old) - head and tail < len(new) - head and texts[-1 - tail] == new[-1 - tail]:
        tail += 1
    result: list[Row] = list(old[:head])
    mid_old, mid_new = old[head : len(old) - tail], new[head : len(new) - tail]
    pending: list[str] = []  # new texts waiting for a rank (inserted before the next kept row)

    def place(before: float | None) -> None:
        nonlocal next_rid
        if not pending:
            return
        lo = result[-1][1] if result else (before - len(pending) - 1 if before is not None else -1.0)
        hi = before if before is not None else lo + len(pending) + 1
        step = (hi - lo) / (len(pending) + 1)
        for k, text in enumerate(pending, 1):
            row = (next_rid, lo + step * k, text)
            next_rid += 1
            result.append(row)
            changes.inserts.append((part, *row))
        pending.clear()

    matcher = SequenceMatcher(None, [r[2] for r in mid_old], mid_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            place(mid_old[i1][1])
            result.extend(mid_old[i1:i2])
            continue
        reuse = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(reuse):  # a changed row keeps its id and place
            rid, ord_, _ = mid_old[i1 + k]
            place(ord_)
            result.append((rid, ord_, mid_new[j1 + k]))
            changes.updates.append((part, mid_new[j1 + k], ord_, rid))
        for rid, _, _ in mid_old[i1 + reuse : i2]:
            changes.deletes.append((part, rid))
        pending.extend(mid_new[j1 + reuse : j2])
    place(old[len(old) - tail][1] if tail else None)
    result.extend(old[len(old) - tail :])
    if any(b[1] - a[1] < MIN_GAP for a, b in zip(result, result[1:], strict=False)):
        result = _renumber(part, result, changes)
    return result, next_rid


def _renumber(part: str, rows: list[Row], changes: Changes) -> list[Row]:
    """Ranks 0, 1, 2... again: every row whose rank moves is updated (its insert, if new)."""
    inserted = {c[1]: i for i, c in enumerate(changes.inserts) if c[0] == part}
    updated = {c[3]: i for i, c in enumerate(changes.updates) if c[0] == part}
    out = []
    for n, (rid, ord_, text) in enumerate(rows):
        out.append((rid, float(n), text))
        if rid in inserted:
            changes.inserts[inserted[rid]] = (part, rid, float(n), text)
        elif rid in updated:
            changes.updates[updated[rid]] = (part, text, float(n), rid)
        elif ord_ != n:
            changes.updates.append((part, text, float(n), rid))
    return out


def group_rows(story_id: str, rows: Iterable[tuple[str, int, float, str]]) -> StoryRows:
    """`StoryRows` from (part, rid, ord, data) rows in (part, ord) order."""
    out = StoryRows(story_id, {part: [] for part in PARTS})
    for part, rid, ord_, data in rows:
        out.parts.setdefault(part, []).append((int(rid), float(ord_), data))
        out.next_rid = max(out.next_rid, int(rid) + 1)
    return out


# The statements, in the SQL both backends run ('?' placeholders).
SELECT_ROWS = "SELECT part, rid, ord, data FROM story_parts WHERE story_id=? ORDER BY part, ord"
SELECT_TEXTS = "SELECT part, data FROM story_parts WHERE story_id=? ORDER BY part, ord"
SELECT_ALL_TEXTS = "SELECT story_id, part, data FROM story_parts ORDER BY story_id, part, ord"
COUNT_ROWS = "SELECT COUNT(*), COALESCE(MAX(rid), -1) FROM story_parts WHERE story_id=?"
INSERT = "INSERT INTO story_parts (story_id, part, rid, ord, data) VALUES (?, ?, ?, ?, ?)"
UPDATE = "UPDATE story_parts SET data=?, ord=? WHERE story_id=? AND part=? AND rid=?"
DELETE = "DELETE FROM story_parts WHERE story_id=? AND part=? AND rid=?"
DELETE_STORY = "DELETE FROM story_parts WHERE story_id=?"


def texts_by_part(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(part, data) rows in order -> part -> texts."""
    out: dict[str, list[str]] = {}
    for part, data in rows:
        out.setdefault(part, []).append(data)
    return out
