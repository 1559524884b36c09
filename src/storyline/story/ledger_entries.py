"""A figure of the ledger and its identity: whose figure it is and what it counts.

Every other step of the ledger (merging under-specified figures, slots, splits,
status) works on these entries, so the entry and the reading of a sentence's
figures into entries live here, below all of them: the slot logic and the merge
import the entry, never the ledger that assembles the facts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.model import Entity, QuantityMention
from storyline.story.features import SentenceInfo
from storyline.story.furniture import FURNITURE
from storyline.story.measure import TIME_ITEMS, Measure, measure_of

__all__ = ["PHRASE", "_Entry", "_entries", "_extends", "subject_key"]


# Words of a phrase subject that identify it (head noun and its first genitive):
# on brexit-chequers "Курс фунта стерлингов" / "курс фунта", "Курс евро" / "курс евро к
# доллару" (cut to two words by the parse already) are then one subject each.
SUBJECT_KEY_WORDS = 2


# Items that make a figure a clock time ("14.04 мск") or a day of a month ("34 июля"), not a count.
CLOCK_ITEMS = frozenset({"мск", "gmt", "utc", "cet", "час"})
MONTH_ITEMS = frozenset(
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
)
# Key prefix of a subject named by a phrase, not an entity.
PHRASE = "name:"


@dataclass
class _Entry:
    q: QuantityMention
    s: SentenceInfo
    subject_key: str
    subject: str
    subject_entity_id: str | None
    item: str | None
    action: str | None
    action_text: str | None
    destination: str | None
    # the verb is the enumeration's, carried over from the figure before (`_entries`)
    shared_verb: bool = False

    @property
    def timeless(self) -> bool:
        """No verb says what happened to the figure: an attribute ("Асии Биби 51 год")."""
        return self.action is None

    @property
    def group(self) -> tuple[str, str | None, str | None]:
        """A fact's identity: whose figure and what it counts. The verb tells apart
        only figures of nobody known ("27 странами — заключить" vs "48 депутатов —
        написали"); a subject's figure for one item is one fact whatever verb
        reports it ("поднимался до 1,3327" and "снижался до 1,3239" of курс фунта)."""
        return (self.subject_key, self.item, None if self.subject_key else self.action)


def _subject(q: QuantityMention, entities: Mapping[str, Entity]) -> tuple[str, str, str | None]:
    if q.subject_entity_id:
        ent = entities.get(q.subject_entity_id)
        return q.subject_entity_id, ent.name if ent else (q.subject or ""), q.subject_entity_id
    if q.subject:
        return PHRASE + subject_key(q.subject), q.subject, None
    return "", "", None


def _extends(longer: str, shorter: str) -> bool:
    """A phrase subject's words continue another's: "протесты исламистов" of "протесты"."""
    if not (longer.startswith(PHRASE) and shorter.startswith(PHRASE)):
        return False
    a, b = longer[len(PHRASE) :].split(), shorter[len(PHRASE) :].split()
    return len(a) > len(b) and a[: len(b)] == b


def subject_key(name: str) -> str:
    """A subject named by a phrase, not an entity, is known by its first words:
    "Курс фунта стерлингов" and "курс фунта" are one subject."""
    words = name.lower().replace("ё", "е").split()
    return " ".join(words[:SUBJECT_KEY_WORDS])


def _figures_of(s: SentenceInfo) -> list[tuple[QuantityMention, Measure]]:
    """The sentence's figures that can be facts, with their measure: a function of the
    sentence alone, kept on it (a story extended article by article asks again)."""
    kept = s.memo.get("ledger_figures")
    if isinstance(kept, list):
        return kept
    out = []
    date_spans = [(d.start, d.end) for d in s.dates]
    for q in sorted(s.quantities, key=lambda x: x.start):
        if q.value is None and q.value_min is None and q.value_max is None:
            continue
        if any(a <= q.start < b for a, b in date_spans):
            continue
        if _not_a_count(q, s):
            continue
        m = measure_of(q, s)
        # a span of time is a figure only where the annotator read it as one
        # ("уже третий день", "около восьми лет"), not one the clause's noun suggests
        stated = m.item in TIME_ITEMS and q.item is not None and _norm_item(q.item) == m.item
        if (m.item in TIME_ITEMS and not stated) or m.item in CLOCK_ITEMS or m.item in MONTH_ITEMS:
            continue
        out.append((q, m))
    s.memo["ledger_figures"] = out
    return out


# "не один раз" (many times), "по одной нитке" (along one of them): a "one" after these
# words counts nothing. "по двум ниткам" still counts two.
_NOT_ONE = re.compile(r"(?:^|[\s(«\"])(?:не|по)\s+$", re.IGNORECASE)
# A number written onto a word ("Северный поток-2", "Су-35") is part of a name.
_NAME_NUMBER = re.compile(r"[^\W\d_]-$")


def _not_a_count(q: QuantityMention, s: SentenceInfo) -> bool:
    """A figure that is part of a name or a negated/distributive "one", not a count."""
    before = s.text[: q.start - s.start]
    if _NAME_NUMBER.search(before):
        return True
    if any(m.start <= q.start and q.end <= m.end for m in s.entities):
        return True  # inside a named entity's mention: "Castoro 10", "Северный поток 2"
    return q.value == 1 and bool(_NOT_ONE.search(before))


# Words that make a figure a requirement, not anyone's tally: "270 необходимых голосов",
# "нужны 270 голосов", "требуется 218 голосов". Stems, matched on the word next to the
# number or inside the figure's own words.
_THRESHOLD = re.compile(r"^(?:необходим|нужн|нужен|требуем|требует|требовал|достаточн)", re.IGNORECASE)
# The verb a threshold's figure is grouped under (it keeps it apart from every tally).
THRESHOLD_ACTION = "необходимо"


def _threshold(q: QuantityMention, s: SentenceInfo) -> bool:
    """The figure says how many are needed ("для победы нужны 270 голосов"): a rule of
    the contest, not the count of whoever the clause names (Biden's 302, then his
    "270 необходимых голосов", had been one conflicting fact of his)."""
    before = s.text[: q.start - s.start].split()
    after = s.text[q.start - s.start : q.end - s.start + 20].split()[1:3]
    words = ([before[-1]] if before else []) + after
    return any(_THRESHOLD.match(w.strip('«»"(),.')) for w in words)


def _entries(ordered: Sequence[list[SentenceInfo]], entities: Mapping[str, Entity]) -> list[_Entry]:
    out: list[_Entry] = []
    for sentences in ordered:
        for s in sentences:
            if s.kind == FURNITURE:
                continue  # comment-form limits, counters, footers: no figures of the story
            previous: _Entry | None = None
            for q, m in _figures_of(s):
                key, name, eid = _subject(q, entities)
                entry = _Entry(q, s, key, name, eid, m.item, m.action, m.action_text, m.destination)
                if _threshold(q, s):
                    entry.subject_key, entry.subject, entry.subject_entity_id = "", "", None
                    entry.action, entry.action_text = THRESHOLD_ACTION, THRESHOLD_ACTION
                if previous is not None:
                    # an enumeration shares its item and verb: "направить от 100 до 300 военнослужащих, Россия — 1400"
                    entry.item = entry.item or previous.item
                    if entry.action is None and not _bracketed(q, s):
                        entry.action, entry.action_text = previous.action, previous.action_text
                        entry.shared_verb = entry.action is not None
                        entry.destination = entry.destination or previous.destination
                out.append(entry)
                previous = entry
    return out


def _norm_item(item: str) -> str:
    item = item.lower().replace("ё", "е")
    return "год" if item == "лет" else item


def _bracketed(q: QuantityMention, s: SentenceInfo) -> bool:
    """A figure in brackets is an aside to a name ("Армения (70 военных)"), not governed by the clause verb."""
    before = s.text[: q.start - s.start].rstrip()
    return before.endswith("(")
