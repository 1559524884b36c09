"""One thread as a page: its own slice of its story's view.

A thread is a run of reports on one development inside a story. Its page shows
what the story page shows, narrowed to the thread's articles: the events they
report, the figures they state (a figure's other values stay visible as
context, dimmed), the quotes they carry, and the articles with their share of
new sentences; plus where the thread sits among its story's threads. Everything
comes from the story's full view (cached per story version, `story_page.py`),
so the thread page and the story page never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from storyline.errors import NotFoundError
from storyline.query.story_view import ViewOptions, load_story_view
from storyline.query.view import ArticleLine, EventLine, FactLine, SpeakerGroup, StoryView, ThreadLine
from storyline.web.catalog import Catalog
from storyline.web.story_page import PageCache, cached

# Lines per section of a thread page. Threads are short (bsnlp-ru's average 2.5
# articles, its largest about 40); 100 shows the largest one whole.
THREAD_TOP = 100


@dataclass
class ThreadPage:
    thread: ThreadLine
    story_id: str
    story_title: str
    position: int  # 1-based among the story's threads, in the order they began
    threads_in_story: int
    previous: ThreadLine | None
    following: ThreadLine | None
    sources: list[str]
    events: list[EventLine] = field(default_factory=list)
    facts: list[tuple[FactLine, list[bool]]] = field(default_factory=list)  # value is the thread's?
    quotes: list[SpeakerGroup] = field(default_factory=list)
    articles: list[ArticleLine] = field(default_factory=list)


def load_thread_page(catalog: Catalog, pages: PageCache | None, thread_id: str) -> ThreadPage:
    """The thread's page; NotFoundError for an unknown thread."""
    row = catalog.db.execute("SELECT data FROM threads WHERE id = ?", (thread_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no thread with id {thread_id!r}")
    member_rows = catalog.db.execute(
        "SELECT article_id, story_id FROM assignments WHERE thread_id = ?", (thread_id,)
    ).fetchall()
    story_id = member_rows[0][1] if member_rows else json.loads(row[0]).get("story_id")
    if not story_id:
        raise NotFoundError(f"thread {thread_id!r} belongs to no story")
    full = ViewOptions.full()
    view: StoryView = cached(
        pages, catalog, story_id, "view", full, lambda: load_story_view(catalog.reader, story_id, full)
    )
    members = {r[0] for r in member_rows}
    threads = view.threads.items
    index = next((i for i, t in enumerate(threads) if t.thread_id == thread_id), None)
    if index is None:
        raise NotFoundError(f"thread {thread_id!r} is not in its story's view")
    mine = [a for a in view.articles.items if a.citation.article_id in members]
    page = ThreadPage(
        thread=threads[index],
        story_id=story_id,
        story_title=view.header.title,
        position=index + 1,
        threads_in_story=len(threads),
        previous=threads[index - 1] if index > 0 else None,
        following=threads[index + 1] if index + 1 < len(threads) else None,
        sources=list(dict.fromkeys(a.citation.source for a in mine if a.citation.source)),
        articles=mine[:THREAD_TOP],
    )
    page.events = [e for e in view.timeline.items if any(c.article_id in members for c in e.citations)][
        :THREAD_TOP
    ]
    for fact in view.facts.items:
        own = [v.citation.article_id in members for v in fact.values]
        if any(own):
            page.facts.append((fact, own))
    page.facts = page.facts[:THREAD_TOP]
    for group in view.quotes.items:
        quotes = [q for q in group.quotes if q.citation.article_id in members]
        if quotes:
            page.quotes.append(replace(group, quotes=quotes, total=len(quotes)))
    page.quotes = page.quotes[:THREAD_TOP]
    return page
