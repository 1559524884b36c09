"""Databases made by earlier versions keep working: counters carried over from the
grouping state (migration 3), the candidate index built once from the profiles
(grouping state version 1), a regroup to move entity links out of annotations
(migration 5), and the grouping state's key/value blobs moved into tables
(migrations 46 and 47)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from storyline.group import Grouper
from storyline.group.state import REINDEX
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


PREFIX = "group."  # the grouping state's keys in `state` before migration 46
GROUP_TABLES = ("group_profiles", "group_df", "group_entities", "entity_redirects", "unbuilt_stories")


def as_schema_45(path: Path, state_version: int = 2) -> None:
    """Rewrite a current store as storyline left it at schema 45: the grouping state
    as blobs under 'group.' keys (and unbuilt stories as 'pipeline/' keys) in `state`."""
    db = sqlite3.connect(path, isolation_level=None)
    rows = []
    for level, pid, data in db.execute("SELECT level, id, data FROM group_profiles"):
        rows.append((f"{PREFIX}{level}/{pid}", data))
    for kind, term, df in db.execute("SELECT kind, term, df FROM group_df"):
        rows.append((f"{PREFIX}df/{kind}:{term}", str(df).encode()))
    for eid, data in db.execute("SELECT id, data FROM group_entities"):
        rows.append((f"{PREFIX}entity/{eid}", data))
    redirects = dict(db.execute("SELECT old_id, new_id FROM entity_redirects").fetchall())
    docs = db.execute("SELECT value FROM counters WHERE name='idf_documents'").fetchone()[0]
    meta = {"version": state_version, "docs": docs, "redirects": redirects}
    rows.append((PREFIX + "meta", json.dumps(meta).encode()))
    rows += [
        ("pipeline/unbuilt-story/" + r[0], b"") for r in db.execute("SELECT story_id FROM unbuilt_stories")
    ]
    db.executemany("INSERT INTO state (key, value) VALUES (?, ?)", rows)
    for table in GROUP_TABLES:
        db.execute(f"DROP TABLE {table}")
    db.execute("DELETE FROM counters WHERE name='idf_documents'")
    db.execute("PRAGMA user_version=45")
    db.close()


def group_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        out = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in GROUP_TABLES}
        out["counters"] = sorted(db.execute("SELECT * FROM counters").fetchall())
        out["old keys"] = db.execute(
            "SELECT key FROM state WHERE key LIKE 'group.%' OR key LIKE 'pipeline/unbuilt-story/%'"
        ).fetchall()
    return out


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
    as_schema_45(path, state_version=1)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DELETE FROM group_postings")  # as an older storyline left it: the index was in memory
    db.close()
    with open_store(path) as store:
        assert store.get_state(REINDEX) is not None
        grouper = Grouper(store)
        assert store.count_postings() > 0
        assert store.get_state(REINDEX) is None
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


def test_migration_46_moves_the_grouping_blobs_into_tables_unchanged(
    tmp_path: Path, seeds_dir: Path, annotator
) -> None:  # type: ignore[no-untyped-def]
    current, old = tmp_path / "current.db", tmp_path / "old.db"
    articles = sorted(seeds_dir.glob("*.txt"))
    assert len(articles) >= 2
    with open_store(current) as store:
        ingest(store, [str(p) for p in articles[:-1]])
        pipeline = Pipeline(store, annotator=annotator)
        pipeline.process()
        with store.transaction():  # as a run killed before its story step leaves it
            store.note_unbuilt_stories(["sty-000001"])
    shutil.copy(current, old)
    before = group_tables(current)
    assert before["group_profiles"] and before["group_df"] and before["group_entities"]
    as_schema_45(old)
    with sqlite3.connect(old) as db:
        assert db.execute("SELECT COUNT(*) FROM state WHERE key LIKE 'group.%'").fetchone()[0] > 100
    with open_store(old):  # upgrades
        pass
    after = group_tables(old)
    assert after == before and not after["old keys"]
    # Both go on the same way: the next input is grouped alike, the left-over story built.
    results = []
    for path in (current, old):
        with open_store(path) as store:
            ingest(store, [str(articles[-1])])
            report = Pipeline(store, annotator=annotator).process()
            assert "sty-000001" in report.touched_stories and not store.unbuilt_stories()
            results.append((store.assignments(), group_tables(path)))
    assert results[0] == results[1]


OLD_BLOBS = [
    (PREFIX + "thread/thr-000001", b'{"id":"thr-000001","level":"thread","parent":"sty-000001"}'),
    (PREFIX + "story/sty-000001", b'{"id":"sty-000001","level":"story"}'),
    (PREFIX + "df/t:слово", b"3"),
    (PREFIX + "df/e:ent-000001", b"2"),
    (PREFIX + "entity/ent-000001", '{"id":"ent-000001","name":"Лондон","type":"LOC"}'.encode()),
    (PREFIX + "meta", b'{"version":2,"docs":5,"redirects":{"ent-000002":"ent-000001"}}'),
    ("pipeline/unbuilt-story/sty-000001", b""),
    ("pipeline/grouped-with-annotation", b"8"),
]


def _sqlite_at_45(tmp_path: Path) -> str:
    db = database_at(tmp_path / "45.db", 45)
    db.executemany("INSERT INTO state (key, value) VALUES (?, ?)", OLD_BLOBS)
    db.close()
    return str(tmp_path / "45.db")


def _postgres_at_45(request: pytest.FixtureRequest) -> str:
    import psycopg

    from storyline.store import postgres

    url = request.getfixturevalue("pg_cluster").new_database("upgrade")
    with psycopg.connect(url) as raw:
        postgres.migrate(raw, url, [s for s in postgres.migrations() if s[0] <= 45])
        with raw.cursor() as cur:
            cur.executemany("INSERT INTO state (key, value) VALUES (%s, %s)", OLD_BLOBS)
    return url


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_schema_45_store_opens_with_its_grouping_state_in_tables(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    where = _sqlite_at_45(tmp_path) if backend == "sqlite" else _postgres_at_45(request)
    with open_store(where) as store:
        assert store.group_profile_ids("thread") == ["thr-000001"]
        assert store.group_profile_ids("story") == ["sty-000001"]
        assert store.group_profile("thread", "thr-000001") == OLD_BLOBS[0][1]
        assert sorted(store.document_frequencies()) == [("e", "ent-000001", 2), ("t", "слово", 3)]
        assert store.entity_records() == [OLD_BLOBS[4][1]]
        assert store.entity_redirects() == {"ent-000002": "ent-000001"}
        assert store.counter("idf_documents") == 5
        assert store.unbuilt_stories() == ["sty-000001"]
        assert store.state_keys("group.") == [] and store.state_keys("pipeline/unbuilt-story/") == []
        assert store.get_state(GROUPED_WITH) == b"8" and store.get_state(REINDEX) is None
        grouper = Grouper(store)  # the moved state is the grouper's
        assert grouper.vocab.docs == 5 and grouper.vocab.df["слово"] == 3
        assert grouper.threads["thr-000001"].parent == "sty-000001"
        assert grouper.resolver.resolve_id("ent-000002") == "ent-000001"
