"""Pages stored after writes other than a posted article: a CLI ingest (through the
real `storyline` entry point) stores the pages of the stories it touched, and a
real server on 127.0.0.1 then serves the first view of such a story from the
store (`X-Story-Page: stored`) instead of building it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from storyline.web import page_store
from storyline.web.catalog import Catalog
from storyline.web.story_page import PageCache
from tests.web.conftest import _serve
from tests.web.test_api import ARTICLE


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", *args], env=env, capture_output=True, text=True, timeout=600
    )


def _get(url: str) -> tuple[int, str, str | None]:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return answer.status, answer.read().decode("utf-8"), answer.headers.get("X-Story-Page")


def test_a_cli_ingest_stores_the_pages_it_changed(web_db: Path, tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({**ARTICLE, "id": "cli-kz-1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = _cli("ingest", str(news), "--db", str(web_db))
    assert done.returncode == 0, done.stderr
    catalog = Catalog(web_db)
    try:
        (story_id,) = [
            r[0] for r in catalog.db.execute("SELECT story_id FROM assignments WHERE article_id = 'cli-kz-1'")
        ]
        stamp = PageCache.version(catalog, story_id)
        assert stamp is not None
        row = catalog.db.execute("SELECT version FROM story_views WHERE story_id = ?", (story_id,)).fetchone()
    finally:
        catalog.close()
    assert row is not None and row[0] == page_store.version_of(stamp)  # at the story's new version

    server = _serve(web_db, tmp_path)
    base = next(server)
    try:
        status, body, origin = _get(f"{base}/stories/{story_id}")
        assert status == 200 and origin == "stored"
        assert ARTICLE["title"] in body  # the ingested article is on the page
        other = _get(f"{base}/stories/{story_id}?top=0")  # other options are built, as before
        assert other[0] == 200 and other[2] == "built"
    finally:
        server.close()


def test_most_recent_orders_as_the_story_list(web_db: Path) -> None:
    catalog = Catalog(web_db)
    try:
        rows = catalog.db.execute(
            "SELECT story_id FROM story_list ORDER BY last_published DESC, story_id"
        ).fetchall()
        ids = [r[0] for r in rows]
        assert page_store.most_recent(catalog, sorted(ids) + ["sty-nope"], 2) == ids[:2]
        assert page_store.most_recent(catalog, [], 5) == []
    finally:
        catalog.close()


def test_a_refresh_builds_only_the_pages_whose_story_changed(web_db: Path) -> None:
    """A touched story whose stored page is at its current version is not built again;
    one whose stored page is stale is."""
    from storyline.query.story_view import ViewOptions
    from storyline.store import open_store

    store = open_store(web_db)
    catalog = Catalog(web_db)

    def refresh(ids: list[str]) -> tuple[int, int]:
        pages = page_store.StoredPages(catalog, ViewOptions(top=page_store.STORY_TOP), lambda job: job(store))
        pages.refresh(store, ids)
        return pages.writes, pages.unchanged

    try:
        ids = sorted(r[0] for r in catalog.db.execute("SELECT story_id FROM story_list"))
        assert ids
        assert sum(refresh(ids)) == len(ids)
        assert refresh(ids) == (0, len(ids))  # nothing changed: nothing built
        with store.transaction():  # one page stale: an older version's row
            store.save_story_view(ids[0], "stale", b"{}")
        assert refresh(ids) == (1, len(ids) - 1)
        row = catalog.db.execute("SELECT version FROM story_views WHERE story_id = ?", (ids[0],)).fetchone()
        stamp = PageCache.version(catalog, ids[0])
        assert stamp is not None and row[0] == page_store.version_of(stamp)
    finally:
        catalog.close()
        store.close()
