"""The SQLite store: migrations, round trips, transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.errors import NotFoundError, StoreError
from storyline.model import (
    Annotation,
    Article,
    DateMention,
    Entity,
    Evidence,
    Fact,
    FactValue,
    Rejection,
    Sentence,
    SentenceNovelty,
    Story,
    Thread,
    TimelineEvent,
)
from storyline.store import open_store
from storyline.store.sqlite import SQLiteStore, migrations


def _article(n: int) -> Article:
    return Article(
        id=f"a{n}",
        text=f"Текст номер {n}.",
        content_hash=f"h{n}",
        published="2022-01",
        published_precision="month",
        meta={"k": n},
    )


def test_migrations_numbered_and_applied(tmp_path: Path) -> None:
    numbers = [n for n, _ in migrations()]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    store = SQLiteStore(tmp_path / "s.db")
    assert store.schema_version() == numbers[-1]
    store.close()
    # reopening applies nothing twice
    assert SQLiteStore(tmp_path / "s.db").schema_version() == numbers[-1]


def test_wal_mode(tmp_path: Path) -> None:
    open_store(tmp_path / "s.db").close()
    mode = sqlite3.connect(tmp_path / "s.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "s.db")
    db.execute("PRAGMA user_version=999")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(tmp_path / "s.db")


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(path)


def test_article_round_trip_with_annotation(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            seq = store.add_article(_article(1))
        assert seq == 1
        ann = Annotation(
            lang="ru",
            full=True,
            sentences=[Sentence(0, 5)],
            dates=[DateMention(0, 5, "Текст", "2022-01-06", precision="day")],
            version="v",
        )
        with store.transaction():
            store.save_annotation("a1", ann)
        got = store.get_article("a1")
        assert got.meta == {"k": 1} and got.published_precision == "month"
        assert got.annotation == ann
        assert store.ids_needing_annotation("v") == []
        assert store.ids_needing_annotation("other") == ["a1"]
        with pytest.raises(NotFoundError):
            store.get_article("missing")


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(_article(1))
            raise RuntimeError("boom")
        assert store.count_articles() == 0


def test_rejections_are_deduplicated(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store.add_rejection(Rejection("f.jsonl:3", "bad json"))
        assert not store.add_rejection(Rejection("f.jsonl:3", "bad json"))
        assert store.rejections() == [Rejection("f.jsonl:3", "bad json")]


def test_minhash_candidates(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(_article(1))
            store.add_minhash("a1", b"\x01\x02", ["b0:x", "b1:y"])
        assert store.minhash_candidates(["b1:y", "zz"]) == [("a1", b"\x01\x02")]
        assert store.minhash_candidates([]) == []
        assert store.article_ids() == ["a1"]


def test_groups_stories_entities_novelty_state(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(_article(1))
            store.set_assignment("a1", "t1", "s1")
            store.save_thread(Thread("t1", "s1", "title", ["a1"], "2022-01", "2022-01"))
            story = Story(
                "s1",
                "title",
                ["a1"],
                ["t1"],
                timeline=[TimelineEvent("2022-01-06", None, "day", "x", [Evidence("a1", 0, 5)])],
                facts=[
                    Fact(
                        "f1",
                        None,
                        "Россия",
                        "военные",
                        "updated",
                        [FactValue(3000, None, None, None, "военный", "a1", 0, 4, "2022-01")],
                    )
                ],
            )
            store.save_story(story)
            store.replace_entities([Entity("e1", "Россия", "LOC", ["России"], [], 2)])
            store.save_novelty("a1", [SentenceNovelty("a1", 0, "repeated", ["a0"])])
            store.set_state("idf", b"\x00\x01")
            store.record_merge("thread", "t1", "t2", "a1")
        assert store.assignments() == {"a1": ("t1", "s1")}
        assert store.get_story("s1") == story
        assert store.entities()[0].aliases == ["России"]
        assert store.novelty("a1")[0].repeats == ["a0"]
        assert store.get_state("idf") == b"\x00\x01"
        assert store.merges()[0][:4] == ("thread", "t1", "t2", "a1")
        with store.transaction():
            store.clear_grouping()
        assert store.stories() == [] and store.assignments() == {} and store.get_state("idf") is None
        assert store.count_articles() == 1


def test_a_postgres_url_without_a_server_is_a_clear_error() -> None:
    from storyline.errors import StoreError
    from tests.pg import free_port

    with pytest.raises(StoreError, match="cannot connect to PostgreSQL at postgresql://127.0.0.1"):
        open_store(f"postgresql://127.0.0.1:{free_port()}/x")


def test_annotation_to_dict_matches_asdict() -> None:
    from dataclasses import asdict

    from storyline.model import EntityMention, QuantityMention, QuoteMention, Token

    ann = Annotation(
        "ru",
        True,
        [Sentence(0, 3, "heading")],
        [Token(0, 1, "a", "a")],
        [EntityMention(0, 1, "a", "PER", "a", "роль", "e1")],
        [DateMention(0, 1, "a", "2022")],
        [QuantityMention(0, 1, "1", 1.0, subject="Россия")],
        [QuoteMention(0, 1, "a", "direct")],
        "v",
    )
    assert ann.to_dict() == asdict(ann)
    assert Annotation.from_dict(ann.to_dict()) == ann


def test_membership_comes_from_assignments_in_ingest_order(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            for n in range(1, 7):
                store.add_article(_article(n))
            # assigned out of order; t2 opens before t1 in ingest order
            for aid, tid in (("a5", "t1"), ("a2", "t2"), ("a3", "t1"), ("a6", "t3"), ("a4", "t2")):
                store.set_assignment(aid, tid, "s1")
            store.set_assignment("a1", "t9", "s2")
            for tid, sid in (("t1", "s1"), ("t2", "s1"), ("t3", "s1"), ("t9", "s2")):
                store.save_thread(Thread(tid, sid, "x", ["ignored"]))
            store.save_story(Story("s1", "one", ["ignored"], ["ignored"], summary="итог"))
            store.save_story(Story("s2", "two", [], []))
        story = store.get_story("s1")
        assert story.article_ids == ["a2", "a3", "a4", "a5", "a6"]
        assert story.thread_ids == ["t2", "t1", "t3"] and story.summary == "итог"
        assert {s.id: s.article_ids for s in store.stories()} == {"s1": story.article_ids, "s2": ["a1"]}
        assert {t.id: t.article_ids for t in store.threads()}["t1"] == ["a3", "a5"]
        # a merge moves assignments: the records follow without being rewritten
        with store.transaction():
            for aid in ("a2", "a4"):
                store.set_assignment(aid, "t1", "s1")
            store.set_assignment("a1", "t1", "s1")
            store.delete_thread("t2")
            store.delete_story("s2")
            store.delete_thread("t9")
        story = store.get_story("s1")
        assert story.article_ids == ["a1", "a2", "a3", "a4", "a5", "a6"] and story.thread_ids == ["t1", "t3"]
        assert [(t.id, t.article_ids) for t in sorted(store.threads(), key=lambda t: t.id)] == [
            ("t1", ["a1", "a2", "a3", "a4", "a5"]),
            ("t3", ["a6"]),
        ]


def test_story_skeleton_update_patches_only_the_skeleton(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(_article(1))
            store.set_assignment("a1", "t1", "s1")
            store.update_story_skeleton(Story("s1", "Первый", [], [], first_published="2022-01"))
            full = store.get_story("s1")
            full.summary = "итог"
            full.timeline = [TimelineEvent("2022-01-06", None, "day", "x", [Evidence("a1", 0, 5)])]
            store.save_story(full)
            store.update_story_skeleton(
                Story(
                    "s1",
                    "Второй «заголовок»",
                    [],
                    [],
                    first_published="2021-12",
                    last_published=None,
                    entity_ids=["e2", "e1"],
                )
            )
        got = store.get_story("s1")
        assert got.title == "Второй «заголовок»" and got.first_published == "2021-12"
        assert got.last_published is None and got.entity_ids == ["e2", "e1"]
        assert got.summary == "итог" and got.timeline == full.timeline
        assert got.article_ids == ["a1"] and got.thread_ids == ["t1"]


def test_migration_moves_membership_out_of_old_records(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(migrations()[0][1] + "\nPRAGMA user_version=1;")
    db.execute("INSERT INTO articles (id, content_hash, text, ingested_at) VALUES ('a1', 'h1', 't', 'now')")
    db.execute("INSERT INTO assignments VALUES ('a1', 't1', 's1')")
    db.execute(
        """INSERT INTO threads VALUES ('t1', '{"id":"t1","story_id":"s1","title":"x","article_ids":["a1"]}')"""
    )
    db.execute(
        """INSERT INTO stories VALUES ('s1', '{"id":"s1","title":"Т","article_ids":["a1"],"thread_ids":["t1"],"summary":"итог"}')"""
    )
    db.commit()
    db.close()
    with SQLiteStore(path) as store:
        assert store.schema_version() >= 2
        assert store.get_story("s1").article_ids == ["a1"] and store.get_story("s1").summary == "итог"
        assert store.threads()[0].article_ids == ["a1"]
    raw = sqlite3.connect(path).execute("SELECT data FROM stories").fetchone()[0]
    assert "article_ids" not in raw and "thread_ids" not in raw


def _annotated(n_tokens: int) -> Annotation:
    from storyline.model import EntityMention, Token

    words = ["Токаев", "заявил", ",", "что", "ОДКБ", "направит", "войска", "."]
    tokens, start = [], 0
    for i in range(n_tokens):
        w = words[i % len(words)]
        tokens.append(Token(start, start + len(w), w, w.lower(), "NOUN"))
        start += len(w) + 1
    return Annotation(
        "ru",
        True,
        [Sentence(0, start)],
        tokens,
        [EntityMention(0, 6, "Токаев", "PER", "Токаев")],
        version="v",
    )


def test_annotations_are_stored_compact_and_read_back_equal(tmp_path: Path) -> None:
    import json

    ann = _annotated(2_000)
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(_article(1))
            store.save_annotation("a1", ann)
        assert store.get_article("a1").annotation == ann
    raw = sqlite3.connect(tmp_path / "s.db").execute("SELECT data FROM annotations").fetchone()[0]
    as_json = json.dumps(ann.to_dict(), ensure_ascii=False).encode()
    assert isinstance(raw, bytes) and len(raw) * 10 < len(as_json)


def test_annotations_stored_as_json_text_still_load(tmp_path: Path) -> None:
    import json

    ann = _annotated(20)
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(_article(1))
    db = sqlite3.connect(tmp_path / "s.db")
    with db:
        db.execute(
            "INSERT INTO annotations (article_id, version, data) VALUES ('a1', 'v', ?)",
            (json.dumps(ann.to_dict(), ensure_ascii=False),),
        )
    db.close()
    with open_store(tmp_path / "s.db") as store:
        assert store.get_article("a1").annotation == ann
