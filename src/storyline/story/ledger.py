"""The fact ledger: every figure of the story, grouped into facts with a history.

A fact is one measured thing about one subject (Россия / военнослужащие —
направят в Казахстан). Its values are listed in reading order with their
sentence, date and source; its status says whether the reports agree
(`consistent`), a later report replaced an earlier one (`updated`: a later day,
or a sign such as "пока", "уже", "ранее сообщалось"), or sources disagree at
about the same time with nothing to say which is newer (`conflicting`).

The steps live in their own modules, in the order `build_ledger` runs them:
`ledger_entries` (figures and their identity), `ledger_merge` (identity filled in
from other figures), `ledger_slots` (one identity split into several facts),
`ledger_status` (history order and status). This module assembles the facts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from storyline.model import Article, Entity, Fact, FactValue, QuantityMention
from storyline.story.features import SentenceInfo, cue_span
from storyline.story.ledger_change import from_first, join_continued, join_recounted
from storyline.story.ledger_entries import _entries, _Entry
from storyline.story.ledger_merge import _join_same_figures, _merge
from storyline.story.ledger_participles import join_participles
from storyline.story.ledger_rivals import join_rounded
from storyline.story.ledger_slots import _slotted, _split_periods, _split_self_contradictions, _split_unowned
from storyline.story.ledger_status import converb, history_order, status_of
from storyline.story.ledger_values import exact
from storyline.story.measure import measure_text
from storyline.textid import short_hash

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
    span = cue_span(s, ATTRIBUTION_CUES)
    if span is None:
        return None
    at = s.start + span[1]
    for mention in s.entities:
        if at <= mention.start <= at + 2:
            if mention.entity_id and mention.entity_id in entities:
                return entities[mention.entity_id].name
            return mention.name or mention.text
    words = re.match(r"[^,;:—]+", s.text[span[1] :])
    return " ".join(words.group(0).split()[:3]) if words else None


def build_ledger(
    story_id: str,
    ordered: Sequence[list[SentenceInfo]],
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    days: Mapping[str, date | None],
) -> list[Fact]:
    """Facts in order of first report; `ordered` holds each article's sentences in reading order."""
    entries = _entries(ordered, entities)
    identify(entries)
    sources = {aid: (a.source or aid) for aid, a in articles.items()}
    grouped = split_groups(slotted(entries), reading_rank(entries))
    return ordered_facts(
        [fact_of(story_id, key, part, articles, entities, days, sources) for key, part in grouped.items()]
    )


# The ledger in three steps, so that `story/ledger_fold.py` can redo only what an
# added article changes; `build_ledger` is the three run on every figure.
Slot = tuple[str, str | None, str | None, int]


def identify(entries: list[_Entry]) -> None:
    """Each figure's identity filled in from the others (in place). Every rule here must
    read only figures that share an item or a subject with the one it changes:
    `ledger_fold` runs it on each such connected part of the story alone."""
    _merge(entries)
    _join_same_figures(entries)


def slotted(entries: list[_Entry]) -> dict[Slot, list[_Entry]]:
    """The figures that can be facts, grouped by identity and slot (numbered over the
    whole story, so run on every figure)."""
    # A figure counting nothing known of nobody known ("10", "1993–2018") is no fact.
    kept = [e for e in entries if e.item is not None or e.subject_key]
    return _split_unowned(_slotted(kept))


def split_groups(grouped: dict[Slot, list[_Entry]], rank: Mapping[int, int]) -> dict[Slot, list[_Entry]]:
    """Groups that hold several things split into facts, each in history order: the
    three steps below (`ledger_fold` runs the first and last group by group, redoing
    only the groups that changed). `rank` is `reading_rank` of the story's figures."""
    return split_periods(join_owned(split_contradictions(grouped), rank))


def split_contradictions(grouped: dict[Slot, list[_Entry]]) -> dict[Slot, list[_Entry]]:
    """A group whose article gives two disagreeing figures split into one group per
    figure, rivals of other outlets joined to the figure they rival (group by group)."""
    return _split_self_contradictions(grouped)


def reading_rank(entries: Sequence[_Entry]) -> dict[int, int]:
    """Each figure's place in reading order (by object identity)."""
    return {id(e): n for n, e in enumerate(entries)}


def join_owned(grouped: dict[Slot, list[_Entry]], rank: Mapping[int, int]) -> dict[Slot, list[_Entry]]:
    """A subjectless figure that is a subject's figure rounded joins that subject's group
    (`ledger_rivals.join_rounded`: across groups, so on every group); every group is
    then in reading order again. A subjectless next step of a subject's change told the
    sentence before joins it first (`ledger_change.join_continued`), and so does a
    recount of a thing just named ("их количество достигнет 28": `join_recounted`), and so
    does a count named by its verb's participle ("80 задержаны": `join_participles`)."""
    grouped = join_rounded(join_participles(join_recounted(join_continued(grouped))))
    return {key: sorted(group, key=lambda e: rank[id(e)]) for key, group in grouped.items()}


def split_periods(grouped: dict[Slot, list[_Entry]]) -> dict[Slot, list[_Entry]]:
    """Figures of different periods split apart, each fact's figures in history order
    (group by group); a change told in one clause ("до 156 со 199") from its old state."""
    return {key: history_order(from_first(group)) for key, group in _split_periods(grouped).items()}


def fact_of(
    story_id: str,
    key: Slot,
    part: list[_Entry],
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    days: Mapping[str, date | None],
    sources: Mapping[str, str],
) -> Fact:
    """One fact from its figures in history order: a function of those figures alone."""
    subject_key, item, action, slot = key
    # a subject's fact is shown with the verb most of its reports use
    shown = action or next((a for a, _ in Counter(e.action for e in part if e.action).most_common(1)), None)
    named = next((e for e in part if e.action_text and e.action == shown), None)
    destination = next((e.destination for e in part if e.destination and e.action == shown), None)
    plural = next((e.q.item_plural for e in part if e.q.item_plural and e.q.item == item), None)
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
        for e in part
    ]
    # a fact is its subject's even where a subjectless report of it is read first (`join_owned`)
    owner = next((e for e in part if e.subject_key), part[0])
    return Fact(
        id="f-" + short_hash(f"{story_id}|{subject_key}|{item}|{action}" + (f"|{slot}" if slot else "")),
        subject_entity_id=owner.subject_entity_id,
        subject=owner.subject,
        measure=measure,
        status=status_of(
            part, days, sources, owned=bool(owner.subject_key) or not any(converb(e) for e in part)
        ),
        values=values,
    )


def ordered_facts(facts: list[Fact]) -> list[Fact]:
    """The ledger's order (stable: ties keep the order of first report)."""
    return sorted(facts, key=_reading_rank)


def _reading_rank(fact: Fact) -> int:
    """What changed first (updates, conflicts), then figures several reports agree on,
    then figures given once: a single report is no evidence of consistency."""
    if fact.status != "consistent":
        return 0
    return 1 if single_report(fact) is False else 2


def single_report(fact: Fact) -> bool:
    """True when one article alone gives the figure (nothing confirms or disputes it)."""
    return fact.reports < 2
