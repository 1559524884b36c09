"""Story pages stored by the writer (`story_views`, schema 55): the same page back,
used only at its own story and code version, written after a first view."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.query.story_view import ViewOptions
from storyline.web import page_store, pages
from storyline.web.app import create_app
from storyline.web.catalog import Catalog
from storyline.web.story_page import PageCache, load_story_page

# Seconds the writer thread may take to store a page built on a first view.
STORE_WAIT_S = 30


def _first_story(db: Path) -> str:
    with sqlite3.connect(db) as c:
        return str(
            c.execute("SELECT story_id FROM assignments GROUP BY story_id ORDER BY COUNT(*) DESC").fetchone()[
                0
            ]
        )


def _stored(db: Path, story_id: str) -> tuple[str, bytes] | None:
    with sqlite3.connect(db) as c:
        row = c.execute("SELECT version, data FROM story_views WHERE story_id = ?", (story_id,)).fetchone()
    return (row[0], row[1]) if row else None


def _wait_stored(db: Path, story_id: str) -> tuple[str, bytes]:
    deadline = time.time() + STORE_WAIT_S
    while time.time() < deadline:
        found = _stored(db, story_id)
        if found is not None:
            return found
        time.sleep(0.1)
    raise AssertionError("the page was not stored")


def test_a_page_decodes_to_the_page_built(web_db: Path) -> None:
    story_id = _first_story(web_db)
    catalog = Catalog(web_db)
    try:
        built = load_story_page(catalog, story_id, ViewOptions(top=pages.STORY_TOP))
        assert built.view.timeline.items and built.view.facts.items and built.entities
        assert page_store.decode(page_store.encode(built)) == built
    finally:
        catalog.close()


def test_a_first_view_is_stored_and_the_next_process_reads_it(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id = _first_story(web_db)
    with TestClient(create_app(web_db, cache_entries=0)) as c:
        first = c.get(f"/stories/{story_id}")
        assert first.status_code == 200
        version, _ = _wait_stored(web_db, story_id)
    assert version.endswith(page_store.code_version())

    def no_build(*args: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(pages, "load_story_page", no_build)
    with TestClient(create_app(web_db, cache_entries=0)) as c:  # a new process: an empty memory cache
        again = c.get(f"/stories/{story_id}")
        assert again.status_code == 200
        assert again.text == first.text
        assert c.app.state.stored_pages.reads == 1  # type: ignore[attr-defined]
        # other options are built as before (only the default page is stored)
        monkeypatch.undo()
        assert c.get(f"/stories/{story_id}", params={"top": 0}).status_code == 200


def test_a_row_of_another_story_or_code_version_is_not_used(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id = _first_story(web_db)
    catalog = Catalog(web_db)
    try:
        stamp = PageCache.version(catalog, story_id)
        assert stamp is not None
        page = load_story_page(catalog, story_id, ViewOptions(top=pages.STORY_TOP))
        page.view.header = type(page.view.header)(**{**vars(page.view.header), "title": "СТАРАЯ ВЕРСИЯ"})
        with sqlite3.connect(web_db) as db:
            for version in (
                f"{stamp[0]}-{stamp[1] + 1}-{page_store.code_version()}",
                f"{stamp[0]}-{stamp[1]}-0ld",
            ):
                db.execute(
                    "INSERT OR REPLACE INTO story_views (story_id, version, data) VALUES (?, ?, ?)",
                    (story_id, version, page_store.encode(page)),
                )
                db.commit()
                with TestClient(create_app(web_db, cache_entries=0)) as c:
                    body = c.get(f"/stories/{story_id}").text
                    assert "СТАРАЯ ВЕРСИЯ" not in body
                    assert c.app.state.stored_pages.reads == 0  # type: ignore[attr-defined]
    finally:
        catalog.close()


def test_a_posted_article_has_its_story_page_stored(client: TestClient) -> None:
    """After a posted article the writer builds the pages of the stories it touched
    (after answering), at the stories' new versions."""
    from .conftest import TOKEN
    from .test_api import ARTICLE

    response = client.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    story_id = response.json()["story_id"]
    catalog = client.app.state.catalog  # type: ignore[attr-defined]
    stamp = PageCache.version(catalog, story_id)
    assert stamp is not None
    wanted = page_store.version_of(stamp)
    deadline = time.time() + STORE_WAIT_S
    row = None
    while time.time() < deadline:
        row = catalog.db.execute(
            "SELECT version, data FROM story_views WHERE story_id = ?", (story_id,)
        ).fetchone()
        if row is not None and row[0] == wanted:
            break
        time.sleep(0.2)
    assert row is not None and row[0] == wanted
    stored = page_store.decode(bytes(row[1]))
    assert stored.view.header.articles == stamp[1]
    assert "api-kz-1" in stored.thread_of
