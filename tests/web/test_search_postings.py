"""Schema 57's postings (`store/search_postings.py`) on the seeds, as the real
pipeline wrote them: the writer's rows equal the migration's fill from FTS5's own
vocabulary, scores from them equal FTS5's bm25(), and a search ranks from them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.model import Annotation, Token
from storyline.store import open_store, search_index, search_postings
from storyline.web.catalog import Catalog
from storyline.web.search import Searcher, SearchFilter
from storyline.web.search_sources import PostingHits, SqliteHits

QUERIES = ["Токаев", "Казахстан протест", "Россия", "заявить", "Россия Казахстан Токаев"]


def _postings(db: sqlite3.Connection) -> list[tuple[str, int, int, int]]:
    return db.execute("SELECT term, seq, tf, dl FROM search_postings ORDER BY term, seq").fetchall()


def test_writer_postings_equal_the_fill_from_fts5(web_db: Path) -> None:
    db = sqlite3.connect(web_db, isolation_level=None)
    written = _postings(db)
    assert len(written) > 1000
    db.execute("BEGIN")
    filled = search_postings.fill(db)
    db.execute("COMMIT")
    assert filled == len(written)
    assert _postings(db) == written
    db.close()


@pytest.mark.parametrize(
    "lemma,stored", [("суд", "суд"), ("ёлка", "ёлка"), ("йод", "йод"), ("Café", "cafe"), ("naïve", "naive")]
)
def test_fold_is_what_fts5_stores(lemma: str, stored: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE s USING fts5(lemmas, tokenize = \"unicode61 tokenchars '_'\")")
    db.execute("INSERT INTO s (rowid, lemmas) VALUES (1, ?)", (lemma,))
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(s, instance)")
    assert db.execute("SELECT term FROM v").fetchone()[0] == stored == search_postings.fold(lemma)


def test_postings_scores_equal_fts5_bm25(web_db: Path) -> None:
    catalog = Catalog(web_db)
    try:
        searcher = Searcher(catalog)
        for query in QUERIES:
            parts, _ = searcher.parts(query)
            hits = searcher._source(parts, "", [])
            assert isinstance(hits, PostingHits)
            fts = SqliteHits(catalog.db, parts, "", [])
            ours = {r[0]: r[1:] for r in hits.score(None, None)}
            theirs = {r[0]: r[1:] for r in fts.score(None, None)}
            assert ours.keys() == theirs.keys() and ours, query
            for seq, (bm25, *rest) in theirs.items():
                assert ours[seq][0] == pytest.approx(bm25, rel=1e-12), (query, seq)
                assert list(ours[seq][1:]) == rest
            result = searcher.search(query, SearchFilter(), limit=10)
            assert result.total == len(theirs) and result.hits
    finally:
        catalog.close()


def test_a_phrase_ranks_through_fts5(web_db: Path) -> None:
    catalog = Catalog(web_db)
    try:
        parts, _ = Searcher(catalog).parts('"Касым-Жомарт Токаев"')
        assert not PostingHits.usable(catalog.tables, parts)
    finally:
        catalog.close()


def test_reindexing_an_article_replaces_its_postings(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.db") as store:
        db = store._db  # type: ignore[attr-defined]
        db.execute("BEGIN")
        db.execute(
            "INSERT INTO articles (seq, id, content_hash, text, ingested_at)"
            " VALUES (1, 'a', 'h', 'x', '2022-01-01T00:00:00Z')"
        )

        def annotation(words: list[str]) -> Annotation:
            tokens, at = [], 0
            for w in words:
                tokens.append(Token(text=w, start=at, end=at + len(w), lemma=w.lower()))
                at += len(w) + 1
            return Annotation(lang="ru", full=True, tokens=tokens)

        search_index.index_article(db, 1, annotation(["Суд", "суд", "Café", "."]))
        assert _postings(db) == [("cafe", 1, 1, 3), ("суд", 1, 2, 3)]
        search_index.index_article(db, 1, annotation(["Иск"]))
        assert _postings(db) == [("иск", 1, 1, 1)]
        db.execute("COMMIT")
