"""Databases made by earlier versions keep working: counters carried over from the
grouping state (migration 3), the candidate index built once from the profiles
(grouping state version 1), and a regroup to move entity links out of annotations
(migration 5)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storyline.group import Grouper
from storyline.group.grouper import PREFIX
from storyline.ingest import ingest
from storyline.pipeline import GROUPED_WITH, Pipeline
from storyline.store import open_store
from storyline.store.opening import split_sql as _split_sql
from storyline.store.sqlite import migrations


def database_at(path: Path, version: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    for number, sql in migrations():
        if number <= version:
            for statement in _split_sql(sql):
                db.execute(statement)
            db.execute(f"PRAGMA user_version={number}")
    return db


def test_counters_continue_from_a_version_2_grouping_state(tmp_path: Path) -> None:
    db = database_at(tmp_path / "old.db", 2)
    meta = {"version": 1, "docs": 3, "next_thread": 8, "next_story": 4, "next_entity": 31, "redirects": {}}
    db.execute("INSERT INTO state (key, value) VALUES (?, ?)", (PREFIX + "meta", json.dumps(meta).encode()))
    db.close()
    with open_store(tmp_path / "old.db") as store, store.transaction():
        assert [store.next_id(name) for name in ("thread", "story", "entity")] == [8, 4, 31]


def test_a_version_1_state_is_indexed_once_from_its_profiles(
    tmp_path: Path, seeds_dir: Path, annotator
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "v1.db"
    with open_store(path) as store:
        ingest(store, [str(seeds_dir)])
        Pipeline(store, annotator=annotator).process()
        threads = {t.id for t in store.threads()}
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DELETE FROM group_postings")  # as an older storyline left it: the index was in memory
    blob = db.execute("SELECT value FROM state WHERE key=?", (PREFIX + "meta",)).fetchone()[0]
    meta = json.loads(blob)
    meta["version"] = 1
    db.execute("UPDATE state SET value=? WHERE key=?", (json.dumps(meta).encode(), PREFIX + "meta"))
    db.close()
    with open_store(path) as store:
        grouper = Grouper(store)
        assert store.count_postings() > 0
        assert json.loads(store.get_state(PREFIX + "meta") or b"{}")["version"] == 2
        article = next(store.iter_articles())
        assert article.annotation is not None
        from storyline.group.features import extract_features

        query = grouper._query(extract_features(article))
        found = grouper.thread_index.candidates(grouper._query_keys(query), None, lambda t: True, 10)
        assert set(found) <= threads and store.assignments()[article.id][0] in found
        before = store.count_postings()
        Grouper(store)  # indexed already: the second open writes nothing
        assert store.count_postings() == before


def test_migration_5_makes_the_next_run_regroup(tmp_path: Path, seeds_dir: Path, annotator) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "links.db"
    with open_store(path) as store:
        ingest(store, [str(seeds_dir)])
        Pipeline(store, annotator=annotator).process()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE entity_links")  # as before version 5: links were inside the annotations
    db.execute("PRAGMA user_version=4")
    db.close()
    with open_store(path) as store:
        assert store.get_state(GROUPED_WITH) is None  # the migration forgot what the grouping was built from
        report = Pipeline(store, annotator=annotator).process()
        # Rebuilt, but not announced as an annotator upgrade: the annotator is the same.
        assert report.grouped == store.count_articles() and not report.reclustered
        assert all(
            any(m.entity_id for m in a.annotation.entities) for a in store.iter_articles() if a.annotation
        )
