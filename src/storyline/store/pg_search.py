"""The full-text search index on PostgreSQL: the rows SQLite's FTS5 index holds.

`search.lemmas` is the same space-separated lemma text as in SQLite, and
`search_spans` the same offsets, so a snippet is cut the same way on both; the
match and the ranking use `search.terms`, a `tsvector` PostgreSQL derives from
the lemmas in the `simple` configuration (GIN-indexed, `0020_search.sql`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from storyline.model import Annotation
from storyline.store.dialect import Connection
from storyline.store.search_index import indexed_tokens

# The corpus statistics and each query word's IDF (floored by the first parameter; the
# second is the words' array), as FTS5's BM25 computes them; both scorers start with it.
_CORPUS_IDF = (
    "WITH corpus AS (SELECT COALESCE(MAX(docs), 0)::float8 AS docs,"
    "                COALESCE(MAX(tokens)::float8 / NULLIF(MAX(docs), 0), 0) AS avgdl FROM search_totals),"
    " idf AS (SELECT w.lexeme, GREATEST(ln((corpus.docs - COALESCE(d.docs, 0) + 0.5)"
    "                                      / (COALESCE(d.docs, 0) + 0.5)), ?) AS value"
    "        FROM unnest(?::text[]) AS w(lexeme) CROSS JOIN corpus"
    "        LEFT JOIN search_lexemes d ON d.lexeme = w.lexeme)"
)


def index_article(db: Connection, seq: int, annotation: Annotation) -> None:
    """Replace the article's rows in the search index with this annotation's."""
    tokens = indexed_tokens(annotation)
    lemmas = " ".join(t[0] for t in tokens)
    spans = json.dumps([[t[1], t[2]] for t in tokens], separators=(",", ":"))
    db.execute(
        "INSERT INTO search (seq, lemmas) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET lemmas = EXCLUDED.lemmas",
        (seq, lemmas),
    )
    db.execute(
        "INSERT INTO search_spans (seq, spans) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET spans = EXCLUDED.spans",
        (seq, spans),
    )


def index_saved(db: Connection, article_id: str, annotation: Annotation) -> None:
    """The hook `save_annotation` calls: index the article the annotation belongs to
    (none when there is no such article). The article's `seq` is looked up by the
    statements themselves, so in a write transaction's pipeline they wait for nothing."""
    tokens = indexed_tokens(annotation)
    lemmas = " ".join(t[0] for t in tokens)
    spans = json.dumps([[t[1], t[2]] for t in tokens], separators=(",", ":"))
    db.execute(
        "INSERT INTO search (seq, lemmas) SELECT seq, ? FROM articles WHERE id = ?"
        " ON CONFLICT (seq) DO UPDATE SET lemmas = EXCLUDED.lemmas",
        (lemmas, article_id),
    )
    db.execute(
        "INSERT INTO search_spans (seq, spans) SELECT seq, ? FROM articles WHERE id = ?"
        " ON CONFLICT (seq) DO UPDATE SET spans = EXCLUDED.spans",
        (spans, article_id),
    )


# FTS5's bm25() constants (its defaults, which the SQLite search uses).
BM25_K1 = 1.2
BM25_B = 0.75
# FTS5 floors a term's IDF at this when the term is in over half the documents.
IDF_FLOOR = 1e-6


def match(db: Connection, groups: list[list[str]], limit: int) -> list[tuple[int, float]]:
    """(seq, rank) of the articles holding a lemma of every group (an AND of ORs,
    as the SQLite search's MATCH expression of single words), best first.

    The rank is FTS5's bm25() computed the same way, negative, lower is better:
    the sum over the query's lemmas of idf * tf * (k1 + 1) / (tf + k1 * (1 - b +
    b * length / average length)); the same rows in SQLite and in PostgreSQL rank
    the same. The GIN index finds the hits; only the hits are scored, each from
    its query lexemes alone: `setweight` marks them and `ts_filter` keeps them (in
    C), so a hit's few query terms are unnested, not its whole vector."""
    groups = [[w for w in g if w] for g in groups]
    groups = [g for g in groups if g]
    if not groups:
        return []
    query = " & ".join("(" + " | ".join(_quoted(w) for w in g) + ")" for g in groups)
    return ranked(db, query, sorted({w for g in groups for w in g}), limit)


def ranked(
    db: Connection,
    query: str,
    lexemes: list[str],
    limit: int,
    where: str = "",
    args: Sequence[object] = (),
) -> list[tuple[int, float]]:
    """(seq, bm25 rank) of the best `limit` articles matching the tsquery `query`,
    every hit scored (`scored`), best first, ties by seq."""
    rows = scored(db, query, lexemes, None, None, where, args)
    rows.sort(key=lambda r: (r[1], r[0]))
    return [(r[0], r[1]) for r in rows[:limit]]


def scored(
    db: Connection,
    query: str,
    lexemes: list[str],
    first: int | None,
    last: int | None,
    where: str = "",
    args: Sequence[object] = (),
) -> list[tuple[int, float, str | None, str | None, str | None]]:
    """(seq, bm25 rank, published, source, dated) of the articles matching the tsquery
    `query` with seqs in [first, last] (all when None), scored over `lexemes` as
    `match` does; `where` (" AND ..." over the articles `a`) narrows the hits
    before they are scored, as a filter does in SQLite. Each lexeme's document
    count and the index's size and length come from the tables the writer keeps
    (`search_lexemes`, `search_totals`, schema 50), not from a scan. `dated`: the
    publication date, or the day an undated article was stored. The terms are
    summed in lexeme order, so a hit scores the same to the last bit whichever
    plan (a seq range or all hits) found it."""
    span = " AND s.seq BETWEEN ? AND ?" if first is not None else ""
    bounds = [first, last] if first is not None else []
    rows = db.execute(
        _CORPUS_IDF + ","
        " hits AS (SELECT s.seq, s.terms, s.tokens, a.published, a.source,"
        "         COALESCE(a.published, substr(a.ingested_at, 1, 10)) AS dated FROM search s"
        f"         JOIN articles a ON a.seq = s.seq WHERE s.terms @@ ?::tsquery{span}{where})"
        " SELECT h.seq, -SUM(idf.value * u.tf * (? + 1)"
        "        / (u.tf + ? * (1 - ? + ? * h.tokens / NULLIF(corpus.avgdl, 0))) ORDER BY u.lexeme) AS rank,"
        " h.published, h.source, h.dated"
        " FROM hits h CROSS JOIN corpus"
        " CROSS JOIN LATERAL (SELECT x.lexeme, array_length(x.positions, 1)::float8 AS tf"
        "                     FROM unnest(ts_filter(setweight(h.terms, 'A', ?::text[]), '{a}'))"
        "                     AS x(lexeme, positions, weights)) u"
        " JOIN idf ON idf.lexeme = u.lexeme"
        " GROUP BY h.seq, h.published, h.source, h.dated",
        (IDF_FLOOR, lexemes, query, *bounds, *args, BM25_K1, BM25_K1, BM25_B, BM25_B, lexemes),
    ).fetchall()
    return [(int(r[0]), float(r[1]), r[2], r[3], r[4]) for r in rows]


def documents(db: Connection) -> float:
    """The index's document count (BM25's N), from `search_totals`."""
    return float(db.execute("SELECT COALESCE(MAX(docs), 0) FROM search_totals").fetchone()[0])


def lexeme_documents(db: Connection, lexemes: list[str]) -> dict[str, int]:
    """How many documents hold each lexeme (absent: none), from `search_lexemes`."""
    rows = db.execute("SELECT lexeme, docs FROM search_lexemes WHERE lexeme = ANY(?::text[])", (lexemes,))
    return {str(w): int(n) for w, n in rows.fetchall()}


def lexeme_blocks(db: Connection, lexeme: str, block_seqs: int) -> set[int]:
    """The seq blocks of the documents holding a lexeme (GIN-indexed)."""
    rows = db.execute(
        "SELECT DISTINCT seq / ? FROM search WHERE terms @@ ?::tsquery", (block_seqs, _quoted(lexeme))
    ).fetchall()
    return {int(r[0]) for r in rows}


def blocks(db: Connection) -> list[tuple[int, str]]:
    """(block, newest publication) of every seq block (schema 50)."""
    return [(int(b), str(n)) for b, n in db.execute("SELECT block, newest FROM search_blocks").fetchall()]


def tsquery(parts: list[list[tuple[str, ...]]]) -> str:
    """A tsquery of an AND of parts, each an OR of phrases (a phrase of one lemma
    is a word): what the SQLite search writes as an FTS5 MATCH expression."""
    return " & ".join(
        "(" + " | ".join("(" + " <-> ".join(_quoted(w) for w in phrase) + ")" for phrase in part) + ")"
        for part in parts
    )


def _quoted(lexeme: str) -> str:
    """A lexeme as a tsquery operand, taken as it is (no parser, no stemming)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# ---------------------------------------------------------------- postings (schema 57)


def posting_scored(
    db: Connection,
    parts: list[list[str]],
    first: int | None,
    last: int | None,
    where: str = "",
    args: Sequence[object] = (),
) -> list[tuple[int, float, str | None, str | None, str | None]]:
    """What `scored` gives, for a query of words (an AND of parts, each an OR of
    lexemes), read from `search_postings` (schema 57) instead of each hit's tsvector:
    the same BM25 over the same counts (a posting's `tf` is its vector's number of
    positions), summed in lexeme order."""
    lexemes = sorted({w for part in parts for w in part})
    span = " AND p.seq BETWEEN ? AND ?" if first is not None else ""
    bounds = [first, last] if first is not None else []
    having = " AND ".join("bool_or(p.term = ANY(?::text[]))" for _ in parts)
    rows = db.execute(
        _CORPUS_IDF + " SELECT p.seq, -SUM(idf.value * p.tf::float8 * (? + 1)"
        "        / (p.tf::float8 + ? * (1 - ? + ? * p.dl / NULLIF(corpus.avgdl, 0))) ORDER BY p.term) AS rank,"
        " a.published, a.source, COALESCE(a.published, substr(a.ingested_at, 1, 10))"
        ' FROM idf JOIN search_postings p ON p.term = idf.lexeme COLLATE "C"'
        + span
        + " JOIN articles a ON a.seq = p.seq CROSS JOIN corpus"
        f" WHERE TRUE{where} GROUP BY p.seq, a.published, a.source, a.ingested_at HAVING {having}",
        (IDF_FLOOR, lexemes, BM25_K1, BM25_K1, BM25_B, BM25_B, *bounds, *args, *[list(p) for p in parts]),
    ).fetchall()
    return [(int(r[0]), float(r[1]), r[2], r[3], r[4]) for r in rows]


def posting_blocks(db: Connection, lexeme: str, block_seqs: int) -> set[int]:
    """The seq blocks of the documents holding a lexeme, from its postings."""
    rows = db.execute(
        "SELECT DISTINCT seq / ? FROM search_postings WHERE term = ?", (block_seqs, lexeme)
    ).fetchall()
    return {int(r[0]) for r in rows}


def posting_count(db: Connection, lexemes: list[str]) -> int:
    """How many documents hold any of these lexemes (a query of one part)."""
    row = db.execute(
        "SELECT COUNT(DISTINCT seq) FROM search_postings WHERE term = ANY(?::text[])", (lexemes,)
    ).fetchone()
    return int(row[0])
