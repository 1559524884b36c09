"""build_story: novelty, timeline, ledger, quotes, summary and title of one story.

A pure function of the story's articles (and the corpus entities): the
pipeline calls it whenever a story's articles change and stores the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from storyline.isodate import PartialDate, parse_iso
from storyline.model import Article, Entity, Evidence, Fact, SentenceNovelty, Story, StoryQuote
from storyline.story.features import SentenceInfo, sentence_infos
from storyline.story.furniture import FURNITURE, mark_furniture
from storyline.story.ledger import build_ledger
from storyline.story.novelty import NoveltyResult, compute_novelty
from storyline.story.order import effective_day, reading_order
from storyline.story.similarity import Idf
from storyline.story.summary import make_title, pick_summary, score_sentences, summary_evidence, summary_text
from storyline.story.timeline import build_timeline


@dataclass
class StoryResult:
    story: Story  # the input skeleton with title, summary, entity_ids, timeline, facts, quotes filled
    novelty: dict[str, list[SentenceNovelty]]  # per article id: one mark per annotated sentence
    summary_sentences: list[Evidence] = field(default_factory=list)  # where each summary sentence comes from


def _story_start(story: Story, articles: Sequence[Article]) -> PartialDate | None:
    dates = [d for d in (parse_iso(story.first_published), *(parse_iso(a.published) for a in articles)) if d]
    return min(dates, key=lambda d: d.first_day()) if dates else None


def _day(published: str | None) -> date | None:
    """The publication day, when the article gives one (a month says no day)."""
    value = parse_iso(published)
    return value.first_day() if value is not None and value.precision == "day" else None


def _entity_ids(articles: Sequence[Article]) -> list[str]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for article in articles:
        for m in article.annotation.entities if article.annotation else []:
            if m.entity_id and not m.nested:  # "России" in "МИД России": the ministry counts
                counts[m.entity_id] += 1
                first.setdefault(m.entity_id, len(first))
    return sorted(counts, key=lambda e: (-counts[e], first[e]))


def _quotes(
    ordered: Sequence[Article], entities: Mapping[str, Entity], infos: Mapping[str, list[SentenceInfo]]
) -> list[StoryQuote]:
    out = []
    for article in ordered:
        furniture = [(s.start, s.end) for s in infos.get(article.id, []) if s.kind == FURNITURE]
        for q in sorted(article.annotation.quotes if article.annotation else [], key=lambda q: q.start):
            if any(a <= q.start < b for a, b in furniture):
                continue  # page chrome is nobody's words
            speaker = q.speaker_text or q.speaker
            if speaker is None and q.speaker_entity_id and q.speaker_entity_id in entities:
                speaker = entities[q.speaker_entity_id].name
            out.append(StoryQuote(article.id, q.start, q.end, q.speaker_entity_id, speaker, q.kind))
    return out


def _figures_update_novelty(
    facts: Sequence[Fact], infos: Mapping[str, list[SentenceInfo]], novelty: NoveltyResult
) -> None:
    """A sentence whose figure replaces an earlier article's figure for the same fact is `updated`,
    even when its wording differs too much for the sentence comparison to see it."""
    position = {aid: sentences[0].position for aid, sentences in infos.items() if sentences}
    for fact in facts:
        if fact.status != "updated":
            continue
        for i, v in enumerate(fact.values):
            earlier = [
                w
                for w in fact.values[:i]
                if position.get(w.article_id, -1) < position.get(v.article_id, -1)
                and (w.value, w.value_min, w.value_max) != (v.value, v.value_min, v.value_max)
            ]
            if not earlier:
                continue
            for s, mark in zip(infos.get(v.article_id, []), novelty.marks.get(v.article_id, []), strict=True):
                if s.start <= v.start < s.end and mark.novelty == "new":
                    mark.novelty = "updated"
                    mark.repeats = list(dict.fromkeys(w.article_id for w in earlier))


def build_story(story: Story, articles: Sequence[Article], entities: Mapping[str, Entity]) -> StoryResult:
    """Novelty per sentence, timeline, fact ledger, quotes, summary and title of one story."""
    ordered = reading_order(articles)
    infos: dict[str, list[SentenceInfo]] = {}
    for position, article in enumerate(ordered):
        sentences = sentence_infos(article)
        for s in sentences:
            s.position = position
        infos[article.id] = sentences
    per_article = [infos[a.id] for a in ordered]
    mark_furniture(per_article, {a.id: a.source or a.id for a in ordered})
    idf = Idf(s for sentences in per_article for s in sentences)

    novelty = compute_novelty(ordered, infos, idf)
    days: dict[str, date | None] = {a.id: effective_day(a)[0] for a in ordered}
    by_id = {a.id: a for a in ordered}
    facts = build_ledger(story.id, per_article, by_id, entities, days)
    _figures_update_novelty(facts, infos, novelty)
    published = {a.id: d for a in ordered if (d := _day(a.published)) is not None}
    timeline = build_timeline(per_article, idf, novelty.links, _story_start(story, ordered), published)

    marks = {(m.article_id, m.index): m for ms in novelty.marks.values() for m in ms}
    scored = score_sentences(per_article, marks, novelty.links, idf)
    chosen = pick_summary(scored, idf)
    built = replace(
        story,
        title=make_title(ordered, scored, idf, infos) or story.title,
        summary=summary_text(chosen),
        entity_ids=_entity_ids(ordered),
        timeline=timeline,
        facts=facts,
        quotes=_quotes(ordered, entities, infos),
    )
    return StoryResult(story=built, novelty=novelty.marks, summary_sentences=summary_evidence(chosen))
