"""Per-lemma postings beside the FTS5 index (schema 57), so a search scores its hits
from one B-tree range instead of FTS5's `bm25()`.

FTS5's `bm25()` first counts every query phrase's documents over its whole doclist
(~1 ms for «суд» at 100k, once per scoring query) and then, per hit, decodes its
position list and seeks its length in `search_docsize`: ~1.4 µs a hit. A row of
`search_postings` holds a lemma's count in one article and the article's length, in
(lemma, seq) order, so the hits of a seq range are one contiguous read and their
BM25 is a few float operations in SQL, the same ones FTS5 does (`fts5_aux.c`):

    idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * length / average length))

with FTS5's own document count and total length (its averages record, `totals`),
so a score equals FTS5's up to the order of a sum's terms. Phrases of several words
still rank through FTS5 (postings have no positions).

A lemma is stored as FTS5's unicode61 tokenizer folds it (`fold`): lower case, and
Latin letters without their diacritics ("café" is indexed "cafe"); Cyrillic, ё and й
included, is kept as written. The migration fills the table from FTS5's own
vocabulary, the writer from the lemmas it indexes; a test checks that both agree.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

POSTINGS_SCHEMA = 57
# FTS5's bm25() constants (its defaults, `search_index.BM25_K1`) and IDF floor.
BM25_K1 = 1.2
BM25_B = 0.75
IDF_FLOOR = 1e-6
# FTS5's rowid of its averages record in `search_data` (fts5Int.h's FTS5_AVERAGES_ROWID).
AVERAGES_ROWID = 1
# The last code point of the Latin blocks unicode61 strips diacritics from
# (Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional).
_LATIN_LAST = 0x24F
_LATIN_ADDITIONAL = range(0x1E00, 0x1F00)


def fold(lemma: str) -> str:
    """A lemma as FTS5's unicode61 tokenizer (remove_diacritics 1) stores it."""
    lower = lemma.lower()
    if lower.isascii():
        return lower
    out = []
    for ch in lower:
        code = ord(ch)
        if 0x80 <= code <= _LATIN_LAST or code in _LATIN_ADDITIONAL:
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() else ch)
        else:
            out.append(ch)
    return "".join(out)


def has_postings(db: sqlite3.Connection) -> bool:
    """Whether the store has schema 57's postings (an older one ranks through FTS5)."""
    return (
        db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_postings'").fetchone()
        is not None
    )


def index_postings(db: sqlite3.Connection, seq: int, old: str | None, lemmas: Sequence[str]) -> None:
    """Replace an article's postings: `old` its previously indexed lemma text (None:
    none), `lemmas` the lemmas indexed now."""
    if old:
        db.executemany(
            "DELETE FROM search_postings WHERE term = ? AND seq = ?",
            [(term, seq) for term in {fold(w) for w in old.split(" ") if w}],
        )
    counts = Counter(fold(w) for w in lemmas)
    length = len(lemmas)
    db.executemany(
        "INSERT OR REPLACE INTO search_postings (term, seq, tf, dl) VALUES (?, ?, ?, ?)",
        [(term, seq, tf, length) for term, tf in counts.items()],
    )


def fill(db: sqlite3.Connection) -> int:
    """Fill `search_postings` from FTS5's own vocabulary and document sizes (the
    migration to 57); returns how many postings. Rows come out of the vocabulary in
    (term, document) order, the table's key order, so the insert only appends."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS fill_lengths (seq INTEGER PRIMARY KEY, dl INTEGER NOT NULL)")
    db.execute("DELETE FROM temp.fill_lengths")
    db.executemany(
        "INSERT INTO temp.fill_lengths (seq, dl) VALUES (?, ?)",
        (
            (int(seq), _varint(bytes(size))[0])
            for seq, size in db.execute("SELECT id, sz FROM search_docsize")
        ),
    )
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fill_vocab USING fts5vocab(main, search, instance)")
    db.execute("DELETE FROM search_postings")
    db.execute(
        "INSERT INTO search_postings (term, seq, tf, dl)"
        " SELECT v.term, v.doc, COUNT(*), l.dl FROM temp.fill_vocab v JOIN temp.fill_lengths l ON l.seq = v.doc"
        " GROUP BY v.term, v.doc"
    )
    done = int(db.execute("SELECT changes()").fetchone()[0])
    db.execute("DROP TABLE temp.fill_vocab")
    db.execute("DROP TABLE temp.fill_lengths")
    return done


def totals(db: sqlite3.Connection) -> tuple[float, float]:
    """(documents, tokens) as FTS5's bm25() reads them: its averages record."""
    row = db.execute("SELECT block FROM search_data WHERE id = ?", (AVERAGES_ROWID,)).fetchone()
    if row is None or not row[0]:
        return 0.0, 0.0
    data = bytes(row[0])
    documents, at = _varint(data)
    tokens, _ = _varint(data, at)
    return float(documents), float(tokens)


def _varint(data: bytes, at: int = 0) -> tuple[int, int]:
    """An SQLite varint (what FTS5 writes) at `at`: (value, the offset after it)."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def idf(documents: float, holding: float) -> float:
    """FTS5's IDF of a term held by `holding` of `documents`, floored as bm25() does."""
    import math

    value = math.log((documents - holding + 0.5) / (holding + 0.5))
    return value if value > 0.0 else IDF_FLOOR


# The date a hit's age counts from: its publication, or the day an undated article was stored.
_DATED = "COALESCE(a.published, (SELECT substr(x.ingested_at, 1, 10) FROM articles x WHERE x.seq = a.seq))"


@dataclass(frozen=True)
class PostingQuery:
    """What every postings query of one search shares: `terms` (folded lemma, part,
    idf) in the order FTS5 sums its phrases, `parts` how many parts an article must
    meet (an AND of ORs), `average` FTS5's average document length, and the
    filter's condition over articles `a` (`where`, " AND ..." or "") with its
    arguments."""

    terms: tuple[tuple[str, int, float], ...]
    parts: int
    average: float
    where: str = ""
    args: tuple[object, ...] = ()


def _query(
    q: PostingQuery, first: int | None, last: int | None, dates: str = "a"
) -> tuple[str, list[object]]:
    """The FROM ... HAVING of a postings query and its leading arguments. `dates`:
    "a" joins the articles (their dates, and what `where` reads), "d" only
    `search_days` (unless `where` filters)."""
    values = ", ".join("(?, ?, ?, ?)" for _ in q.terms)
    span = " AND p.seq BETWEEN ? AND ?" if first is not None else ""
    args: list[object] = [v for i, (t, part, w) in enumerate(q.terms) for v in (i, t, part, w)]
    joins = ""
    if dates == "d":
        joins += " JOIN search_days d ON d.seq = p.seq"
    if dates == "a" or q.where:
        joins += " JOIN articles a INDEXED BY articles_seq_dates ON a.seq = p.seq"
    body = (
        f" FROM (SELECT column1 AS n, column2 AS term, column3 AS part, column4 AS idf FROM (VALUES {values})) q"
        f" CROSS JOIN search_postings p ON p.term = q.term{span}{joins}"
        f" WHERE 1 = 1{q.where}"
    )
    # One term: a hit is one posting, and nothing is grouped (a temp B-tree of every
    # hit cost a third of the query).
    grouped = " GROUP BY p.seq" if len(q.terms) > 1 else ""
    having = f" HAVING COUNT(DISTINCT q.part) = {int(q.parts)}" if q.parts > 1 else ""
    return body + grouped + having, args + ([first, last] if first is not None else [])


def _bm25(average: float, terms: int) -> tuple[str, list[object]]:
    """The summed BM25 of a hit's postings, negative as FTS5's rank."""
    one = "q.idf * ((p.tf * ?) / (p.tf + ? * (1 - ? + ? * p.dl / ?)))"
    return (
        f"-SUM({one})" if terms > 1 else f"-({one})",
        [BM25_K1 + 1.0, BM25_K1, BM25_B, BM25_B, average],
    )


def scored(
    db: sqlite3.Connection, q: PostingQuery, first: int | None, last: int | None
) -> list[tuple[int, float, str | None, str | None, str | None]]:
    """(seq, bm25, published, source, dated) of every hit in [first, last] (all when
    None), as `search_index.scored` gives FTS5's."""
    body, head = _query(q, first, last)
    rank, rank_args = _bm25(q.average, len(q.terms))
    return db.execute(  # type: ignore[no-any-return]
        f"SELECT p.seq, {rank}, a.published, a.source, {_DATED}{body}",
        [*rank_args, *head, *q.args],
    ).fetchall()


def best_scored(
    db: sqlite3.Connection,
    q: PostingQuery,
    first: int | None,
    last: int | None,
    newest: float | None,
    half_life: float,
    k: int,
) -> list[tuple[float, int, str | None, str | None]]:
    """(damped score, seq, published, source) of the k best hits in [first, last],
    best first, damped as `search_index.best_scored` damps FTS5's rank: the age from
    `search_days` (the same day numbers as `search_rank.day_number`), and only the
    k best read their articles' dates and sources."""
    body, head = _query(q, first, last, dates="d")
    rank, rank_args = _bm25(q.average, len(q.terms))
    return db.execute(  # type: ignore[no-any-return]
        f"SELECT b.value, b.seq, x.published, x.source FROM (SELECT ({rank})"
        f" / (1.0 + MAX(0.0, COALESCE(? - d.day, 0.0)) / ?) AS value, p.seq AS seq{body}"
        " ORDER BY value, p.seq DESC LIMIT ?) b JOIN articles x INDEXED BY articles_seq_dates ON x.seq = b.seq"
        " ORDER BY b.value, b.seq DESC",
        [*rank_args, newest, half_life, *head, *q.args, k],
    ).fetchall()
