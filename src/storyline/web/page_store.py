"""Built story pages kept in the store (`story_views`, schema 55).

A story page's view is built from every article of the story (their sentences,
quotes and speakers): 120-190 ms of CPU for bsnlp-ru's largest story at 100k
articles, against ~5 ms to render one already built. The server's memory keeps
built pages (`story_page.PageCache`), but only per process and until it is
evicted or restarted. So the default page (the one a reader opens first) is also
stored: the server's writer writes it after it stores an article (for the stories
that article touched) and after any process built one on a first view; every
process then reads it back in a few milliseconds.

A row is used only when its version is the page's current one: the story's
version (a digest of the story document and its article count, as the memory
cache keys pages) and the code's (a digest of the modules that build a page), so
neither a changed story nor changed code is ever shown from an old row.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import orjson

from storyline import ru
from storyline.amount import Amount
from storyline.model import Entity
from storyline.query.view import (
    ArticleLine,
    Citation,
    EventLine,
    FactLine,
    Header,
    QuoteLine,
    Section,
    SpeakerGroup,
    StoryView,
    SummaryLine,
    ThreadLine,
    ValueLine,
)
from storyline.store.base import Store
from storyline.store.id_chunks import rows_for_ids

log = logging.getLogger("storyline.web")

# Lines per section of a story page (`?top=0` shows every line), the page a reader
# opens first and the one stored. The largest bsnlp-ru story (154 articles) printed
# a 2.1 MB page with every line; 30 per section keeps the page readable and under
# 200 KB, and each section says how many more lines it has.
STORY_TOP = 30
# Stories whose pages a CLI ingest or a `serve --watch` poll builds and stores at
# most, the most recently published first (the story list's default order, what a
# reader opens next). Building one takes 0.15-0.3 s of CPU for bsnlp-ru's largest
# story, so a bulk ingest touching thousands of stories stores the front page's
# worth and leaves the rest to be built, then stored, on their first view.
PAGES_AFTER_WRITE_MAX = 50
# The modules whose code decides what a story page holds: a change to any of them
# makes every stored page stale.
BUILDERS = (
    "storyline.query.story_view",
    "storyline.query.view",
    "storyline.story.present",
    "storyline.amount",
    "storyline.story.order",
    "storyline.story.summary",
    "storyline.ru",
    "storyline.web.story_page",
    "storyline.web.page_store",
)


@functools.cache
def code_version() -> str:
    """A digest of the page-building modules' source."""
    h = hashlib.blake2b(digest_size=8)
    for name in BUILDERS:
        module = importlib.import_module(name)
        with open(module.__file__ or "", "rb") as source:
            h.update(source.read())
    return h.hexdigest()


def version_of(story: tuple[str, int]) -> str:
    """The stored version of a page: the story's (digest, articles) and the code's."""
    return f"{story[0]}-{story[1]}-{code_version()}"


def encode(page: Any) -> bytes:
    """A `StoryPage` as JSON (orjson writes the dataclasses' fields)."""
    return orjson.dumps(page)


def decode(data: bytes) -> Any:
    """The `StoryPage` of `encode`'s bytes."""
    from storyline.web.story_page import StoryPage

    doc = orjson.loads(data)
    view = doc["view"]
    return StoryPage(
        _view(view),
        [Entity(**e) for e in doc["entities"]],
        doc["thread_of"],
        doc["thread_titles"],
        doc["charts"],
    )


def _citation(d: dict[str, Any] | None) -> Citation | None:
    return Citation(d["article_id"], d["source"], d["url"]) if d else None


def _cited(d: dict[str, Any]) -> Citation:
    return Citation(d["article_id"], d["source"], d["url"])


def _section(d: dict[str, Any], line: Any) -> Section[Any]:
    return Section([line(x) for x in d["items"]], d["total"], d["shown"])


def _event(d: dict[str, Any]) -> EventLine:
    return EventLine(d["when"], d["text"], [_cited(c) for c in d["citations"]], d["date"], d["date_end"])


def _fact(d: dict[str, Any]) -> FactLine:
    values = [
        ValueLine(
            v["text"],
            _cited(v["citation"]),
            v["attributed_to"],
            v["start"],
            v["end"],
            v["published"],
            v["value"],
            Amount(**v["amount"]),
        )
        for v in d["values"]
    ]
    # Pages stored before `single_report` existed carry it in their Russian label.
    single = d.get("single_report", d["status_label"] == ru.SINGLE_REPORT)
    # Pages stored before `reports` existed: the articles their shown values cite.
    reports = d.get("reports", len({v.citation.article_id for v in values}))
    return FactLine(
        d["subject"],
        d["measure"],
        d["status"],
        d["status_label"],
        values,
        d["hidden_values"],
        single,
        reports,
    )


def _speaker(d: dict[str, Any]) -> SpeakerGroup:
    quotes = [QuoteLine(q["text"], q["direct"], _cited(q["citation"])) for q in d["quotes"]]
    return SpeakerGroup(d["speaker"], quotes, d["total"], d["unknown"])


def _view(d: dict[str, Any]) -> StoryView:
    h = d["header"]
    header = Header(
        h["story_id"],
        h["title"],
        h["articles"],
        h["threads"],
        h["first_published"],
        h["last_published"],
        h["participants"],
        [_cited(c) for c in h["sources"]],
    )
    return StoryView(
        header=header,
        sections=tuple(d["sections"]),
        summary=_section(d["summary"], lambda x: SummaryLine(x["text"], _citation(x["citation"]))),
        timeline=_section(d["timeline"], _event),
        background=_section(d["background"], _event),
        facts=_section(d["facts"], _fact),
        quotes=_section(d["quotes"], _speaker),
        threads=_section(d["threads"], lambda x: ThreadLine(**x)),
        articles=_section(
            d["articles"],
            lambda x: ArticleLine(_cited(x["citation"]), x["title"], x["published"], x["novelty"]),
        ),
        since=date.fromisoformat(d["since"]) if d["since"] else None,
        top=d["top"],
        summary_text=d["summary_text"],
    )


class StoredPages:
    """The stored pages of one server process: read on a first view, written through
    the server's writer thread (`submit`), several at a time in one transaction (a
    commit moves the store's generation, which empties the response cache)."""

    def __init__(self, catalog: Any, options: Any, submit: Callable[[Callable[[Store], Any]], Any]) -> None:
        self.catalog = catalog
        self.options = options  # the page kept: what a reader opening a story sees
        self._submit = submit
        self._pending: dict[str, tuple[str, bytes]] = {}
        self._lock = threading.Lock()
        self.reads = self.writes = self.unchanged = 0

    def load(self, story_id: str, story: tuple[str, int]) -> Any | None:
        """The stored page of the story at this version, or None."""
        if "story_views" not in self.catalog.tables:
            return None
        row = self.catalog.db.execute(
            "SELECT version, data FROM story_views WHERE story_id = ?", (story_id,)
        ).fetchone()
        if row is None or row[0] != version_of(story):
            return None
        self.reads += 1
        return decode(bytes(row[1]))

    def save_later(self, story_id: str, story: tuple[str, int], page: Any) -> None:
        """Store a page built on a first view (by the writer thread, soon)."""
        if "story_views" not in self.catalog.tables:
            return
        with self._lock:
            first = not self._pending
            self._pending[story_id] = (version_of(story), encode(page))
        if first:
            self._submit(self._flush)

    def refresh(self, store: Store, story_ids: list[str]) -> None:
        """Build and store the pages of these stories (after the writer stored an
        article: its stories' pages are ready before anyone opens them)."""
        from storyline.web.story_page import PageCache, load_story_page

        if len(story_ids) > PAGES_AFTER_WRITE_MAX:  # a large poll: the front page's worth
            story_ids = most_recent(self.catalog, story_ids, PAGES_AFTER_WRITE_MAX)
        stored = stored_versions(self.catalog, story_ids)
        for story_id in story_ids:
            story = PageCache.version(self.catalog, story_id)
            if story is None:
                continue  # merged away
            if stored.get(story_id) == version_of(story):
                self.unchanged += 1  # touched, but its page is the stored one: not rebuilt
                continue
            page = load_story_page(self.catalog, story_id, self.options)
            with self._lock:
                self._pending[story_id] = (version_of(story), encode(page))
        self._flush(store)

    def _flush(self, store: Store) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        if not pending:
            return
        try:
            with store.transaction():
                for story_id, (version, data) in pending.items():
                    store.save_story_view(story_id, version, data)
            self.writes += len(pending)
        except Exception:  # noqa: BLE001 - a page not stored is built again, never wrong
            log.warning("could not store %d built story pages", len(pending), exc_info=True)


def most_recent(catalog: Any, story_ids: list[str], limit: int) -> list[str]:
    """At most `limit` of these stories, the most recently published first (ties by
    id), as the story list orders them; stories it does not hold are left out."""
    found: list[tuple[str, str]] = rows_for_ids(
        catalog.db,
        "SELECT story_id, COALESCE(last_published, '') FROM story_list WHERE story_id IN ({marks})",
        story_ids,
    )
    found.sort(key=lambda row: (-_sortable(row[1]), row[0]))
    return [str(story_id) for story_id, _ in found[:limit]]


def stored_versions(catalog: Any, story_ids: list[str]) -> dict[str, str]:
    """The version of each of these stories' stored page (stories with none left out)."""
    return dict(
        rows_for_ids(
            catalog.db, "SELECT story_id, version FROM story_views WHERE story_id IN ({marks})", story_ids
        )
    )


def _sortable(day: str) -> int:
    """A stored date as a number that orders as the date does (for a descending sort)."""
    digits = "".join(ch for ch in day[:10] if ch.isdigit())
    return int(digits.ljust(8, "0")) if digits else 0


def store_after_ingest(store: Store, location: str, story_ids: set[str]) -> int:
    """Build and store the default pages of the stories an ingest touched (at most
    PAGES_AFTER_WRITE_MAX, the most recent first), so the first view after a CLI
    ingest reads a stored page; returns how many were stored. `store` is the
    ingest's own (writing) store, `location` its database, read back through the
    web's read side as a server would."""
    if not story_ids:
        return 0
    from storyline.query.story_view import ViewOptions
    from storyline.web.catalog import Catalog

    catalog = Catalog(location)
    try:
        if "story_views" not in catalog.tables or "story_list" not in catalog.tables:
            return 0
        pages = StoredPages(catalog, ViewOptions(top=STORY_TOP), lambda job: job(store))
        pages.refresh(store, most_recent(catalog, sorted(story_ids), PAGES_AFTER_WRITE_MAX))
        return pages.writes
    finally:
        catalog.close()
