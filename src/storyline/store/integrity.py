"""Integrity checks of a store (`storyline doctor`), in SQL both backends run.

A healthy database has every article assigned to exactly one thread, every
reference between its tables resolving, and no record left behind by what it
belonged to (a thread without articles, an annotation of an article that is
gone). Each check is one query listing the offending ids; the report gives their
number and the first few, so a user can look at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.errors import StoreError
from storyline.store import codec

if TYPE_CHECKING:
    from storyline.store.sql_store import SQLStore

# Offending ids shown per problem: enough to start looking, short enough for a line.
EXAMPLES = 5


@dataclass(frozen=True)
class Check:
    """`sql` selects one id column, one row per offending record."""

    problem: str
    sql: str


def _dangling(table: str, column: str, target: str, target_column: str = "id") -> Check:
    return Check(
        f"{table}.{column} values naming no row of {target}",
        f"SELECT DISTINCT t.{column} FROM {table} t LEFT JOIN {target} r ON r.{target_column} = t.{column}"
        f" WHERE t.{column} IS NOT NULL AND r.{target_column} IS NULL",
    )


CHECKS: tuple[Check, ...] = (
    Check(
        "articles assigned to no thread",
        "SELECT a.id FROM articles a LEFT JOIN assignments m ON m.article_id = a.id WHERE m.article_id IS NULL",
    ),
    Check(
        "threads whose articles lie in more than one story",
        "SELECT thread_id FROM assignments GROUP BY thread_id HAVING COUNT(DISTINCT story_id) > 1",
    ),
    _dangling("assignments", "article_id", "articles"),
    _dangling("assignments", "thread_id", "threads"),
    _dangling("assignments", "story_id", "stories"),
    _dangling("articles", "duplicate_of", "articles"),
    _dangling("annotations", "article_id", "articles"),
    _dangling("minhash", "article_id", "articles"),
    _dangling("minhash_bands", "article_id", "minhash", "article_id"),
    _dangling("novelty", "article_id", "articles"),
    _dangling("article_aliases", "article_id", "articles"),
    _dangling("entity_links", "article_id", "articles"),
    _dangling("entity_links", "entity_id", "entities"),
    _dangling("story_entities", "story_id", "stories"),
    _dangling("story_entities", "entity_id", "entities"),
    _dangling("search_spans", "seq", "articles", "seq"),
    _dangling("article_entities", "seq", "articles", "seq"),
    Check(
        "articles with an alias id that is also an article id",
        "SELECT l.alias_id FROM article_aliases l JOIN articles a ON a.id = l.alias_id",
    ),
    Check(
        "threads with no article (orphans)",
        "SELECT t.id FROM threads t LEFT JOIN assignments m ON m.thread_id = t.id WHERE m.thread_id IS NULL",
    ),
    Check(
        "stories with no article (orphans)",
        "SELECT s.id FROM stories s LEFT JOIN assignments m ON m.story_id = s.id WHERE m.story_id IS NULL",
    ),
    Check(
        "annotated articles missing from the search index",
        "SELECT a.id FROM articles a JOIN annotations n ON n.article_id = a.id"
        " LEFT JOIN search_spans p ON p.seq = a.seq WHERE p.seq IS NULL",
    ),
)


@dataclass(frozen=True)
class Problem:
    problem: str
    count: int
    examples: list[str]

    def line(self) -> str:
        shown = ", ".join(self.examples)
        more = f" and {self.count - len(self.examples)} more" if self.count > len(self.examples) else ""
        return f"{self.count} {self.problem}: {shown}{more}"


def run_checks(store: SQLStore) -> list[Problem]:
    """Every problem found, in the order of `CHECKS`, then the thread records' own."""
    db = store._db
    problems = []
    for check in CHECKS:
        ids = [str(r[0]) for r in db.execute(f"SELECT * FROM ({check.sql}) x ORDER BY 1").fetchall()]
        if ids:
            problems.append(Problem(check.problem, len(ids), ids[:EXAMPLES]))
    problems += _thread_records(store)
    return problems


def _thread_records(store: SQLStore) -> list[Problem]:
    """A thread record's story must be the story its assignments place it in."""
    placed = dict(
        store._db.execute("SELECT thread_id, MIN(story_id) FROM assignments GROUP BY thread_id").fetchall()
    )
    stories = {str(r[0]) for r in store._db.execute("SELECT id FROM stories")}
    wrong, dangling, unreadable = [], [], []
    for thread_id, data in store._db.execute("SELECT id, data FROM threads ORDER BY id").fetchall():
        try:
            thread = codec.thread_from(data, [])
        except StoreError:
            unreadable.append(str(thread_id))
            continue
        if thread.story_id not in stories:
            dangling.append(str(thread_id))
        elif thread_id in placed and placed[thread_id] != thread.story_id:
            wrong.append(str(thread_id))
    found = []
    if unreadable:
        found.append(Problem("thread records that cannot be read", len(unreadable), unreadable[:EXAMPLES]))
    if dangling:
        found.append(Problem("thread records naming no story", len(dangling), dangling[:EXAMPLES]))
    if wrong:
        found.append(
            Problem("thread records naming another story than their articles'", len(wrong), wrong[:EXAMPLES])
        )
    return found


def counts(store: SQLStore) -> dict[str, int]:
    """Rows of the main tables, for the report's last line."""
    return {
        table: int(store._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        for table in ("articles", "threads", "stories", "entities")
    }
