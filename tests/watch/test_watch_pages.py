"""`storyline watch` (standalone, through the real entry point) stores the pages of
the stories a poll changed, as a CLI ingest does: the first view after a poll reads
a stored page at the story's current version instead of building it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storyline.store import open_store
from storyline.web import page_store
from storyline.web.catalog import Catalog
from storyline.web.story_page import PageCache
from tests.watch.site import Site, rss
from tests.watch.test_watch_cli import listing, pages, watch


def _stored_page(db: Path, story_id: str) -> tuple[bool, str]:
    """Whether the story's stored page is at its current version, and its stored body."""
    catalog = Catalog(db)
    try:
        stamp = PageCache.version(catalog, story_id)
        row = catalog.db.execute(
            "SELECT version, data FROM story_views WHERE story_id = ?", (story_id,)
        ).fetchone()
    finally:
        catalog.close()
    if stamp is None or row is None:
        return False, ""
    return row[0] == page_store.version_of(stamp), repr(page_store.decode(bytes(row[1])))


def _story_views(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM story_views").fetchone()[0])


def test_each_poll_stores_the_pages_of_the_stories_it_changed(site: Site, tmp_path: Path) -> None:
    entries = pages(site, range(3))
    site.set("/rss", rss(entries[:2]), content_type="application/rss+xml")
    sources, db = listing(tmp_path, site.url("/rss")), tmp_path / "news.db"
    first = watch(db, sources)
    assert first.returncode == 0, first.stderr
    with open_store(db, readonly=True) as store:
        (story,) = store.stories()
    current, body = _stored_page(db, story.id)
    assert current and "Новость номер 1" in body and "Новость номер 2" not in body

    site.set("/rss", rss(entries), content_type="application/rss+xml")  # the feed gains an entry
    second = watch(db, sources)
    assert second.returncode == 0, second.stderr
    assert "1 new articles" in second.stdout
    current, body = _stored_page(db, story.id)
    assert current and "Новость номер 2" in body  # the stored page is the poll's, not the old one

    unchanged = _story_views(db)
    third = watch(db, sources)  # nothing new: no story changed, no page is built
    assert third.returncode == 0, third.stderr
    assert "0 new articles" in third.stdout and _story_views(db) == unchanged
