"""The full-text search index, written where annotations are saved.

An article is indexed by its tokens' lemmas (`0020_search.sql`), so a search
lemmatised the same way finds "Токаева" and "Токаеву" for "Токаев". The writer
keeps the index current: every `save_annotation` replaces the article's rows (the
entity filter reads the grouping's `entity_links` through the `search_entities` view). A
database annotated before the index existed is filled in once, when it is
migrated to version 20 (`backfill`).
"""

from __future__ import annotations

import math
import sqlite3
from functools import lru_cache

import orjson

from storyline.model import Annotation
from storyline.store import codec, search_postings

SEARCH_SCHEMA = 20
# Annotations decoded per backfill query: bounds the memory a backfill holds.
BACKFILL_BATCH = 200


# Distinct lemmas whose indexed form is kept (LRU, ~200 bytes an entry: ~13 MB at most).
# The writer indexes every saved annotation, ~700 tokens each, mostly the same few
# thousand lemmas: the form was rebuilt per token, character by character.
SEARCH_FORMS = 65_536


@lru_cache(maxsize=SEARCH_FORMS)
def _search_form(word: str) -> str | None:
    """A token's lemma as indexed, None for punctuation and symbols (not searched)."""
    lemma = word.lower()
    if not any(ch.isalnum() for ch in lemma):
        return None
    # FTS5's unicode61 would split "северо-запад" in two; index it as one lemma by
    # keeping only the characters it keeps.
    return "".join(ch if ch.isalnum() else "_" for ch in lemma)


def indexed_tokens(annotation: Annotation) -> list[tuple[str, int, int]]:
    """(lemma, start, end) of every word token: punctuation and symbols are not searched."""
    out = []
    for token in annotation.tokens:
        form = _search_form(token.lemma or token.text)
        if form is not None:
            out.append((form, token.start, token.end))
    return out


def index_article(db: sqlite3.Connection, seq: int, annotation: Annotation) -> None:
    """Replace the article's rows in the search index with this annotation's."""
    postings = search_postings.has_postings(db)
    old = db.execute("SELECT lemmas FROM search WHERE rowid = ?", (seq,)).fetchone() if postings else None
    db.execute("DELETE FROM search WHERE rowid = ?", (seq,))
    tokens = indexed_tokens(annotation)
    db.execute("INSERT INTO search (rowid, lemmas) VALUES (?, ?)", (seq, " ".join(t[0] for t in tokens)))
    if postings:  # schema 57
        search_postings.index_postings(db, seq, old[0] if old else None, [t[0] for t in tokens])
    db.execute(
        "INSERT OR REPLACE INTO search_spans (seq, spans) VALUES (?, ?)",
        (seq, orjson.dumps([[t[1], t[2]] for t in tokens]).decode()),  # json.dumps's compact bytes
    )


def index_saved(db: sqlite3.Connection, article_id: str, annotation: Annotation) -> None:
    """The hook `save_annotation` calls: index the article the annotation belongs to."""
    row = db.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is not None:
        index_article(db, int(row[0]), annotation)


def backfill(db: sqlite3.Connection) -> int:
    """Index every annotated article the index does not hold yet; returns how many."""
    done = 0
    last = 0
    while True:
        rows = db.execute(
            "SELECT a.seq, n.data FROM articles a JOIN annotations n ON n.article_id = a.id"
            " WHERE a.seq > ? AND a.seq NOT IN (SELECT seq FROM search_spans) ORDER BY a.seq LIMIT ?",
            (last, BACKFILL_BATCH),
        ).fetchall()
        if not rows:
            return done
        for seq, data in rows:
            index_article(db, int(seq), codec.annotation_loads(data))
            last = int(seq)
            done += 1


# ---------------------------------------------------------------- ranking reads
# FTS5's bm25() constants (its defaults: `ORDER BY rank` uses them).
BM25_K1 = 1.2
# FTS5 floors a term's IDF at this when the term is in over half the documents.
IDF_FLOOR = 1e-6


def bm25_idf(documents: float, holding: float, floor: float) -> float:
    """FTS5's IDF of a term held by `holding` of `documents` (floored when in over half)."""
    value = math.log((documents - holding + 0.5) / (holding + 0.5))
    return value if value > floor else floor


def blocks(db: sqlite3.Connection) -> list[tuple[int, str]] | None:
    """(block, newest publication) of every seq block (schema 50), None before it."""
    try:
        return [(int(b), str(n)) for b, n in db.execute("SELECT block, newest FROM search_blocks")]
    except sqlite3.OperationalError:
        return None


def phrase_documents(db: sqlite3.Connection, phrase: str) -> int:
    """How many documents hold an FTS5 phrase (what bm25() counts for its IDF)."""
    return int(db.execute("SELECT COUNT(*) FROM search WHERE search MATCH ?", (phrase,)).fetchone()[0])


def phrase_blocks(db: sqlite3.Connection, phrase: str, block_seqs: int) -> set[int]:
    """The seq blocks of the documents holding an FTS5 phrase."""
    return {
        int(r[0]) // block_seqs
        for r in db.execute("SELECT rowid FROM search WHERE search MATCH ?", (phrase,))
    }


def scored(
    db: sqlite3.Connection, match: str, first: int | None, last: int | None, where: str, args: list[object]
) -> list[tuple[int, float, str | None, str | None, str | None]]:
    """(seq, bm25, published, source, dated) of the hits of `match` with seqs in
    [first, last] (every hit when None), narrowed by `where` (" AND ..." over
    articles `a`); `dated` is the publication date, or the day an undated article
    was stored (what its age counts from). FTS5 seeks the rowid range in its
    doclists; date and source come from the covering `articles_seq_dates` index
    (schema 45), and only an undated hit reads its row."""
    span = " AND search.rowid BETWEEN ? AND ?" if first is not None else ""
    bounds = [first, last] if first is not None else []
    return db.execute(  # type: ignore[no-any-return]
        "SELECT search.rowid, search.rank, a.published, a.source,"
        " COALESCE(a.published, (SELECT substr(x.ingested_at, 1, 10) FROM articles x WHERE x.seq = a.seq))"
        " FROM search"
        " JOIN articles a INDEXED BY articles_seq_dates ON a.seq = search.rowid"
        f" WHERE search MATCH ?{span}{where}",
        [match, *bounds, *args],
    ).fetchall()


# julianday() of a day minus this is the day's proleptic ordinal (`date.toordinal()`),
# the day number the ranking damps by: ages then come out exact, as in Python.
JULIAN_ORDINAL = 1721424.5
# The date a hit's age counts from: its publication (a month or a year counts from
# its first day), or the day an undated article was stored.
_DATED = "COALESCE(a.published, (SELECT substr(x.ingested_at, 1, 10) FROM articles x WHERE x.seq = a.seq))"


def best_scored(
    db: sqlite3.Connection,
    match: str,
    first: int | None,
    last: int | None,
    where: str,
    args: list[object],
    newest: float | None,
    half_life: float,
    k: int,
) -> list[tuple[float, int, str | None, str | None]]:
    """(damped score, seq, published, source) of the k best hits of `match` in the seq
    range [first, last] (every hit when None), best first: bm25 / (1 + age / half_life)
    with age = max(0, newest - day) in days, ties to the newer seq. The damping is done
    by SQLite and only k rows come back (scoring a thousand hits in Python and
    fetching their dates cost ~2 ms of a search at 100k); each step is the same
    floating-point operation `search_rank.damping` does, so the scores are equal
    to the last bit."""
    span = " AND search.rowid BETWEEN ? AND ?" if first is not None else ""
    bounds = [first, last] if first is not None else []
    day = f"julianday(substr({_DATED} || '-01-01', 1, 10)) - {JULIAN_ORDINAL}"
    return db.execute(  # type: ignore[no-any-return]
        f"SELECT search.rank / (1.0 + MAX(0.0, COALESCE(? - ({day}), 0.0)) / ?) AS value, search.rowid,"
        " a.published, a.source FROM search JOIN articles a INDEXED BY articles_seq_dates ON a.seq = search.rowid"
        f" WHERE search MATCH ?{span}{where} ORDER BY value, search.rowid DESC LIMIT ?",
        [newest, half_life, match, *bounds, *args, k],
    ).fetchall()
