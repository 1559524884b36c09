"""Articles, aliases of exact duplicates, rejections: what ingest and readers rely on."""

from __future__ import annotations

import pytest

from storyline.errors import NotFoundError
from storyline.model import Rejection
from storyline.store import Store
from tests.store.contract.helpers import article


def test_articles_keep_ingest_order(store: Store) -> None:
    with store.transaction():
        seqs = [store.add_article(article(n)) for n in (3, 1, 2)]
    assert seqs == sorted(seqs)
    assert store.article_ids() == ["a3", "a1", "a2"]
    assert [a.id for a in store.iter_articles(["a2", "a3"])] == ["a3", "a2"]
    assert store.count_articles() == 3


def test_an_alias_resolves_to_the_article_kept(store: Store) -> None:
    with store.transaction():
        store.add_article(article(1))
        assert store.add_alias("copy-1", "a1", "feed.jsonl:7")
        assert not store.add_alias("copy-1", "a1", "feed.jsonl:9")  # known already
        store.add_alias("copy-2", "a1", "other.jsonl:1")
    assert store.get_article("copy-1").id == "a1"
    assert store.resolve_article_id("copy-2") == "a1" and store.resolve_article_id("a1") == "a1"
    assert store.resolve_article_id("nothing") is None
    assert store.aliases() == {"a1": ["copy-1", "copy-2"]} == store.aliases(["a1", "a9"])
    assert store.count_aliases() == 2
    with pytest.raises(NotFoundError, match="nothing"):
        store.get_article("nothing")


def test_rejections_are_recorded_once(store: Store) -> None:
    with store.transaction():
        assert store.add_rejection(Rejection("in.jsonl:3", "empty text"))
        assert not store.add_rejection(Rejection("in.jsonl:3", "empty text"))
        store.add_rejection(Rejection("in.jsonl:4", "no date"))
    assert store.rejections() == [Rejection("in.jsonl:3", "empty text"), Rejection("in.jsonl:4", "no date")]
    assert store.count_rejections() == 2


def test_unassigned_articles_and_membership(store: Store) -> None:
    with store.transaction():
        for n in range(1, 5):
            store.add_article(article(n))
        store.set_assignment("a1", "thr-1", "sty-1")
        store.set_assignment("a3", "thr-2", "sty-1")
    assert store.ids_without_assignment() == ["a2", "a4"]
    assert store.count_assignments() == 2
    assert store.assignments() == {"a1": ("thr-1", "sty-1"), "a3": ("thr-2", "sty-1")}


def test_entities_by_id_leaves_unknown_ids_out(store: Store) -> None:
    from storyline.model import Entity

    with store.transaction():
        store.save_entities(
            [Entity("ent-000001", "Иван Петров", "PER"), Entity("ent-000002", "Минобороны", "ORG")]
        )
    found = store.entities_by_id(["ent-000002", "ent-404"])
    assert list(found) == ["ent-000002"] and found["ent-000002"].name == "Минобороны"


def test_article_identity_answers_as_the_lookups_one_by_one(store: Store) -> None:
    """The one statement ingest asks (`article_identity`) against the base class's
    answer from the four lookups, for every kind of id and hash it can meet."""
    with store.transaction():
        for n in (1, 2, 3):
            store.add_article(article(n))
        store.add_alias("copy-1", "a1", "feed.jsonl:7")
        store.add_minhash("a2", b"\x02\x02", ["b0:x", "b1:y"])
        store.add_minhash("a1", b"\x01\x01", ["b1:y", "b2:z"])
        store.add_minhash("a3", b"\x03\x03", ["b3:w"])
    hashes = [article(n).content_hash for n in (1, 2)] + ["h-none"]
    keys = [[], ["b1:y", "b0:x", "zz"], ["b3:w"], ["zz"]]
    for some_id in ("a1", "copy-1", "a2", "nothing"):
        for content_hash in hashes:
            for band_keys in keys:
                one = store.article_identity(some_id, content_hash, band_keys)
                assert one == Store.article_identity(store, some_id, content_hash, band_keys)
    found = store.article_identity("copy-1", "h-none", ["b1:y", "b0:x"])
    assert found.stored_as == "a1" and found.stored_hash == article(1).content_hash
    assert found.kept is None and found.candidates == [("a1", b"\x01\x01"), ("a2", b"\x02\x02")]
    assert store.article_identity("new", article(2).content_hash).kept == "a2"


def test_a_queued_article_has_its_seq_once_its_block_ends(store: Store) -> None:
    """`queue_article` (ingest's insert): the seq is set by the end of the transaction
    or savepoint, as `add_article` would have numbered it; an article of a block
    that rolled back has none, and is not stored."""
    first, kept, lost = article(1), article(2), article(3)
    with store.transaction():
        store.queue_article(first)
        with store.transaction():
            store.queue_article(kept)
        assert kept.seq is not None
        with pytest.raises(RuntimeError), store.transaction():
            store.queue_article(lost)
            raise RuntimeError("this block fails")
        later = store.add_article(article(4))
    assert first.seq is not None and first.seq < kept.seq < later and lost.seq is None
    assert store.article_ids() == ["a1", "a2", "a4"]
    assert [a.seq for a in store.iter_articles(["a1", "a2"])] == [first.seq, kept.seq]


def test_annotation_versions_count_each_version_of_the_articles_asked(store: Store) -> None:
    from storyline.model import Annotation

    assert store.annotation_versions() == {} == store.annotation_versions([])
    with store.transaction():
        for n, version in ((1, "14"), (2, "14"), (3, "15"), (4, "15"), (5, "15")):
            store.add_article(article(n))
            store.save_annotation(f"a{n}", Annotation(lang="ru", full=True, version=version))
        store.add_article(article(6))  # not annotated: no version
    assert store.annotation_versions() == {"14": 2, "15": 3}
    assert store.annotation_versions(["a1", "a3", "a6", "nothing", "a1"]) == {"14": 1, "15": 1}


def test_a_rejection_keeps_its_code_and_parameters(store: Store) -> None:
    coded = Rejection(
        "in.jsonl:5", "row has 3 fields, header has 4", "csv_field_count", {"fields": "3", "header": "4"}
    )
    with store.transaction():
        assert store.add_rejection(coded)
        assert not store.add_rejection(coded)
        store.add_rejection(Rejection("in.jsonl:6", "no date"))  # no code: stored as before
    assert store.rejections() == [coded, Rejection("in.jsonl:6", "no date")]
