"""Building a `StoryView`: which lines of a story a reader sees, and in what order.

A 154-article bsnlp-ru story printed 4,306 lines before views were limited, so
the default view keeps the top `DEFAULT_TOP` lines of each section and says how
many more there are. What "top" means follows what a reader of a developing
story wants first: the latest events and articles, the figures that changed,
and the most quoted speakers (one quote of each before a second of any).
`--since` keeps what a reader who last looked on that day has not seen: what
came from articles placed on or after it (the reading order's day, see
`story/order.py`), so an event counts when one of those articles reports it,
whatever its own date (a late report of an earlier happening is news; a
deadline announced weeks ago is not).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from storyline import ru
from storyline.errors import InputError
from storyline.isodate import parse_iso
from storyline.model import Article, Entity, Fact, SentenceNovelty, Story, TimelineEvent
from storyline.query.reader import Reader
from storyline.query.rows import ThreadRow
from storyline.query.view import (
    DEFAULT_TOP,
    SECTIONS,
    ArticleLine,
    Citation,
    EventLine,
    FactLine,
    Header,
    QuoteLine,
    Section,
    SectionName,
    SpeakerGroup,
    StoryView,
    SummaryLine,
    ThreadLine,
    ValueLine,
)
from storyline.story.order import effective_day, reading_order
from storyline.story.present import (
    amount_of,
    amount_text,
    entity_name,
    novelty_counts,
    quotes_by_speaker,
    when_text,
)
from storyline.story.summary import trace_summary

T = TypeVar("T")
L = TypeVar("L")

# Values of one fact's history kept when a view is limited: the first report, then
# the latest ones. 80 vote counts in one row (bsnlp-ru, US election) read as noise;
# the first and the latest four say where a figure started and where it stands.
VALUES_TAIL = 4
# Participants named in the header.
PARTICIPANTS_SHOWN = 10
# What the view reads of a day-dated article's annotation (`load_story_records`).
VIEW_PARTS = frozenset({"sentences", "quotes"})
# Facts that changed come first: what a fact-checker must look at.
STATUS_ORDER = {"conflicting": 0, "updated": 1, "consistent": 2}


@dataclass(frozen=True)
class ViewOptions:
    """What a reader asked for: sections (empty: all), lines per section (0: all), a start day."""

    sections: tuple[SectionName, ...] = ()
    top: int = DEFAULT_TOP
    since: date | None = None

    @classmethod
    def parse(cls, sections: list[str] | None, top: int, since: str | None) -> ViewOptions:
        """Options as a reader types them (CLI flags, a web query string); InputError on a mistake.

        `sections` may repeat and hold comma lists ("timeline,facts"); `since` is a
        day (2022-01-07) or a month (2022-01, its first day).
        """
        wanted = [part.strip() for value in sections or [] for part in value.split(",") if part.strip()]
        unknown = [w for w in wanted if w not in SECTIONS]
        if unknown:
            raise InputError(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
        if top < 0:
            raise InputError(f"--top {top}: give 0 (all) or more")
        day = None
        if since is not None:
            parsed = parse_iso(since.strip())
            if parsed is None or parsed.precision == "unknown":
                raise InputError(f"--since {since!r} is not a date; give one like 2022-01-07 (or 2022-01)")
            day = parsed.first_day()
        return cls(sections=tuple(s for s in SECTIONS if s in wanted), top=top, since=day)

    @classmethod
    def full(cls) -> ViewOptions:
        """Every line of every section (the markdown report)."""
        return cls(top=0)


def load_story_view(reader: Reader, story_id: str, options: ViewOptions | None = None) -> StoryView:
    """The view of one stored story: one story record, its articles and the entities it names."""
    return build_story_view(*load_story_records(reader, story_id), options)


def load_story_records(
    reader: Reader, story_id: str
) -> tuple[
    Story, dict[str, Article], dict[str, Entity], Mapping[str, list[SentenceNovelty]], list[ThreadRow]
]:
    """What a story's view is built from, read once (the web's story page reuses the
    story record and its entities for its chips rather than reading them again)."""
    story = reader.story(story_id)
    # The view reads an annotation's sentences and its quotes' speaker labels,
    # never its entity ids (the story's own records carry those): the links are
    # left unread, and of a day-dated article only those two lists are decoded.
    articles = {
        a.id: a
        for a in reader.articles_by_id(story.article_ids, tokens=_needs_tokens, links=False, parts=VIEW_PARTS)
    }
    wanted = set(story.entity_ids)
    for fact in story.facts:
        wanted.add(fact.subject_entity_id or "")
    for quote in story.quotes:
        wanted.add(quote.speaker_entity_id or "")
    entities = reader.entities_by_id(wanted)
    novelty = reader.novelty_lazily(articles)  # decoded for the articles shown
    threads = reader.threads(story_id, limit=0).items
    return story, articles, entities, novelty, threads


def _needs_tokens(article: Article) -> bool:
    """Whether the view needs this article's tokens: only to place an article without
    a day-precise date in reading order (by the days its sentences resolve,
    `story/order.py`). Every other use here reads spans: sentences, quotes."""
    return article.published_precision != "day" or not article.published


def build_story_view(
    story: Story,
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    novelty: Mapping[str, list[SentenceNovelty]],
    threads: Sequence[ThreadRow] = (),
    options: ViewOptions | None = None,
) -> StoryView:
    """The view of a story from its records (no store needed: tests and the demo use this)."""
    options = options or ViewOptions()
    ordered = reading_order([articles[a] for a in story.article_ids if a in articles])
    kept = _since_articles(ordered, options.since)
    cite = _Citer(articles)
    own = [e for e in story.timeline if not e.context and _reported_in(e, kept)]
    background = [e for e in story.timeline if e.context and _reported_in(e, kept)]
    # Where each summary sentence comes from: recorded by the story stage, or found
    # again in the texts for a story stored before it recorded them.
    traced = [ev for ev in story.summary_sentences if ev.article_id in articles] or trace_summary(
        story.summary, ordered
    )
    return StoryView(
        header=_header(story, ordered, entities, cite),
        sections=options.sections or SECTIONS,
        summary=_first(
            [
                SummaryLine(
                    " ".join(articles[ev.article_id].text[ev.start : ev.end].split()), cite(ev.article_id)
                )
                for ev in traced
                if ev.article_id in kept
            ],
            options.top,
        ),
        timeline=_latest_of(own, options.top, lambda e: _event_line(e, cite)),
        background=_latest_of(background, options.top, lambda e: _event_line(e, cite)),
        facts=_facts(story.facts, kept, cite, options.top),
        quotes=_quotes(story, articles, entities, kept, cite, options.top),
        threads=_latest([_thread_line(t) for t in threads if _thread_since(t, options.since)], options.top),
        articles=_latest_of(
            [a for a in ordered if a.id in kept],
            options.top,
            lambda a: ArticleLine(
                cite(a.id), a.title, a.published, dict(novelty_counts(novelty.get(a.id, [])))
            ),
        ),
        since=options.since,
        top=options.top,
        summary_text="" if traced or options.since else story.summary,
    )


class _Citer:
    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles

    def __call__(self, article_id: str) -> Citation:
        article = self._articles.get(article_id)
        if article is None:
            return Citation(article_id, None)
        return Citation(article_id, article.source, article.url)


def _header(story: Story, ordered: list[Article], entities: Mapping[str, Entity], cite: _Citer) -> Header:
    outlets: dict[str, Citation] = {}
    for article in ordered:
        outlets.setdefault(article.source or article.id, cite(article.id))
    return Header(
        story_id=story.id,
        title=story.title or story.id,
        articles=len(story.article_ids),
        threads=len(story.thread_ids),
        first_published=story.first_published,
        last_published=story.last_published,
        participants=[entity_name(e, entities, e) for e in story.entity_ids[:PARTICIPANTS_SHOWN]],
        sources=list(outlets.values()),
    )


def _first(items: list, top: int) -> Section:  # type: ignore[type-arg]
    return Section(items[:top] if top else items, len(items))


def _latest_of(items: Sequence[T], top: int, line: Callable[[T], L]) -> Section[L]:
    """`_latest` of the lines of `items`, only the kept ones made (a story of 1,110
    events shows 30: making every line was a tenth of building the view)."""
    kept = items[-top:] if top else items
    return Section([line(x) for x in kept], len(items))


def _latest(items: list, top: int) -> Section:  # type: ignore[type-arg]
    """The last `top` items (items are in time order), still in time order."""
    return Section(items[-top:] if top else items, len(items))


def _since_articles(ordered: list[Article], since: date | None) -> set[str]:
    if since is None:
        return {a.id for a in ordered}
    kept = set()
    for article in ordered:
        day, _ = effective_day(article)
        if day is not None and day >= since:
            kept.add(article.id)
    return kept


def _reported_in(event: TimelineEvent, kept: set[str]) -> bool:
    return any(e.article_id in kept for e in event.evidence)


def _thread_since(thread: ThreadRow, since: date | None) -> bool:
    last = parse_iso(thread.last_published)
    return since is None or (last is not None and last.last_day() >= since)


def _event_line(event: TimelineEvent, cite: _Citer) -> EventLine:
    ids = dict.fromkeys(e.article_id for e in event.evidence)
    return EventLine(
        when_text(event), " ".join(event.text.split()), [cite(a) for a in ids], event.date, event.date_end
    )


def _thread_line(thread: ThreadRow) -> ThreadLine:
    return ThreadLine(thread.id, thread.title, thread.articles, thread.first_published, thread.last_published)


def _facts(facts: list[Fact], kept: set[str], cite: _Citer, top: int) -> Section[FactLine]:
    chosen = [f for f in facts if any(v.article_id in kept for v in f.values)]
    # What changed first; a figure only one article gives comes last, whatever its status.
    chosen.sort(key=lambda f: (f.reports < 2, STATUS_ORDER.get(f.status, len(STATUS_ORDER))))
    lines = []
    for fact in chosen[:top] if top else chosen:
        values = [
            ValueLine(
                amount_text(amount_of(v)),
                cite(v.article_id),
                v.attributed_to,
                v.start,
                v.end,
                v.published,
                v.value if v.value is not None else v.value_min,
                amount_of(v),
            )
            for v in fact.values
        ]
        hidden = 0
        if top and len(values) > VALUES_TAIL + 1:
            hidden = len(values) - VALUES_TAIL - 1
            values = values[:1] + values[-VALUES_TAIL:]
        status = fact.status
        # Agreement needs two reports: one article's figure is not "согласовано".
        single = fact.single_report
        label = ru.SINGLE_REPORT if single else ru.STATUS[status]
        lines.append(
            FactLine(
                fact.subject or ru.NO_DATE, fact.measure, status, label, values, hidden, single, fact.reports
            )
        )
    return Section(lines, len(chosen))


def _quotes(
    story: Story,
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    kept: set[str],
    cite: _Citer,
    top: int,
) -> Section[SpeakerGroup]:
    groups = []
    for group in quotes_by_speaker(story, articles, entities):
        lines = [
            QuoteLine(text, q.kind == "direct", cite(q.article_id))
            for q, text in group.quotes
            if q.article_id in kept
        ]
        if lines:
            groups.append((group, lines))
    total = sum(len(lines) for _, lines in groups)
    shown = (
        _round_robin([len(lines) for _, lines in groups], top) if top else [len(lines) for _, lines in groups]
    )
    out = [
        SpeakerGroup(group.speaker, lines[:n], len(lines), group.unknown)
        for (group, lines), n in zip(groups, shown, strict=True)
        if n
    ]
    return Section(out, total, shown=sum(len(g.quotes) for g in out))


def _round_robin(sizes: list[int], budget: int) -> list[int]:
    """How many of each group to show: one of each in turn until `budget` is spent."""
    shown = [0] * len(sizes)
    while budget > 0:
        progressed = False
        for i, size in enumerate(sizes):
            if budget and shown[i] < size:
                shown[i] += 1
                budget -= 1
                progressed = True
        if not progressed:
            break
    return shown
