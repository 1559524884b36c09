"""The page's hits from SQLite's windows (`web/search_snippets.py`) equal those cut
from each hit's whole text and lemma text, on the real seeds (Russian news)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.web import search_snippets
from storyline.web.catalog import Catalog
from storyline.web.search import Hit, Searcher, SearchFilter, _near_first_match, _snippet

# Lemmas of the seeds' index tried as queries (each one's page of hits compared).
QUERY_LEMMAS = 60
# Hits per page compared (the API's largest page).
PAGE = 100


def _reference(
    db: sqlite3.Connection, page: list[int], score_of: dict[int, float], lemmas: set[str]
) -> list[Hit]:
    """The hits as before the windows: every row's whole text and lemma text."""
    out = []
    for seq in page:
        row = db.execute(
            "SELECT a.id, a.title, a.source, a.published, a.text, s.lemmas, p.spans, m.thread_id, m.story_id"
            " FROM articles a JOIN search s ON s.rowid = a.seq LEFT JOIN search_spans p ON p.seq = a.seq"
            " LEFT JOIN assignments m ON m.article_id = a.id WHERE a.seq = ?",
            (seq,),
        ).fetchone()
        article_id, title, source, published, text, indexed, spans_json, thread_id, story_id = row
        words, spans = _near_first_match(indexed, spans_json, lemmas)
        snippet, marks, at = _snippet(text, words, spans, lemmas)
        out.append(
            Hit(article_id, title, source, published, story_id, thread_id, score_of[seq], snippet, marks, at)
        )
    return out


@pytest.fixture(scope="module")
def vocabulary(web_seeds_master: Path) -> list[str]:
    db = sqlite3.connect(web_seeds_master)
    lemmas = sorted({w for (text,) in db.execute("SELECT lemmas FROM search") for w in text.split(" ") if w})
    db.close()
    step = max(1, len(lemmas) // QUERY_LEMMAS)
    return lemmas[::step][:QUERY_LEMMAS]


@pytest.mark.parametrize("window", [search_snippets.LEMMA_WINDOW_CHARS, 1, 40, 300])
def test_windows_equal_the_whole_texts(
    web_seeds_master: Path, vocabulary: list[str], window: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A narrow LEMMA_WINDOW_CHARS makes most hits read their lemma text again: equal too."""
    monkeypatch.setattr(search_snippets, "LEMMA_WINDOW_CHARS", window)
    catalog = Catalog(web_seeds_master)
    searcher = Searcher(catalog)
    compared = marked = 0
    try:
        for lemma in vocabulary:
            wanted = {lemma, vocabulary[(vocabulary.index(lemma) * 7) % len(vocabulary)]}
            seqs = [
                int(s)
                for (s,) in catalog.db.execute(
                    "SELECT rowid FROM search WHERE search MATCH ? LIMIT ?", (f'"{lemma}"', PAGE)
                )
            ]
            score_of = {s: float(i) for i, s in enumerate(seqs)}
            got = searcher._sqlite_hits(seqs, score_of, wanted)
            assert got == _reference(catalog.db, seqs, score_of, wanted), lemma
            compared += len(got)
            marked += sum(1 for h in got if h.highlights)
    finally:
        catalog.close()
    assert compared >= 100 and marked == compared  # every hit holds a wanted lemma, so each is marked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_searches_equal_the_whole_texts(
    web_seeds_master: Path, vocabulary: list[str], data: st.DataObject
) -> None:
    """Whole searches (readings, phrases, pages), their hits against the reference's."""
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3))
    query = data.draw(st.sampled_from([" ".join(words), '"' + " ".join(words) + '"', words[0]]))
    offset = data.draw(st.integers(min_value=0, max_value=30))
    catalog = Catalog(web_seeds_master)
    try:
        searcher = Searcher(catalog)
        result = searcher.search(query, SearchFilter(), 20, offset)
        seqs = [
            int(s)
            for (s,) in (
                catalog.db.execute("SELECT seq FROM articles WHERE id = ?", (h.article_id,)).fetchone()
                for h in result.hits
            )
        ]
        _, lemmas = searcher.parts(query)
        score_of = {s: h.score for s, h in zip(seqs, result.hits, strict=True)}
        assert result.hits == _reference(catalog.db, seqs, score_of, lemmas)
    finally:
        catalog.close()
