"""A 100k store for the add benchmarks, made from one real ingest in minutes.

    python benchmarks/big_store.py --base BSNLP.db --db BIG.db [--articles 100000]

BSNLP.db is what `storyline ingest ../shared/corpora/bsnlp-ru/articles.jsonl` leaves
with the current code (annotations, grouping state, every story built). BIG.db is a
copy of it with older replicas added by SQL until it holds about `--articles`: replica
k is every stored article under the id `ID~k`, published `k * SHIFT_DAYS` days
*earlier*, with its annotation, novelty, search rows, entity links, assignment (thread
and story ids suffixed the same way), and its threads' and stories' records, list and
member rows and part rows. The base stays the newest year, with its grouping state as
the pipeline wrote it, so an article arriving now meets the stories of a real ingest.

Why backwards and two years apart: `group_speed.py` replays forwards a year apart and
its story consolidation (52 weeks) joins each replica's stories to last year's, so
its stories grow to ~20k articles at 100k (a worst case no archive has, and an hour
or more of replay on this machine). Replicas two years apart are out of every
grouping window, and older than the base, so the ingest's date limit (2100) is never
in the way. The replicas' grouping state is copied too (profiles and postings, ids
suffixed, postings moved by the replica's weeks; document frequencies and counts
scaled by the replica count, so idf stays what the base's was): a grouper opening
BIG.db lists 100k articles' worth of threads and stories, and its index queries run
on 100k articles' postings.

What a replica does not have (said with every figure measured on it): minhash bands
(152 exact copies of every band would make each near-duplicate lookup scan 152
candidates that a real archive does not have), the search's day blocks, stored story
pages and stored fold states (the replicas' stories are never touched by an arrival).
The vocabulary does not grow with the replicas (the same words again), so the
grouper's document-frequency table stays the base's size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

# Days between replicas: over the story window of the grouping (52 weeks, group/params.py)
# with room to spare, so no replica's thread or story is a candidate for another's article.
SHIFT_DAYS = 730
# The grouping index's bucket of undated clusters (group/index.py): looked at by every
# undated query, so replicas' undated postings would be candidates; they are not copied.
UNDATED = -1
# Thread and story ids inside JSON records (threads' story_id, profiles' id and parent).
_GROUP_ID = re.compile(r'"((?:thr|sty)-[0-9]+)"')
_ARTICLE_ID = re.compile(r'"article_id":"([^"]+)"')


def _shift(value: str | None, days: int) -> str | None:
    if not value or len(value) < 10:
        return value
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return (day + timedelta(days=days)).isoformat() + value[10:]


def _rename(text: str, suffix: str) -> str:
    text = _GROUP_ID.sub(rf'"\1{suffix}"', text)
    return _ARTICLE_ID.sub(rf'"article_id":"\1{suffix}"', text)


def _record(data: str, suffix: str, days: int) -> str:
    doc = json.loads(_rename(data, suffix))
    for key in ("first_published", "last_published"):
        doc[key] = _shift(doc.get(key), days)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


# The base's rows, copied once into temporary tables (`b_<table>`) so that each replica
# reads 653 articles' rows, not a table that grows with every replica.
BASE_TABLES = {
    "articles": "id",
    "annotations": "article_id",
    "novelty": "article_id",
    "minhash": "article_id",
    "entity_links": "article_id",
    "assignments": "article_id",
    "stories": "id",
    "threads": "id",
    "story_parts": "story_id",
    "group_profiles": "id",
    "group_postings": "cluster_id",
}
BY_SEQ = {"search_spans": "spans", "search_postings": "term, tf, dl"}


def keep_base(db: sqlite3.Connection) -> None:
    for table, key in BASE_TABLES.items():
        db.execute(f"CREATE TEMP TABLE b_{table} AS SELECT * FROM main.{table} WHERE instr({key}, '~') = 0")
    for table, columns in BY_SEQ.items():
        db.execute(f"CREATE TEMP TABLE b_{table} AS SELECT seq, {columns} FROM main.{table}")
    db.execute("CREATE TEMP TABLE b_search AS SELECT rowid AS seq, lemmas FROM main.search")
    db.execute("CREATE TEMP TABLE seqs (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)")


def add_replica(db: sqlite3.Connection, k: int, shift_days: int = -SHIFT_DAYS) -> None:
    """Replica `k` of the base (`keep_base`), in one transaction, published
    `k * shift_days` days later (earlier when negative)."""
    suffix, days = f"~{k}", k * shift_days
    weeks = (abs(shift_days) // 7) * (1 if shift_days >= 0 else -1)  # the grouping index's weeks moved
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO articles (id, content_hash, source, url, title, text, published, published_precision,"
        " lang, meta, duplicate_of, ingested_at)"
        " SELECT id || ?1, content_hash || ?1, source, url, title, text, shift(published, ?2),"
        " published_precision, lang, meta, CASE WHEN duplicate_of IS NULL THEN NULL ELSE duplicate_of || ?1 END,"
        " ingested_at FROM b_articles ORDER BY seq",
        (suffix, days),
    )
    db.execute("DELETE FROM seqs")
    db.execute(
        "INSERT INTO seqs (old, new) SELECT o.seq, r.seq FROM b_articles o JOIN main.articles r ON r.id = o.id || ?",
        (suffix,),
    )
    for table, columns in (
        ("annotations", "version, data"),
        ("novelty", "data"),
        ("minhash", "signature"),
    ):
        db.execute(
            f"INSERT INTO {table} (article_id, {columns}) SELECT article_id || ?, {columns} FROM b_{table}",
            (suffix,),
        )
    # stories first: the triggers of `assignments` and `entity_links` fill the story
    # list, members and entity rows and the articles' entity sets from them
    for table in ("stories", "threads"):
        rows = db.execute(f"SELECT id, data FROM b_{table}").fetchall()
        db.executemany(
            f"INSERT INTO {table} (id, data) VALUES (?, ?)",
            [(i + suffix, _record(d, suffix, days)) for i, d in rows],
        )
    db.execute(
        "INSERT INTO entity_links (article_id, kind, idx, entity_id) SELECT article_id || ?, kind, idx,"
        " entity_id FROM b_entity_links",
        (suffix,),
    )
    db.execute(
        "INSERT INTO assignments (article_id, thread_id, story_id) SELECT article_id || ?1, thread_id || ?1,"
        " CASE WHEN story_id IS NULL THEN NULL ELSE story_id || ?1 END FROM b_assignments",
        (suffix,),
    )
    db.execute(
        "INSERT INTO search (rowid, lemmas) SELECT m.new, b.lemmas FROM b_search b JOIN seqs m ON m.old = b.seq"
    )
    for table, columns in BY_SEQ.items():
        db.execute(
            f"INSERT INTO {table} (seq, {columns}) SELECT m.new, {columns} FROM b_{table} b JOIN seqs m ON m.old = b.seq"
        )
    db.execute(
        "INSERT INTO story_parts (story_id, part, rid, ord, data) SELECT story_id || ?, part, rid, ord, data"
        " FROM b_story_parts",
        (suffix,),
    )
    rows = db.execute("SELECT level, id, parent, data FROM b_group_profiles").fetchall()
    db.executemany(
        "INSERT INTO group_profiles (level, id, parent, data) VALUES (?, ?, ?, ?)",
        [
            (
                level,
                i + suffix,
                None if p is None else p + suffix,
                _rename(bytes(d).decode(), suffix).encode(),
            )
            for level, i, p, d in rows
        ],
    )
    db.execute(
        "INSERT INTO group_postings (level, key, week, cluster_id) SELECT level, key, week + ?, cluster_id || ?"
        " FROM b_group_postings WHERE week != ?",
        (k * weeks, suffix, UNDATED),
    )
    db.execute("COMMIT")


def build(
    base: Path, target: Path, articles: int, log: bool = True, shift_days: int = -SHIFT_DAYS
) -> dict[str, object]:
    """Copy `base` to `target` and add replicas until it holds about `articles`:
    replica k published `k * shift_days` days later (default: SHIFT_DAYS earlier)."""
    started = time.perf_counter()
    target.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(base)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    from storyline.store import open_store

    with open_store(target):  # at the current schema
        pass
    db = sqlite3.connect(target, isolation_level=None)
    db.create_function("shift", 2, _shift)
    have = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    if db.execute("SELECT COUNT(*) FROM articles WHERE instr(id, '~') > 0").fetchone()[0]:
        raise SystemExit(f"{base} holds replicas already: give a store `storyline ingest` made")
    replicas = max(0, -(-articles // have) - 1)
    keep_base(db)
    for k in range(1, replicas + 1):
        add_replica(db, k, shift_days)
        if log:
            print(f"replica {k}/{replicas}", file=sys.stderr, end="\r", flush=True)
    copies = replicas + 1
    # The grouping's counts as a store of `copies` times the base would have them.
    db.execute("BEGIN")
    db.execute("UPDATE group_df SET df = df * ?", (copies,))
    db.execute(
        "UPDATE counters SET value = value * ? WHERE name IN ('idf_documents', 'idf_threads')", (copies,)
    )
    db.execute("COMMIT")
    db.execute("ANALYZE")
    total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    stories = db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    largest = db.execute("SELECT MAX(articles) FROM story_list").fetchone()[0]
    db.close()
    size = target.stat().st_size
    return {
        "articles": total,
        "replicas": replicas,
        "stories": stories,
        "largest_story": largest,
        "mib": round(size / 2**20),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base", type=Path, required=True, help="a store `storyline ingest` of bsnlp-ru made"
    )
    parser.add_argument("--db", type=Path, required=True, help="the store to write (replaced)")
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    print(json.dumps(build(args.base, args.db, args.articles)))


if __name__ == "__main__":
    main()
