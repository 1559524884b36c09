"""The full-text search index on PostgreSQL: the rows SQLite's FTS5 index holds.

`search.lemmas` is the same space-separated lemma text as in SQLite, and
`search_spans` the same offsets, so a snippet is cut the same way on both; the
match and the ranking use `search.terms`, a `tsvector` PostgreSQL derives from
the lemmas in the `simple` configuration (GIN-indexed, `0020_search.sql`).
"""

from __future__ import annotations

import json

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


def match(db: Connection, lemmas: list[str], limit: int) -> list[tuple[int, float]]:
    """(seq, rank) of the articles holding every lemma, best first: the counterpart
    of an FTS5 `MATCH ... ORDER BY rank`, ranked by `ts_rank` (term frequency,
    normalised by document length like BM25's length term)."""
    words = [w for w in lemmas if w]
    if not words:
        return []
    rows = db.execute(
        "SELECT seq, ts_rank(terms, q, 1) AS score FROM search, plainto_tsquery('simple', ?) q"
        " WHERE terms @@ q ORDER BY score DESC, seq DESC LIMIT ?",
        (" ".join(words), limit),
    ).fetchall()
    return [(int(seq), float(score)) for seq, score in rows]
