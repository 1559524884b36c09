"""Schema 60's per-article entity sets (`article_entity_sets`): kept by triggers as
the real pipeline links entities, and the entity facet counted from them equals the
aggregate over `article_entities` it replaces."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.web.catalog import Catalog
from storyline.web.search import ENTITY_SEPARATOR, FACET_SIZE, Searcher, SearchFilter, _top


def _sets(db: sqlite3.Connection) -> dict[int, set[str]]:
    return {
        int(seq): set(ids.split(ENTITY_SEPARATOR)) if ids else set()
        for seq, ids in db.execute("SELECT seq, ids FROM article_entity_sets")
    }


def _recounted(db: sqlite3.Connection) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for seq, entity_id in db.execute("SELECT seq, entity_id FROM article_entities"):
        out.setdefault(int(seq), set()).add(str(entity_id))
    return out


def test_the_sets_follow_the_entity_links(web_db: Path) -> None:
    db = sqlite3.connect(web_db, isolation_level=None)
    kept = {seq: ids for seq, ids in _sets(db).items() if ids}
    assert kept == _recounted(db) and len(kept) >= 3
    seq, entity_id = db.execute("SELECT seq, entity_id FROM article_entities LIMIT 1").fetchone()
    article_id = db.execute("SELECT id FROM articles WHERE seq = ?", (seq,)).fetchone()[0]
    db.execute("BEGIN")
    db.execute(  # every mention of one entity in one article unlinked: the entity leaves the set
        "DELETE FROM entity_links WHERE article_id = ? AND kind = 'mention' AND entity_id = ?",
        (article_id, entity_id),
    )
    assert entity_id not in _sets(db)[seq]
    db.execute(
        "INSERT INTO entity_links (article_id, kind, idx, entity_id) VALUES (?, 'mention', 100000, ?)",
        (article_id, entity_id),
    )
    assert entity_id in _sets(db)[seq]
    db.execute("ROLLBACK")
    db.close()


def test_the_entity_facet_equals_the_aggregate(web_db: Path) -> None:
    catalog = Catalog(web_db)
    try:
        searcher = Searcher(catalog)
        for query in ["Токаев", "Казахстан", "заявить"]:
            from_sets = searcher.search(query, SearchFilter()).facets["entity"]
            tables = catalog.tables
            catalog.tables = tables - {"article_entity_sets"}
            try:
                aggregated = searcher.search(query, SearchFilter()).facets["entity"]
            finally:
                catalog.tables = tables
            assert from_sets == aggregated and from_sets, query
    finally:
        catalog.close()


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([f"ent-{i:06d}" for i in range(40)]), st.integers(1, 6)))
def test_top_orders_as_the_aggregate(counts: dict[str, int]) -> None:
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
    assert _top(Counter(counts)) == expected
