"""The bounded search ranking (web/search_rank.py) finds the same best hits as
scoring every hit: as a pure function over made-up blocks, and on real SQLite
and PostgreSQL stores of a few thousand indexed rows over several seq blocks,
dated partly out of seq order, some undated and some month-precise. The
snippet's cut of the spans matches the whole decode."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.store import open_store, search_postings
from storyline.web import search as search_module
from storyline.web.catalog import Catalog
from storyline.web.search import Searcher, SearchFilter, _near_first_match, _snippet
from storyline.web.search_rank import BLOCK_SEQS, Block, Hit, damping, day_number, rank_all, rank_best
from storyline.web.search_snippet import first_start, text_piece
from tests.pg import Cluster

# Rows of the synthetic stores: four blocks and a part.
ARTICLES = 4 * BLOCK_SEQS + 300
WORDS = ["суд", "выбор", "трамп", "газ", "поток", "северный", "мэй", "брексит"] + [f"w{i}" for i in range(40)]
QUERIES = ["суд", "трамп", "выборы", "суд газ", '"северный поток"', "брексит", "мэй суд газ"]


def _readings(word: str) -> set[str]:
    """Two readings for «выборы» (one of them rare), one for every other word."""
    word = word.lower()
    return {"выбор", "выборы"} if word == "выборы" else {word}


# ---------------------------------------------------------------- pure function

hits_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5 * 64 - 1),  # seq
        st.floats(min_value=0.0, max_value=1.0),  # share of the block's ceiling
        st.one_of(st.none(), st.integers(min_value=0, max_value=400)),  # days before the newest
    ),
    max_size=200,
    unique_by=lambda h: h[0],
)


@settings(max_examples=150, deadline=None)
@given(hits_strategy, st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=3))
def test_rank_best_equals_scoring_every_hit(
    hits: list[tuple[int, float, int | None]], k: int, ties: int
) -> None:
    size = 64
    newest_day = date(2030, 1, 1)
    ceilings = {b: 1.0 + b for b in range(5)}
    rows = []
    for seq, share, before in hits:
        published = None if before is None else (newest_day - timedelta(days=before)).isoformat()
        share = round(share, ties)  # rounded shares make equal scores (ties)
        rows.append((seq, -share * ceilings[seq // size], published, None, published))
    blocks = []
    for b in range(5):
        dated = [r[2] for r in rows if r[0] // size == b]
        days = [d for d in dated if d is not None]
        newest = None if None in dated else day_number(max(days)) if days else day_number("2000-01-01")
        blocks.append(Block(b * size, b * size + size - 1, newest))
    by_block = {b: [r for r in rows if r[0] // size == b] for b in range(5)}

    def score(first: int | None, last: int | None) -> list[Hit]:
        assert first is not None and last is not None
        return [r for r in rows if first <= r[0] <= last]

    newest = day_number(newest_day.isoformat())
    best, scored = rank_best(blocks, score, lambda b: ceilings[b.first // size], newest, k, len(rows))
    reference = rank_all(rows, newest)[:k]
    assert [r.key for r in best] == [r.key for r in reference]
    assert scored <= len(rows)
    assert sum(len(v) for v in by_block.values()) == len(rows)


def test_damping_halves_a_month_old_hit() -> None:
    assert damping(day_number("2022-02-01"), day_number("2022-01-02")) == pytest.approx(2.0)
    assert damping(day_number("2022-02-01"), None) == 1.0


# ---------------------------------------------------------------- real stores


def _rows(seed: int = 7) -> list[tuple[int, str, str | None, str, str]]:
    """(seq, id, published, lemmas, ingested): dates rise with seq, some older ones
    stored late, a few undated or month-precise, and one far newer in block 1."""
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    out = []
    for seq in range(1, ARTICLES + 1):
        day = start + timedelta(days=seq // 4)
        roll = rng.random()
        if seq == BLOCK_SEQS + 5:
            published: str | None = (start + timedelta(days=ARTICLES // 4 + 30)).isoformat()
        elif roll < 0.05:
            published = (start + timedelta(days=rng.randrange(0, max(1, seq // 4)))).isoformat()
        elif roll < 0.07:
            published = None
        elif roll < 0.10:
            published = day.isoformat()[:7]
        else:
            published = day.isoformat()
        words = rng.choices(WORDS, weights=[30, 25, 20, 15, 10, 10, 3, 2] + [5] * 40, k=rng.randrange(5, 80))
        if rng.random() < 0.02:
            words.append("выборы")  # the rare reading
        if rng.random() < 0.3:
            words += ["северный", "поток"]
        out.append((seq, f"a{seq}", published, " ".join(words), f"{day.isoformat()}T08:00:00Z"))
    return out


def _fill(db, rows, postgres: bool) -> None:  # type: ignore[no-untyped-def]
    mark = "%s" if postgres else "?"
    for seq, article_id, published, lemmas, ingested in rows:
        db.execute(
            "INSERT INTO articles (seq, id, content_hash, source, text, published, ingested_at)"
            f" VALUES ({', '.join([mark] * 7)})",
            (seq, article_id, f"h{seq}", f"s{seq % 3}", lemmas, published, ingested),
        )
        column = "seq" if postgres else "rowid"
        db.execute(f"INSERT INTO search ({column}, lemmas) VALUES ({mark}, {mark})", (seq, lemmas))


def _check_store(location: str | Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "SCORE_ALL_MAX", 0)  # every query takes the bounded path
    catalog = Catalog(location)
    try:
        searcher = Searcher(catalog, readings=_readings)
        newest = day_number(catalog.db.execute("SELECT MAX(published) FROM articles").fetchone()[0])
        pruned = False
        for query in QUERIES:
            parts, _ = searcher.parts(query)
            filters: tuple[tuple[str, list[object]], ...] = (("", []), (" AND a.source = ?", ["s1"]))
            for where, args in filters:
                for k in (20, 200):
                    best, scored = searcher.rank(searcher._source(parts, where, args), newest, k)
                    every, total = searcher.rank(
                        searcher._source(parts, where, args), newest, k, bounded=False
                    )
                    assert [r.key for r in best] == [r.key for r in every], (query, where, k)
                    assert best, query
                    pruned = pruned or scored < total
        assert pruned  # the blocks did skip hits somewhere
        result = searcher.search("суд", SearchFilter(), limit=20, offset=20)
        assert result.total > 1000 and len(result.hits) == 20
    finally:
        catalog.close()


def test_bounded_ranking_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "rank.db"
    with open_store(db_path) as store:
        db = store._db  # type: ignore[attr-defined]
        db.execute("BEGIN")
        _fill(db, _rows(), postgres=False)
        db.execute("COMMIT")
        db.execute("BEGIN")
        search_postings.fill(db)  # the rows went into FTS5 by SQL: their postings from its vocabulary
        db.execute("COMMIT")
    _check_store(db_path, monkeypatch)


def test_blocks_track_the_newest_date(tmp_path: Path) -> None:
    db_path = tmp_path / "blocks.db"
    with open_store(db_path) as store:
        db = store._db  # type: ignore[attr-defined]
        db.execute("BEGIN")
        _fill(db, _rows()[: BLOCK_SEQS + 10], postgres=False)
        db.execute("UPDATE articles SET published = '2031-05-06' WHERE seq = 3")
        db.execute("COMMIT")
        blocks = dict(db.execute("SELECT block, newest FROM search_blocks").fetchall())
    assert blocks[0] == "2031-05-06"  # raised by the re-dated article
    assert blocks[1] == max(r[2] or r[4][:10] for r in _rows()[BLOCK_SEQS - 1 : BLOCK_SEQS + 10])
    assert set(blocks) == {0, 1}


def test_bounded_ranking_on_postgresql(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    url = pg_cluster.new_database("rank")
    open_store(url).close()  # the schema
    with psycopg.connect(url) as db:
        _fill(db, _rows(), postgres=True)
    with psycopg.connect(url) as db:
        lexemes: dict[str, int] = dict(db.execute("SELECT lexeme, docs FROM search_lexemes").fetchall())
        counted = db.execute("SELECT COUNT(*) FROM search WHERE terms @@ %s::tsquery", ("'суд'",)).fetchone()
        totals = db.execute("SELECT docs, tokens FROM search_totals").fetchone()
        real = db.execute("SELECT COUNT(*), SUM(tokens) FROM search").fetchone()
    assert counted is not None and lexemes["суд"] == counted[0]
    assert totals == real
    _check_store(url, monkeypatch)


def test_lexeme_counts_follow_updates_and_deletes(pg_url: str) -> None:
    import psycopg

    open_store(pg_url).close()
    with psycopg.connect(pg_url) as db:
        _fill(db, _rows()[:50], postgres=True)
        db.execute("UPDATE search SET lemmas = 'бегемот бегемот' WHERE seq = 1")
        db.execute("DELETE FROM search WHERE seq = 2")
        lexemes: dict[str, int] = dict(db.execute("SELECT lexeme, docs FROM search_lexemes").fetchall())
        truth: dict[str, int] = dict(
            db.execute(
                "SELECT lexeme, COUNT(*) FROM search, unnest(tsvector_to_array(terms)) AS lexeme GROUP BY lexeme"
            ).fetchall()
        )
        totals = db.execute("SELECT docs, tokens FROM search_totals").fetchone()
        real = db.execute("SELECT COUNT(*), SUM(tokens) FROM search").fetchone()
    assert lexemes == truth and lexemes["бегемот"] == 1
    assert totals == real


# ---------------------------------------------------------------- snippets


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["суд", "газ", "w1", "w2", "трамп"]), min_size=0, max_size=400),
    st.integers(min_value=1, max_value=6),
)
def test_snippet_from_the_cut_spans_equals_the_whole_decode(words: list[str], width: int) -> None:
    text_parts, spans, at = [], [], 0
    for w in words:
        piece = w * width
        spans.append([at, at + len(piece)])
        text_parts.append(piece)
        at += len(piece) + 1
    text = " ".join(text_parts)
    indexed = " ".join(words)
    stored = json.dumps(spans, separators=(",", ":"))
    wanted = {"суд", "трамп"}
    whole = _snippet(text, indexed.split(" ") if words else [], spans, wanted)
    assert _snippet(text, *_near_first_match(indexed, stored, wanted), wanted) == whole


# Tokens at least (more than SNIPPET_LEMMAS_FIRST: hypothesis's lists are short unless told).
SHORT_WORDS_MIN = 100


@st.composite
def _short_words(draw: st.DrawFn) -> list[tuple[str, int]]:
    widest = draw(st.integers(min_value=1, max_value=9))  # often all short: 64 lemmas end in a snippet
    return draw(
        st.lists(
            st.tuples(st.sampled_from(["а", "б", "с", "т"]), st.integers(min_value=1, max_value=widest)),
            min_size=SHORT_WORDS_MIN,
            max_size=500,
        )
    )


@settings(max_examples=200, deadline=None)
@given(_short_words(), st.integers(min_value=1, max_value=3))
def test_snippet_of_short_words_looks_past_the_first_lemmas(words: list[tuple[str, int]], gap: int) -> None:
    """Tokens of one to nine characters, so SNIPPET_LEMMAS_FIRST lemmas may end inside
    a snippet (the window must then grow) or far past it: the marks are those of the
    whole decode either way."""
    text_parts, spans, at = [], [], 0
    for lemma, width in words:
        piece = lemma * width
        spans.append([at, at + len(piece)])
        text_parts.append(piece)
        at += len(piece) + gap
    text = (" " * gap).join(text_parts)
    indexed = " ".join(lemma for lemma, _ in words)
    stored = json.dumps(spans, separators=(",", ":"))
    wanted = {"с", "т"}
    whole = _snippet(text, indexed.split(" "), spans, wanted)
    assert _snippet(text, *_near_first_match(indexed, stored, wanted), wanted) == whole


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="абв где  ", min_size=0, max_size=700),
    st.lists(st.integers(min_value=0, max_value=120), max_size=6),
)
def test_snippet_from_the_text_piece_equals_the_whole_text(text: str, picks: list[int]) -> None:
    """The piece of text a page reads (`text_piece`: from twice SNIPPET_BEFORE before
    the first match to one past the longest window) gives the snippet, marks and
    start the whole text gives, at any depth of the first match."""
    words, at = [], 0
    for part in text.split(" "):
        if part:
            words.append((at, at + len(part)))
        at += len(part) + 1
    lemmas = [text[s:e] for s, e in words]
    wanted = {lemmas[p % len(lemmas)] for p in picks} if lemmas else set()
    spans = [list(w) for w in words]
    offset, size = text_piece(first_start(lemmas, spans, wanted))
    piece = text[offset : offset + size]
    assert _snippet(piece, lemmas, spans, wanted, offset=offset) == _snippet(text, lemmas, spans, wanted)
