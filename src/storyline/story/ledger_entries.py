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
from storyline.story.ledger_setting import setting
from storyline.story.ledger_thresholds import requirement
from storyline.story.measure import ATTRIBUTE_ITEMS, TIME_ITEMS, Measure, measure_of

__all__ = [
    "EARLIER_HEADING",
    "PARTITIVE_GAP",
    "PHRASE",
    "_Entry",
    "_entries",
    "_extends",
    "apart",
    "subject_key",
]


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
    # told under a heading of earlier news ("Выборы в США - о чем сообщалось ранее:")
    earlier: bool = False
    # what the figure's own sentence says it counts, before `ledger_merge` fills in the
    # rest from other figures (`ledger_ties`: figures whose own words count two things
    # are no one figure's history)
    own_item: str | None = None
    # the names of the figure's article's lead (`ledger_setting`): where and whose the
    # figure is when its own sentence names nothing
    setting: frozenset[str] = frozenset()

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
        if _not_a_count(q, s) or _division(q, s):
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


# The parts a process is done in ("вакцинация проводится в два этапа", "выборы в два
# тура", "разделить на три части"): the figure says how one thing is split, not a tally
# of what happened, and each thing is split its own way (covid-mass-vaccination-russia,
# tuned on: the two doses of a vaccine and a region's campaign "в три этапа" were one
# `conflicting` figure, 2 / 2 / 2 / 3, no gold fact; it is the only such figure of the
# tuned-on golds, and no gold fact counts stages, rounds or phases). Lemmas of the item.
DIVISION_ITEMS = frozenset("этап фаза стадия тур раунд прием очередь ступень шаг часть порция транш".split())
# The preposition right before such a figure: "в" (в два этапа) or "на" (на три части).
_DIVISION_BEFORE = re.compile(r"(?:^|[\s(«\"])(?:в|во|на)\s+$", re.IGNORECASE)


def _division(q: QuantityMention, s: SentenceInfo) -> bool:
    """A count of the parts something is done in ("в два этапа"), not a figure of it."""
    if q.item is None or _norm_item(q.item) not in DIVISION_ITEMS:
        return False
    return bool(_DIVISION_BEFORE.search(s.text[: q.start - s.start]))


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
    if q.item not in ATTRIBUTE_ITEMS and any(m.start <= q.start and q.end <= m.end for m in s.entities):
        # inside a named entity's mention: "Castoro 10", "Северный поток 2"; an age was read
        # with its person, so a name span run past it ("Верховного суда Пакистана по делу
        # 50-летней христианки Асии Биби") does not make it part of a name
        return True
    return q.value == 1 and bool(_NOT_ONE.search(before))


# The verb a threshold's figure is grouped under (it keeps it apart from every tally); what
# a threshold is, is read by `ledger_thresholds.requirement` (the figure's own clause).
THRESHOLD_ACTION = "необходимо"


# A margin is the gap between two tallies, not anyone's tally: "победит с перевесом всего в
# два голоса выборщиков", "победил с отрывом в 146 тысяч голосов", "опережал республиканца
# на 2,5 млн отданных голосов" (us-election-vote-count: Biden's margin of 2 and his 227
# electoral votes had been one conflicting fact). Stems of the noun before "в N", and the
# verbs whose "на N" is a lead.
_MARGIN_NOUN = re.compile(
    r"(?:перевес|отрыв|разниц|преимуществ)\w*\s+(?:(?:всего|лишь|почти|около|более|менее|примерно)\s+)?в\s+$",
    re.IGNORECASE,
)
_LEAD_VERBS = frozenset({"опережать", "опередить", "отставать", "отстать", "обгонять", "обогнать"})
_LEAD_ON = re.compile(r"(?:^|\s)на\s+(?:(?:почти|около|более|менее|примерно)\s+)?$", re.IGNORECASE)
# The verb a margin's figure is grouped under (apart from every tally, as a threshold).
MARGIN_ACTION = "перевес"
# How far back the margin noun (or "один из") is looked for, in characters: the longest
# lead-in on bsnlp-ru us_election_2020 is "с перевесом почти в " (20); 40 holds it with an
# adverb more and stays inside the figure's clause. Not tuned: no gold figure moved at 30-60
# (us-election-vote-count, electoral-college, capitol-certification; session 13).
MARGIN_REACH = 40


def _margin(q: QuantityMention, s: SentenceInfo, action: str | None) -> bool:
    before = s.text[max(0, q.start - s.start - MARGIN_REACH) : q.start - s.start]
    if _MARGIN_NOUN.search(before):
        return True
    return action in _LEAD_VERBS and bool(_LEAD_ON.search(before))


# "три из четырех голосов выборщиков штата Мэн", "хотя бы один из трех штатов, где
# лидировал Трамп": the part and the whole it is taken from are one statement about a
# subset, not the clause subject's tally (us-election-vote-count: Biden's "три из
# четырех" of Maine and his 227 electoral votes; "один из трех штатов, где лидировал
# Трамп" and Biden's "двух спорных штатах"). Both figures are grouped under "из M".
PARTITIVE_GAP = re.compile(r"^[\s\u00a0]+из[\s\u00a0]+$")
PARTITIVE_ONE = re.compile(
    r"(?:^|\s)(?:один|одна|одно|одного|одной|одним|одном|одну)\s+из\s+$", re.IGNORECASE
)
PARTITIVE_ACTION = "из"


def _partitives(figures: Sequence[QuantityMention], s: SentenceInfo) -> dict[int, float]:
    """The figures of the sentence that are a part or the whole of "N из M", each with its M."""
    out: dict[int, float] = {}
    for part, whole in zip(figures, figures[1:], strict=False):
        if whole.value is None or requirement(whole, s, clause=False):
            continue  # "264 голосов из 270, необходимых для победы": a tally against the rule
        if PARTITIVE_GAP.match(s.text[part.end - s.start : whole.start - s.start]):
            out[part.start] = out[whole.start] = whole.value
    for q in figures:
        before = s.text[max(0, q.start - s.start - MARGIN_REACH) : q.start - s.start]
        if (
            q.value is not None
            and q.start not in out
            and PARTITIVE_ONE.search(before)
            and not requirement(q, s, clause=False)
        ):
            out[q.start] = q.value  # "один из трех штатов": the "один" is no figure of its own
    return out


def _set_apart(entry: _Entry, action: str) -> None:
    """A figure that is nobody's tally: no subject, its own verb (a threshold, a margin, a part)."""
    entry.subject_key, entry.subject, entry.subject_entity_id = "", "", None
    entry.action, entry.action_text = action, action


def apart(entry: _Entry) -> bool:
    """Set apart by `_set_apart`: its verb is no verb for the figures after it to share."""
    action = entry.action or ""
    return action in (THRESHOLD_ACTION, MARGIN_ACTION) or action.startswith(PARTITIVE_ACTION + " ")


# A line that opens a section of earlier news: it names a past report ("о чем
# сообщалось ранее", "ранее стало известно") and ends with a colon; what follows it in
# the article is a recap, the state of an earlier moment.
EARLIER_HEADING = re.compile(
    r"(?:^|\n)[^\n:]*(?:сообщалось|ранее стало известно|писали ранее|предыстория)[^\n:]*:[ \t]*(?:\n|$)",
    re.IGNORECASE,
)


def _entries(ordered: Sequence[list[SentenceInfo]], entities: Mapping[str, Entity]) -> list[_Entry]:
    out: list[_Entry] = []
    for sentences in ordered:
        earlier = False
        scene = setting(sentences)
        for s in sentences:
            earlier = earlier or EARLIER_HEADING.search(s.text) is not None
            if s.kind == FURNITURE:
                continue  # comment-form limits, counters, footers: no figures of the story
            previous: _Entry | None = None
            figures = _figures_of(s)
            partitive = _partitives([q for q, _ in figures], s)
            for q, m in figures:
                key, name, eid = _subject(q, entities)
                entry = _Entry(
                    q, s, key, name, eid, m.item, m.action, m.action_text, m.destination, earlier=earlier
                )
                if requirement(q, s, clause=False):
                    _set_apart(entry, THRESHOLD_ACTION)
                elif _margin(q, s, m.action):
                    _set_apart(entry, MARGIN_ACTION)
                elif q.start in partitive:
                    _set_apart(entry, f"{PARTITIVE_ACTION} {partitive[q.start]:g}")
                if previous is not None:
                    # an enumeration shares its item and verb: "направить от 100 до 300 военнослужащих, Россия — 1400"
                    entry.item = entry.item or previous.item
                    if (
                        entry.action is None
                        and not _bracketed(q, s)
                        and not apart(previous)
                        and not _own_participle(q, s)
                    ):
                        entry.action, entry.action_text = previous.action, previous.action_text
                        entry.shared_verb = entry.action is not None
                        entry.destination = entry.destination or previous.destination
                entry.own_item = entry.item
                entry.setting = scene
                out.append(entry)
                previous = entry
    return out


def _norm_item(item: str) -> str:
    item = item.lower().replace("ё", "е")
    return "год" if item == "лет" else item


def _own_participle(q: QuantityMention, s: SentenceInfo) -> bool:
    """The figure's span holds its own verb ("около 80 задержаны" after "50 человек были
    ранены"): it tells a happening of its own, so it takes no verb of the figure before."""
    return any(q.start <= t.start < q.end and t.pos == "VERB" for t in s.tokens)


def _bracketed(q: QuantityMention, s: SentenceInfo) -> bool:
    """A figure in brackets is an aside to a name ("Армения (70 военных)"), not governed by the clause verb."""
    before = s.text[: q.start - s.start].rstrip()
    return before.endswith("(")
