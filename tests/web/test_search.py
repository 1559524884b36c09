"""Search over lemmas: inflected forms, phrases, filters, ranking, snippets, facets,
and the index kept by the writer (hook and backfill)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.store import open_store
from storyline.web import search as search_module
from storyline.web.catalog import Catalog
from storyline.web.search import Hit, Searcher, SearchFilter, _snippet


def _search(client: TestClient, **params: str | int) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_any_inflection_finds_the_others(client: TestClient) -> None:
    forms_found: set[str] = set()
    for query in ("Токаев", "Токаева", "Токаеву"):
        body = _search(client, q=query)
        assert body["total"] >= 3, query
        for hit in body["items"]:
            for start, end in hit["highlights"]:
                forms_found.add(hit["snippet"][start:end])
    assert {"Токаев", "Токаева"} <= forms_found or {"Токаев", "Токаеву"} <= forms_found


def test_highlights_mark_the_matched_words(client: TestClient) -> None:
    body = _search(client, q="миротворческие")
    assert body["items"]
    for hit in body["items"]:
        marked = [hit["snippet"][s:e].lower() for s, e in hit["highlights"]]
        assert marked and all(m.startswith("миротворческ") for m in marked)


def test_phrase_in_quotes_needs_the_words_together(client: TestClient) -> None:
    together = _search(client, q='"миротворческие силы"')["total"]
    apart = _search(client, q='"силы миротворческие"')["total"]
    both = _search(client, q="миротворческие силы")["total"]
    assert together >= 1 and both >= together and apart < both


def test_every_word_must_match(client: TestClient) -> None:
    assert _search(client, q="Токаев бегемот")["total"] == 0


def test_filters_and_facets(client: TestClient) -> None:
    body = _search(client, q="Казахстан")
    facets = body["facets"]
    assert set(facets) == {"source", "entity", "day"}
    assert facets["entity"] and all(f["count"] <= body["total"] for f in facets["entity"])
    entity = facets["entity"][0]["value"]
    narrowed = _search(client, q="Казахстан", entity=entity)
    assert narrowed["total"] == facets["entity"][0]["count"]
    assert _search(client, q="Казахстан", source="nowhere.example")["total"] == 0
    assert _search(client, q="Казахстан", date_from="2022-02-01")["total"] == 0
    assert (
        _search(client, q="Казахстан", date_from="2022-01-05")["total"] == body["total"]
    )  # month-dated articles may fall after


def test_paging_is_a_slice(client: TestClient) -> None:
    whole = [h["article_id"] for h in _search(client, q="Казахстан", limit=50)["items"]]
    pages = [
        h["article_id"]
        for off in range(0, len(whole), 2)
        for h in _search(client, q="Казахстан", limit=2, offset=off)["items"]
    ]
    assert pages == whole


def test_empty_query_is_refused(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "!!! ,,,"}).status_code == 422
    assert client.get("/api/search").status_code == 422


def test_recency_breaks_ties_in_rank(web_db: Path) -> None:
    catalog = Catalog(web_db)
    try:
        result = Searcher(catalog).search("Казахстан", SearchFilter(), 50, 0)
        scores = [h.score for h in result.hits]
        assert scores == sorted(scores)
    finally:
        catalog.close()


def test_backfill_indexes_a_database_annotated_before_the_index(web_db: Path) -> None:
    db = sqlite3.connect(web_db)
    total = db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
    db.executescript(
        "DROP TABLE search; DROP TABLE search_spans; DROP VIEW search_entities; PRAGMA user_version = 10;"
    )
    db.close()
    with open_store(web_db) as store:  # migrates to 20 and backfills
        assert store.schema_version() >= 20
    db = sqlite3.connect(web_db)
    assert db.execute("SELECT COUNT(*) FROM search").fetchone()[0] == total
    assert db.execute("SELECT COUNT(*) FROM search_entities").fetchone()[0] > 0
    db.close()


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="абв где ", min_size=0, max_size=400),
    picks=st.lists(st.integers(min_value=0, max_value=60), max_size=8),
)
def test_snippet_marks_only_wanted_words_inside_it(text: str, picks: list[int]) -> None:
    words = [(i, i + len(w)) for i, w in _words(text)]
    lemmas = [text[s:e] for s, e in words]
    wanted = {lemmas[p % len(lemmas)] for p in picks} if lemmas else set()
    snippet, marks, at = _snippet(text, lemmas, [list(w) for w in words], wanted)
    for start, end in marks:
        assert snippet[start:end] in wanted
    hit = Hit("a", "", None, None, None, None, 0.0, snippet, marks, at)
    assert "".join(t for t, _ in hit.segments()) == snippet


def _words(text: str) -> list[tuple[int, str]]:
    out, i = [], 0
    for part in text.split(" "):
        if part:
            out.append((i, part))
        i += len(part) + 1
    return out


def test_term_statistics_are_kept_for_one_generation(web_db: Path) -> None:
    """A term's document count is read once per write generation: the same answer
    as counting afresh, and counted again once the store has changed."""
    catalog = Catalog(web_db)
    try:
        searcher = Searcher(catalog)
        statements: list[str] = []
        catalog.db.set_trace_callback(statements.append)

        def counts() -> int:
            return sum(
                1 for s in statements if s.startswith("SELECT COUNT(*) FROM search WHERE search MATCH")
            )

        fresh = searcher.search("Токаев", SearchFilter())
        assert fresh.total > 0
        before = counts()
        first = searcher.search("Токаев", SearchFilter(), generation=7)
        once = counts()
        again = searcher.search("Токаев", SearchFilter(), generation=7)
        assert counts() == once > before  # counted in generation 7, then kept
        later = searcher.search("Токаев", SearchFilter(), generation=8)
        assert counts() > once  # a new generation counts again
        for result in (first, again, later):
            assert (result.total, [h.article_id for h in result.hits]) == (
                fresh.total,
                [h.article_id for h in fresh.hits],
            )
    finally:
        catalog.close()


def test_a_ranking_is_kept_for_its_generation_and_shared_by_pages(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query's ranking (its hits' order, count and facets) is ranked once per write
    generation and filter: a later page and another spelling of the same words read
    it; a new generation or another filter ranks again; the answers are those of a
    searcher that keeps nothing."""
    catalog = Catalog(web_db)
    try:
        searcher = Searcher(catalog)
        rankings: list[int] = []
        original = searcher.rank

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            rankings.append(1)
            return original(*args, **kwargs)

        monkeypatch.setattr(searcher, "rank", counted)
        asked = (("Токаев", 0), ("токаев", 2))
        fresh = [searcher.search(q, SearchFilter(), limit=2, offset=o) for q, o in asked]
        assert len(rankings) == 2  # no generation given: nothing kept
        kept = [searcher.search(q, SearchFilter(), limit=2, offset=o, generation=3) for q, o in asked]
        assert len(rankings) == 3  # both pages from one ranking
        for a, b in zip(fresh, kept, strict=True):
            assert (a.total, a.hits, a.facets) == (b.total, b.hits, b.facets)
        assert fresh[0].hits != fresh[1].hits  # two different pages
        searcher.search("Токаев", SearchFilter(), limit=2, generation=4)
        assert len(rankings) == 4  # the store changed: ranked again
        searcher.search("Токаев", SearchFilter(date_from="2000-01-01"), limit=2, generation=4)
        assert len(rankings) == 5  # another filter, another ranking
        for _ in range(2):  # a page past what a kept ranking holds: ranked each time
            searcher.search(
                "Токаев", SearchFilter(), limit=2, offset=search_module.RANKED_KEPT_MAX, generation=4
            )
        assert len(rankings) == 7
    finally:
        catalog.close()
