"""What the web shows of one story beyond the shared `StoryView`: its entities
as links, which thread each article is in (the timeline's rows), the series of
each changing figure (its chart), and the digest of what changed since a day.

The view itself still comes from `query/story_view.py`, so the web, the terminal
and the markdown report agree on every line.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from storyline.model import Entity
from storyline.query.story_view import ViewOptions, build_story_view, load_story_records, load_story_view
from storyline.query.view import FactLine, StoryView
from storyline.web.catalog import Catalog

T = TypeVar("T")

# Entity chips on a story page: the most mentioned of the story's entities.
ENTITY_CHIPS = 24
# A figure gets a chart once it has this many dated numeric values.
CHART_MIN_POINTS = 2
# Story pages kept built, most recently used first. Building the view of
# bsnlp-ru's largest story (154 articles) takes ~0.9 s on the shared 2-core
# machine (decoding its articles' annotations and naming 200 speakers); a news
# desk reads the same few stories all day, so 32 covers a front page twice over.
PAGE_CACHE_SIZE = 32


@dataclass
class StoryPage:
    view: StoryView
    entities: list[Entity]
    thread_of: dict[str, str]  # article id -> thread id
    thread_titles: dict[str, str]
    charts: list[dict[str, object]] = field(default_factory=list)


class PageCache:
    """Built story pages, each valid while its story record is unchanged.

    The key holds a digest of the stored story document and the story's article
    count: the story stage rewrites the document whenever an article joins or the
    story is rebuilt, so a changed story is never served from the cache.
    """

    def __init__(self, size: int = PAGE_CACHE_SIZE) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def version(catalog: Catalog, story_id: str) -> tuple[str, int] | None:
        row = catalog.db.execute(
            "SELECT data, (SELECT COUNT(*) FROM assignments WHERE story_id = ?) FROM stories WHERE id = ?",
            (story_id, story_id),
        ).fetchone()
        if row is None:
            return None
        return hashlib.blake2b(row[0].encode(), digest_size=16).hexdigest(), int(row[1])

    @staticmethod
    def marker(version: tuple[str, int] | None) -> str | None:
        """A story version as a short text (a live story page polls with it)."""
        return f"{version[0][:16]}-{version[1]}" if version else None

    def get(self, key: tuple[object, ...]) -> object | None:
        with self._lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], value: object) -> None:
        with self._lock:
            self._pages[key] = value
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def cached(
    cache: PageCache | None,
    catalog: Catalog,
    story_id: str,
    kind: str,
    options: ViewOptions,
    build: Callable[[], T],
    version: tuple[str, int] | None = None,
) -> T:
    """`build()` once per story version and options (a NotFoundError passes through).
    `version`: the story's, when the caller has read it already (reading it parses
    the story document, up to 170 KB: once per request is enough)."""
    if cache is None:
        return build()
    version = version or cache.version(catalog, story_id)
    if version is None:
        return build()  # raises the reader's NotFoundError
    key = (story_id, kind, options, version)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.put(key, found)
    return found  # type: ignore[return-value]


def load_story_page(catalog: Catalog, story_id: str, options: ViewOptions) -> StoryPage:
    story, articles, named, novelty, threads = load_story_records(catalog.reader, story_id)
    view = build_story_view(story, articles, named, novelty, threads, options)
    entities = sorted(
        (named[e] for e in dict.fromkeys(story.entity_ids) if e in named),
        key=lambda e: (-e.mention_count, e.name),
    )[:ENTITY_CHIPS]
    thread_of = dict(
        catalog.db.execute(
            "SELECT article_id, thread_id FROM assignments WHERE story_id = ?", (story_id,)
        ).fetchall()
    )
    titles = {t.thread_id: t.title for t in view.threads.items}
    return StoryPage(
        view,
        entities,
        thread_of,
        titles,
        [_chart(i, f) for i, f in enumerate(view.facts.items) if _chartable(f)],
    )


def _chartable(fact: FactLine) -> bool:
    return sum(1 for v in fact.values if v.value is not None and v.published) >= CHART_MIN_POINTS


def _chart(index: int, fact: FactLine) -> dict[str, object]:
    """Values in the order they were reported (the ledger's order); x is the report's
    number, as seeds and feeds often date articles only to the month."""
    points = [[v.published, v.value] for v in fact.values if v.value is not None and v.published]
    return {"fact": index, "label": f"{fact.subject}: {fact.measure}", "points": points}


# ---------------------------------------------------------------- changes


@dataclass
class ChangedSentence:
    article_id: str
    index: int
    novelty: str
    text: str
    start: int
    end: int


@dataclass
class Changes:
    story_id: str
    since: date
    articles: list[str]
    sentences: list[ChangedSentence]
    facts: list[FactLine]
    threads: list[dict[str, object]]
    events: list[dict[str, object]]


def load_changes(catalog: Catalog, story_id: str, since: date) -> Changes:
    """What a reader who last looked on `since` has not seen (days as `show --since`)."""
    reader = catalog.reader
    view = load_story_view(reader, story_id, ViewOptions(top=0, since=since))
    ids = [line.citation.article_id for line in view.articles.items]
    articles = {a.id: a for a in reader.articles_by_id(ids, tokens=lambda a: False)}
    marks = reader.novelty(ids)
    sentences = []
    for article_id in ids:
        article = articles.get(article_id)
        if article is None or article.annotation is None:
            continue
        spans = article.annotation.sentences
        for mark in marks.get(article_id, []):
            if mark.novelty == "repeated" or mark.index >= len(spans):
                continue
            s = spans[mark.index]
            sentences.append(
                ChangedSentence(
                    article_id,
                    mark.index,
                    mark.novelty,
                    " ".join(article.text[s.start : s.end].split()),
                    s.start,
                    s.end,
                )
            )
    facts = [f for f in view.facts.items if f.status != "consistent"]
    since_iso = since.isoformat()
    threads = [
        {"id": t.thread_id, "title": t.title, "articles": t.articles, "first_published": t.first_published}
        for t in view.threads.items
        if t.first_published and t.first_published[:10] >= since_iso[: len(t.first_published)]
    ]
    events: list[dict[str, object]] = [
        {"when": e.when, "date": e.date, "text": e.text, "articles": [c.article_id for c in e.citations]}
        for e in view.timeline.items
    ]
    return Changes(story_id, since, ids, sentences, facts, threads, events)
