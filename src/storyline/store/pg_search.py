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
    """The hook `save_annotation` calls: index the article the annotation belongs to."""
    row = db.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is not None:
        index_article(db, int(row[0]), annotation)


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
    scored over `lexemes` as `match` does; `where` (" AND ..." over the articles
    `a`) narrows the hits before they are ranked, as a filter does in SQLite."""
    hits = (
        "SELECT s.seq, s.terms, s.tokens FROM search s JOIN articles a ON a.seq = s.seq"
        f" WHERE s.terms @@ ?::tsquery{where}"
        if where
        else "SELECT seq, terms, tokens FROM search WHERE terms @@ ?::tsquery"
    )
    rows = db.execute(
        "WITH corpus AS (SELECT COUNT(*)::float8 AS docs, COALESCE(AVG(tokens), 0)::float8 AS avgdl FROM search),"
        f" hits AS ({hits}),"
        " wanted AS (SELECT unnest(?::text[]) AS lexeme),"
        " df AS (SELECT w.lexeme, COUNT(s.seq)::float8 AS n FROM wanted w"
        "        LEFT JOIN search s ON s.terms @@ quote_literal(w.lexeme)::tsquery GROUP BY w.lexeme),"
        " idf AS (SELECT df.lexeme, GREATEST(ln((corpus.docs - df.n + 0.5) / (df.n + 0.5)), ?) AS value"
        "        FROM df, corpus)"
        " SELECT h.seq, -SUM(idf.value * u.tf * (? + 1)"
        "        / (u.tf + ? * (1 - ? + ? * h.tokens / NULLIF(corpus.avgdl, 0)))) AS rank"
        " FROM hits h CROSS JOIN corpus"
        " CROSS JOIN LATERAL (SELECT x.lexeme, array_length(x.positions, 1)::float8 AS tf"
        "                     FROM unnest(ts_filter(setweight(h.terms, 'A', ?::text[]), '{a}'))"
        "                     AS x(lexeme, positions, weights)) u"
        " JOIN idf ON idf.lexeme = u.lexeme"
        " GROUP BY h.seq ORDER BY rank, h.seq LIMIT ?",
        (query, *args, lexemes, IDF_FLOOR, BM25_K1, BM25_K1, BM25_B, BM25_B, lexemes, limit),
    ).fetchall()
    return [(int(seq), float(rank)) for seq, rank in rows]


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
