"""The story–entity rows kept by migration 10's triggers follow every write of a story."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storyline.model import Story
from storyline.query import Reader
from storyline.store import open_store


def links(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT entity_id, story_id FROM story_entities"))


def from_documents(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT j.value, s.id FROM stories s, json_each(s.data, '$.entity_ids') j"))


def test_links_follow_inserts_replacements_updates_and_deletes(seeds_db: Path) -> None:
    assert links(seeds_db) == from_documents(seeds_db) != set()
    with open_store(seeds_db) as store:
        story = store.stories()[0]
        with store.transaction():
            store.save_story(Story("sty-new", "Новый", [], [], entity_ids=["e-a", "e-b"]))
        assert links(seeds_db) == from_documents(seeds_db)
        with store.transaction():  # INSERT OR REPLACE with other entities
            store.save_story(Story("sty-new", "Новый", [], [], entity_ids=["e-b", "e-c"]))
        assert {e for e, s in links(seeds_db) if s == "sty-new"} == {"e-b", "e-c"}
        story.entity_ids = story.entity_ids[:2] + ["e-z"]
        with store.transaction():
            store.update_story_skeleton(story)
        assert links(seeds_db) == from_documents(seeds_db)
        assert {e for e, s in links(seeds_db) if s == story.id} == set(story.entity_ids)
        with store.transaction():
            store.delete_story("sty-new")
        assert links(seeds_db) == from_documents(seeds_db)
        with store.transaction():
            store.clear_grouping()
        assert links(seeds_db) == set()


def test_a_database_before_migration_10_is_read_from_the_documents(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        entity = reader.entities(limit=1).items[0].id
        expected = reader.stories_of_entity(entity, limit=0)
    with sqlite3.connect(seeds_db) as conn:
        for name in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER story_entities_{name}")
        conn.execute("DROP TABLE story_entities")
        conn.execute("PRAGMA user_version=2")
    with Reader(seeds_db) as reader:
        assert reader._connections.schema_version == 2
        assert reader.stories_of_entity(entity, limit=0) == expected
