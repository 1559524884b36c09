"""The full-text search index, written where annotations are saved.

An article is indexed by its tokens' lemmas (`0020_search.sql`), so a search
lemmatised the same way finds "Токаева" and "Токаеву" for "Токаев". The writer
keeps the index current: every `save_annotation` replaces the article's rows (the
entity filter reads the grouping's `entity_links` through the `search_entities` view). A
database annotated before the index existed is filled in once, when it is
migrated to version 20 (`backfill`).
"""

from __future__ import annotations

import json
import sqlite3

from storyline.model import Annotation
from storyline.store import codec

SEARCH_SCHEMA = 20
# Annotations decoded per backfill query: bounds the memory a backfill holds.
BACKFILL_BATCH = 200


def indexed_tokens(annotation: Annotation) -> list[tuple[str, int, int]]:
    """(lemma, start, end) of every word token: punctuation and symbols are not searched."""
    out = []
    for token in annotation.tokens:
        lemma = (token.lemma or token.text).lower()
        if any(ch.isalnum() for ch in lemma):
            # FTS5's unicode61 would split "северо-запад" in two; index it as one
            # lemma by keeping only the characters it keeps.
            out.append(("".join(ch if ch.isalnum() else "_" for ch in lemma), token.start, token.end))
    return out


def index_article(db: sqlite3.Connection, seq: int, annotation: Annotation) -> None:
    """Replace the article's rows in the search index with this annotation's."""
    db.execute("DELETE FROM search WHERE rowid = ?", (seq,))
    tokens = indexed_tokens(annotation)
    db.execute("INSERT INTO search (rowid, lemmas) VALUES (?, ?)", (seq, " ".join(t[0] for t in tokens)))
    db.execute(
        "INSERT OR REPLACE INTO search_spans (seq, spans) VALUES (?, ?)",
        (seq, json.dumps([[t[1], t[2]] for t in tokens], separators=(",", ":"))),
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
