"""The fact ledger: every figure of the story, grouped into facts with a history.

A fact is one measured thing about one subject (Россия / военнослужащие —
направят в Казахстан). Its values are listed in reading order with their
sentence, date and source; its status says whether the reports agree
(`consistent`), a later report replaced an earlier one (`updated`: a later day,
or a sign such as "пока", "уже", "ранее сообщалось"), or sources disagree at
about the same time with nothing to say which is newer (`conflicting`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from storyline.model import Article, Entity, Fact, FactStatus, FactValue, QuantityMention
from storyline.story.features import SentenceInfo
from storyline.story.ledger_entries import PHRASE, _entries, _Entry, _extends
from storyline.story.ledger_periods import PERIOD_SLOT, split_by_period
from storyline.story.ledger_values import agree, bounded_by, exact, same, within
from storyline.story.measure import GENERIC_ITEMS, measure_text
from storyline.textid import short_hash

# Words that mark a figure as provisional or as a newer statement of an older one.
UPDATE_CUES = re.compile(
    r"\b(?:пока|уже|теперь|ранее сообщалось|сообщалось|по последним|по уточненн|по обновленн|"
    r"увеличил|возрос|вырос|достиг|снизил|сократил|превысил|до сих пор|на данный момент|на сегодня|"
    r"на утро|на вечер|к утру|к вечеру|по состоянию на)",
    re.IGNORECASE,
)
# Words that mark a figure as a repeat of an older report ("Сообщалось, что ...
# высказали четыре страны" in an article that is read last): such a figure is the
# state of an earlier moment, so it cannot supersede a fresher figure already read.
RETROSPECTIVE_CUES = re.compile(
    r"\b(?:(?:ранее|как) сообщалось|сообщалось|ранее стало известно|как стало известно ранее)",
    re.IGNORECASE,
)


# Slot offset of the facts a self-contradicting group is split into (slots below
# it count figures of one sentence, `_split_unowned` uses multiples of 1000).
SPLIT_SLOT = 100_000
# What begins a new clause or member of an enumeration between two figures of one
# sentence: a comma, a semicolon, a dash, "и", "а", "против" ("306 против 232").
CLAUSE_BREAK = re.compile(r"[,;—–]|(?<![\w])(?:и|а|против|versus|vs)(?![\w])", re.IGNORECASE)
# Slot offset of a second figure of one group in one sentence that no other report
# repeats: it is a fact of its own (a multiple per sentence, below `PERIOD_SLOT`).
OWN_SLOT = 1_000_000
# Different values a group of figures of nobody known may hold and still be one
# fact (the seeds' countries: 3 -> 4 -> 5 with one verb). More is a bag of figures.
MAX_UNOWNED_VALUES = 3


ATTRIBUTION_CUES = re.compile(
    r"\b(?:по (?:словам|данным|информации|сведениям|сообщению|оценкам|подсчетам|подсчётам)|"
    r"как (?:сообщил\w*|заявил\w*|сообщает|сообщают|передает|пишет))\s+",
    re.IGNORECASE,
)


def attribution(q: QuantityMention, s: SentenceInfo, entities: Mapping[str, Entity]) -> str | None:
    """Who gives the figure: the speaker of a quote covering it, or "по словам/данным X"."""
    for quote in s.quotes:
        if quote.start <= q.start < quote.end or (quote.kind == "indirect" and quote.start <= s.start + 5):
            if quote.speaker_entity_id and quote.speaker_entity_id in entities:
                return entities[quote.speaker_entity_id].name
            if quote.speaker or quote.speaker_label or quote.speaker_text:
                return quote.speaker or quote.speaker_label or quote.speaker_text
    m = ATTRIBUTION_CUES.search(s.text)
    if m is None:
        return None
    at = s.start + m.end()
    for mention in s.entities:
        if at <= mention.start <= at + 2:
            if mention.entity_id and mention.entity_id in entities:
                return entities[mention.entity_id].name
            return mention.name or mention.text
    words = re.match(r"[^,;:—]+", s.text[m.end() :])
    return " ".join(words.group(0).split()[:3]) if words else None


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
            options = [
                g for g in groups.with_action(e.subject_key, e.group[2]) if g[1] and g[1] not in GENERIC_ITEMS
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
        if e.subject_key:
            continue
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
    for n, e in enumerate(entries):
        place = (e.s.key, e.group)
        if slots[place] == 0:
            slots[place] += 1
            firsts[place] = e
            grouped.setdefault((*e.group, 0), []).append(e)
            continue
        if e.subject_key and not _own_subject(e, firsts[place]):
            # another member of the enumeration: neither the first one's subject nor its verb
            e.subject_key, e.subject, e.subject_entity_id = "", "", None
            if e.shared_verb:
                e.action, e.action_text, e.destination = None, None, None
            place = (e.s.key, e.group)
            if slots[place] == 0:
                slots[place] += 1
                firsts[place] = e
                grouped.setdefault((*e.group, 0), []).append(e)
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
    shared verb and few values ("высказали пока три страны" → "пять стран"). With no
    verb, or more than `MAX_UNOWNED_VALUES` different values, they are as many facts
    as values: on bsnlp us_election_2020 "голоса" of every candidate, state and
    election (71 values) had made one "conflicting" fact."""
    out: dict[tuple[str, str | None, str | None, int], list[_Entry]] = {}
    for key, group in grouped.items():
        subject_key, item, action, slot = key
        values = {(e.q.value, e.q.value_min, e.q.value_max) for e in group}
        if subject_key or (action is not None and len(values) <= MAX_UNOWNED_VALUES) or len(values) == 1:
            out[key] = group
            continue
        for e in group:
            same = next((k for k, g in out.items() if k[:3] == key[:3] and agree(g[0].q, e.q)), None)
            out.setdefault(same or (subject_key, item, action, slot + 1000 * (len(out) + 1)), []).append(e)
    return out


def _split_self_contradictions(
    grouped: dict[tuple[str, str | None, str | None, int], list[_Entry]],
) -> dict[tuple[str, str | None, str | None, int], list[_Entry]]:
    """An article does not contradict itself: when one article gives a group two
    figures that disagree, in two sentences with no sign of an update, the group
    holds different things ("должна выплатить 4,6 млрд" and "о выплате 2,56 млрд",
    "возврата 2,1 млрд" in one text), not one figure's history. Such a group is
    split into one fact per value (rounded reports of one value stay together)."""
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
        for n, cluster in enumerate(clusters):
            out[(*key[:3], key[3] + SPLIT_SLOT * n)] = cluster
    return out


def _split_periods(
    grouped: dict[tuple[str, str | None, str | None, int], list[_Entry]],
) -> dict[tuple[str, str | None, str | None, int], list[_Entry]]:
    """One fact per time period the figures are given for (`ledger_periods`)."""
    out: dict[tuple[str, str | None, str | None, int], list[_Entry]] = {}
    for key, group in grouped.items():
        parts = split_by_period(group, agree) if len(group) > 1 else [group]
        for n, part in enumerate(parts):
            out[(*key[:3], key[3] + PERIOD_SLOT * n)] = part
    return out


def _self_contradicting(group: Sequence[_Entry]) -> bool:
    by_article: dict[str, list[_Entry]] = {}
    for e in group:
        by_article.setdefault(e.s.article_id, []).append(e)
    for entries in by_article.values():
        for i, a in enumerate(entries):
            for b in entries[i + 1 :]:
                if a.s.key == b.s.key or agree(a.q, b.q) or bounded_by(a.q, b.q) or bounded_by(b.q, a.q):
                    continue
                if not (UPDATE_CUES.search(a.s.text) or UPDATE_CUES.search(b.s.text)):
                    return True
    return False


def _join_same_figures(entries: list[_Entry]) -> None:
    """Figures of nobody known that count the same item with the same value are
    one report however the verb differs ("соглашение с 27 странами" and "между 27
    странами нет разногласий"): the later ones take the first one's verb."""
    first: dict[str | None, list[_Entry]] = {}
    for e in entries:
        if e.subject_key or e.item is None:
            continue
        earlier = first.setdefault(e.item, [])
        match = next((o for o in earlier if o.action != e.action and agree(o.q, e.q)), None)
        if match is not None:
            e.action, e.action_text = match.action, match.action_text
        else:
            earlier.append(e)


def history_order(entries: Sequence[_Entry]) -> list[_Entry]:
    """Reading order, except that a retrospective figure ("сообщалось, что …") is
    placed before the fresh figures of earlier articles that it disagrees with:
    it reports an older state, so the history must not end on it."""
    out: list[_Entry] = []
    for e in entries:
        i = len(out)
        if RETROSPECTIVE_CUES.search(e.s.text):
            while (
                i > 0
                and out[i - 1].s.article_id != e.s.article_id
                and not RETROSPECTIVE_CUES.search(out[i - 1].s.text)
                and not agree(out[i - 1].q, e.q)
            ):
                i -= 1
        out.insert(i, e)
    return out


def status_of(
    entries: Sequence[_Entry], days: Mapping[str, date | None], sources: Mapping[str, str]
) -> FactStatus:
    """consistent / updated / conflicting, from consecutive differing values in reading order.

    A bound is no rival value: a bound the figure read so far satisfies adds nothing
    ("пять погибших", then "как минимум четыре"); a figure that fills an earlier bound
    of the same article refines it ("как минимум четыре" … "пять человек, в том
    числе один полицейский"), and of a later article raises it (an update)."""
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
    conflict = False
    for old, new in zip(distinct, distinct[1:], strict=False):
        cue = UPDATE_CUES.search(old.s.text) or UPDATE_CUES.search(new.s.text)
        d_old, d_new = days.get(old.s.article_id), days.get(new.s.article_id)
        # A later day is a later state only for a figure of a happening (one with a
        # governing verb): an age or a number of children does not change in a week.
        later = (
            d_old is not None and d_new is not None and d_new > d_old and not (old.timeless and new.timeless)
        )
        same_source = sources.get(old.s.article_id) == sources.get(new.s.article_id)
        if not (
            cue or later or bounded_by(old.q, new.q) or (same_source and old.s.article_id != new.s.article_id)
        ):
            conflict = True
    return "conflicting" if conflict else "updated"


def build_ledger(
    story_id: str,
    ordered: Sequence[list[SentenceInfo]],
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    days: Mapping[str, date | None],
) -> list[Fact]:
    """Facts in order of first report; `ordered` holds each article's sentences in reading order."""
    entries = _entries(ordered, entities)
    _merge(entries)
    _join_same_figures(entries)
    # A figure counting nothing known of nobody known ("10", "1993–2018") is no fact.
    entries = [e for e in entries if e.item is not None or e.subject_key]
    grouped = _slotted(entries)
    grouped = _split_unowned(grouped)
    grouped = _split_self_contradictions(grouped)
    grouped = _split_periods(grouped)
    grouped = {key: history_order(group) for key, group in grouped.items()}
    sources = {aid: (a.source or aid) for aid, a in articles.items()}
    facts = []
    for (subject_key, item, action, slot), group in grouped.items():
        # a subject's fact is shown with the verb most of its reports use
        shown = action or next(
            (a for a, _ in Counter(e.action for e in group if e.action).most_common(1)), None
        )
        named = next((e for e in group if e.action_text and e.action == shown), None)
        destination = next((e.destination for e in group if e.destination and e.action == shown), None)
        plural = next((e.q.item_plural for e in group if e.q.item_plural and e.q.item == item), None)
        measure = measure_text(item, named.action_text if named else None, destination, plural)
        values = [
            FactValue(
                value=exact(e.q.value),
                value_min=exact(e.q.value_min),
                value_max=exact(e.q.value_max),
                qualifier=e.q.qualifier,
                item=e.item,
                article_id=e.s.article_id,
                start=e.q.start,
                end=e.q.end,
                published=articles[e.s.article_id].published if e.s.article_id in articles else None,
                attributed_to=attribution(e.q, e.s, entities),
            )
            for e in group
        ]
        facts.append(
            Fact(
                id="f-"
                + short_hash(f"{story_id}|{subject_key}|{item}|{action}" + (f"|{slot}" if slot else "")),
                subject_entity_id=group[0].subject_entity_id,
                subject=group[0].subject,
                measure=measure,
                status=status_of(group, days, sources),
                values=values,
            )
        )
    return sorted(facts, key=_reading_rank)


def _reading_rank(fact: Fact) -> int:
    """What changed first (updates, conflicts), then figures several reports agree on,
    then figures given once: a single report is no evidence of consistency."""
    if fact.status != "consistent":
        return 0
    return 1 if single_report(fact) is False else 2


def single_report(fact: Fact) -> bool:
    """True when one article alone gives the figure (nothing confirms or disputes it)."""
    return len({v.article_id for v in fact.values}) < 2
