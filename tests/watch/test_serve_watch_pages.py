"""`storyline serve --watch` stores the page of a story a poll changed, so the first
view after the poll is a stored read (`X-Story-Page: stored`), not a build."""

from __future__ import annotations

import socket
import sqlite3
import time
import urllib.request
from pathlib import Path

from storyline.web import page_store
from storyline.web.catalog import Catalog
from storyline.web.story_page import PageCache
from tests.watch.serving import ARRIVAL_TIMEOUT_S, START_TIMEOUT_S, first_poll, serve_watch
from tests.watch.site import Site, rss


def _members(db: Path, story_id: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return int(
            c.execute("SELECT COUNT(*) FROM assignments WHERE story_id = ?", (story_id,)).fetchone()[0]
        )


def _stored_current(db: Path, story_id: str) -> bool:
    """Whether the story's stored page is at the story's current version."""
    catalog = Catalog(db)
    try:
        stamp = PageCache.version(catalog, story_id)
        row = catalog.db.execute("SELECT version FROM story_views WHERE story_id = ?", (story_id,)).fetchone()
        return stamp is not None and row is not None and row[0] == page_store.version_of(stamp)
    finally:
        catalog.close()


def test_a_watch_poll_stores_the_page_of_the_story_it_changed(site: Site, tmp_path: Path) -> None:
    entries, sources, db, story = first_poll(site, tmp_path)
    proc, port = serve_watch(db, sources)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
                time.sleep(0.3)
        site.set("/rss", rss(entries), content_type="application/rss+xml")  # the feed gains an entry
        # nobody opens the story page meanwhile: once the story holds the new article
        # (its version changed), a current stored row can only be the poll's (the
        # one `storyline watch` stored above is of the story's old version)
        deadline = time.monotonic() + ARRIVAL_TIMEOUT_S
        while time.monotonic() < deadline and not (
            _members(db, story.id) == 3 and _stored_current(db, story.id)
        ):
            time.sleep(0.3)
        assert _members(db, story.id) == 3 and _stored_current(db, story.id)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stories/{story.id}", timeout=30) as answer:
            assert answer.status == 200 and answer.headers.get("X-Story-Page") == "stored"
            assert "Новость номер 2" in answer.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
