"""A search's hits as the ranking reads them, on SQLite (FTS5) and on PostgreSQL.

Both answer the same questions: how many articles match, the hits of a seq
range with their BM25, the seq blocks with their newest dates, and, per query
term (an FTS5 phrase, a PostgreSQL lexeme: what each backend's BM25 sums over),
how many documents hold it and which blocks. `ceilings` turns those into each
block's best possible BM25 for `search_rank.rank_best`.
"""

from __future__ import annotations

import functools
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from storyline.store import search_index, search_postings
from storyline.web.search_rank import (
    BLOCK_SEQS,
    FIRST_BATCH_MARGIN,
    RECENCY_HALF_LIFE_DAYS,
    BestOf,
    Block,
    Hit,
    Scored,
)

# A term held by at most this many documents is "rare": its documents' blocks are
# looked up (one index read of its few hits), and only those blocks count its IDF
# in their bound. A rare reading of a common word ("выборы": 308 documents, beside
# "выбор": 26,488 at 100k) otherwise raised every block's bound sevenfold.
RARE_TERM_DOCS = 2000
# Term statistics kept per write generation (`TermStats`): a few hundred words'
# counts and block sets, a few KB each at most (a rare term has <= RARE_TERM_DOCS
# documents, so <= that many blocks).
TERM_STATS_KEPT = 512

T = TypeVar("T")


class TermStats:
    """What the index says of a query term (how many documents hold it, in which
    blocks) and of an unfiltered query (how many documents match), kept for one
    write generation of the store (`Connections.generation`): each is a scan of the
    term's whole doclist («суд»: 29,414 documents at 100k, ~0.7 ms), the same for
    every search that has the term until the index changes. Thread-safe, bounded."""

    def __init__(self, size: int = TERM_STATS_KEPT) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._generation: int | None = None
        self._lock = threading.Lock()

    def get(self, generation: int | None, key: tuple[str, str], compute: Callable[[], T]) -> T:
        if generation is None:
            return compute()
        with self._lock:
            if generation != self._generation:
                self._items.clear()
                self._generation = generation
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if generation == self._generation:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value


class Hits(ABC):
    """The hits of one parsed query, narrowed by one filter (`where` over articles `a`);
    `stats` and `generation`: where term statistics are kept, and the store's write
    generation they hold for (None: counted afresh)."""

    k1 = search_index.BM25_K1
    # How many times k hits the first batch of blocks is sized for (`rank_best`).
    first_batch_margin = FIRST_BATCH_MARGIN

    def __init__(
        self,
        db: Any,
        parts: list[list[tuple[str, ...]]],
        where: str,
        args: list[object],
        stats: TermStats | None = None,
        generation: int | None = None,
    ) -> None:
        self.db, self.parts, self.where, self.args = db, parts, where, args
        self._stats, self._generation = stats, generation
        self._count: int | None = None

    def remembered(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, kept per generation when this search has term statistics."""
        if self._stats is None:
            return compute()
        return self._stats.get(self._generation, (kind, key), compute)

    def count(self) -> int:
        """How many articles match, the filter applied (counted once; an unfiltered
        count is kept with the term statistics)."""
        if self._count is None:
            self._count = (
                self._counted() if self.where else self.remembered("count", repr(self.parts), self._counted)
            )
        return self._count

    @abstractmethod
    def _counted(self) -> int: ...

    @abstractmethod
    def score(self, first: int | None, last: int | None) -> list[Hit]: ...

    @abstractmethod
    def blocks(self) -> list[tuple[int, str]] | None: ...

    def best_of(self, newest: float | None) -> BestOf | None:
        """The backend's own k best of a seq range, damped by age from `newest`
        (None: the backend has none, the ranking scores `score`'s hits itself)."""
        return None

    @abstractmethod
    def documents(self) -> float:
        """The document count BM25's IDF uses (or a bound above it)."""

    @abstractmethod
    def terms(self) -> list[tuple[str, int]]:
        """(term, documents holding it) of every term BM25 sums over, repeats kept."""

    @abstractmethod
    def term_blocks(self, term: str) -> set[int]:
        """The blocks of the documents holding a term."""

    def ceilings(self) -> Callable[[Block], float]:
        """Each block's largest possible BM25 magnitude: every common term at
        saturation, and each rare term only in the blocks that hold it."""
        documents = self.documents()
        common, rare = 0.0, []
        for term, holding in self.terms():
            if holding == 0:
                continue  # no document holds it: it adds to no score
            share = search_index.bm25_idf(documents, holding, search_index.IDF_FLOOR) * (self.k1 + 1.0)
            if holding <= RARE_TERM_DOCS:
                rare.append((share, self.term_blocks(term)))
            else:
                common += share

        def ceiling(block: Block) -> float:
            number = block.first // BLOCK_SEQS
            return common + sum(share for share, held in rare if number in held)

        return ceiling


class SqliteHits(Hits):
    """FTS5: terms are the MATCH expression's phrases, each counted by a MATCH of its own."""

    def __init__(
        self, db: Any, parts: list[list[tuple[str, ...]]], where: str, args: list[object], **kept: Any
    ) -> None:
        super().__init__(db, parts, where, args, **kept)
        self.match = fts5(parts)

    def _counted(self) -> int:
        if self.where:
            sql = f"SELECT COUNT(*) FROM search JOIN articles a ON a.seq = search.rowid WHERE search MATCH ? {self.where}"
        else:  # the doclist alone, without touching the articles
            sql = "SELECT COUNT(*) FROM search WHERE search MATCH ?"
        return int(self.db.execute(sql, [self.match, *self.args]).fetchone()[0])

    def score(self, first: int | None, last: int | None) -> list[Hit]:
        return search_index.scored(self.db, self.match, first, last, self.where, self.args)

    def best_of(self, newest: float | None) -> BestOf | None:
        def best(first: int | None, last: int | None, k: int) -> list[Scored]:
            return search_index.best_scored(
                self.db, self.match, first, last, self.where, self.args, newest, RECENCY_HALF_LIFE_DAYS, k
            )

        return best

    def blocks(self) -> list[tuple[int, str]] | None:
        # The same for every search until the store changes: kept per generation.
        return self.remembered("blocks", "", lambda: search_index.blocks(self.db))

    def documents(self) -> float:
        # The largest rowid bounds FTS5's row count from above, which only loosens a bound.
        return float(self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM search").fetchone()[0])

    def terms(self) -> list[tuple[str, int]]:
        phrases = [fts5([[phrase]]) for part in self.parts for phrase in part]
        if len(phrases) == 1 and not self.where:  # the query is its one phrase: already counted
            return [(phrases[0], self.count())]
        counted: dict[str, int] = {}
        for p in phrases:
            if p not in counted:
                counted[p] = self.remembered(
                    "docs", p, functools.partial(search_index.phrase_documents, self.db, p)
                )
        return [(p, counted[p]) for p in phrases]

    def term_blocks(self, term: str) -> set[int]:
        return self.remembered("blocks", term, lambda: search_index.phrase_blocks(self.db, term, BLOCK_SEQS))


class PostingHits(SqliteHits):
    """SQLite with schema 57's postings: a query of words (no phrase of several) is
    scored from `search_postings` (`store/search_postings.py`) with FTS5's own BM25
    and document statistics, so the scores are FTS5's; counts and the blocks of
    rare terms still come from FTS5."""

    # The first batch keeps SQLite's margin (`FIRST_BATCH_MARGIN`): without bm25()'s
    # fixed cost a second query costs only its hits, but on 8 common words outside
    # the benchmark's (at 100k, k = 200, load 14) margins of 1, 1.5, 2, 3 and 4 ranked
    # in 1.6-2.7 ms a search with no order between them, within the load's noise.

    def __init__(
        self, db: Any, parts: list[list[tuple[str, ...]]], where: str, args: list[object], **kept: Any
    ) -> None:
        super().__init__(db, parts, where, args, **kept)
        self._query: search_postings.PostingQuery | None = None

    @staticmethod
    def usable(tables: Collection[str], parts: list[list[tuple[str, ...]]]) -> bool:
        """Whether a query can rank from postings: the store has them (`tables`: its
        table names) and every phrase of the query is one word."""
        return "search_postings" in tables and all(len(phrase) == 1 for part in parts for phrase in part)

    def totals(self) -> tuple[float, float]:
        """(documents, tokens) as FTS5 counts them, kept per write generation."""
        return self.remembered("totals", "", lambda: search_postings.totals(self.db))

    def documents(self) -> float:
        return self.totals()[0]

    def query(self) -> search_postings.PostingQuery:
        """The postings query of this search: each phrase's folded lemma, part and idf
        in the MATCH expression's order, FTS5's average length, the filter (made once)."""
        if self._query is None:
            documents, tokens = self.totals()
            holding = dict(self.terms())
            self._query = search_postings.PostingQuery(
                tuple(
                    (
                        search_postings.fold(phrase[0]),
                        number,
                        search_postings.idf(documents, holding[fts5([[phrase]])]),
                    )
                    for number, part in enumerate(self.parts)
                    for phrase in part
                ),
                len(self.parts),
                tokens / documents if documents else 0.0,
                self.where,
                tuple(self.args),
            )
        return self._query

    def score(self, first: int | None, last: int | None) -> list[Hit]:
        return search_postings.scored(self.db, self.query(), first, last)

    def best_of(self, newest: float | None) -> BestOf | None:
        query = self.query()

        def best(first: int | None, last: int | None, k: int) -> list[Scored]:
            return search_postings.best_scored(self.db, query, first, last, newest, RECENCY_HALF_LIFE_DAYS, k)

        return best


class PgHits(Hits):
    """PostgreSQL: terms are the query's lexemes, counted in `search_lexemes` (schema 50)."""

    # A scored hit costs PostgreSQL far more than a query does (each hit's tsvector is
    # filtered and unnested in SQL: ~61 ms of its CPU a search at 10k), so the first
    # batch is sized for k hits, as before SQLite's margin.
    first_batch_margin = 1.0

    def __init__(
        self, db: Any, parts: list[list[tuple[str, ...]]], where: str, args: list[object], **kept: Any
    ) -> None:
        from storyline.store import pg_search

        super().__init__(db, parts, where, args, **kept)
        self._pg = pg_search
        self.query = pg_search.tsquery(parts)
        self.lexemes = sorted({w for part in parts for phrase in part for w in phrase})

    def _counted(self) -> int:
        if self.where:
            sql = f"SELECT COUNT(*) FROM search s JOIN articles a ON a.seq = s.seq WHERE s.terms @@ ?::tsquery{self.where}"
        else:
            sql = "SELECT COUNT(*) FROM search WHERE terms @@ ?::tsquery"
        return int(self.db.execute(sql, [self.query, *self.args]).fetchone()[0])

    def score(self, first: int | None, last: int | None) -> list[Hit]:
        return self._pg.scored(self.db, self.query, self.lexemes, first, last, self.where, self.args)

    def blocks(self) -> list[tuple[int, str]] | None:
        return self._pg.blocks(self.db)

    def documents(self) -> float:
        # kept per write generation, as the lexemes' counts below: a statement each
        # that every search of a common word (a bounded ranking) asked again
        return self.remembered("documents", "", lambda: self._pg.documents(self.db))

    def terms(self) -> list[tuple[str, int]]:
        holding = self.remembered(
            "lexemes", " ".join(self.lexemes), lambda: self._pg.lexeme_documents(self.db, self.lexemes)
        )
        return [(w, holding.get(w, 0)) for w in self.lexemes]

    def term_blocks(self, term: str) -> set[int]:
        return self.remembered("blocks", term, lambda: self._pg.lexeme_blocks(self.db, term, BLOCK_SEQS))


class PgPostingHits(PgHits):
    """PostgreSQL with schema 57's postings: a query of words (no phrase of several)
    is scored, counted and its rare terms' blocks found from `search_postings`, a
    B-tree range per lexeme, rather than from each hit's tsvector (read back from
    TOAST and unnested per hit); the same BM25 over the same counts."""

    @staticmethod
    def usable(tables: Collection[str], parts: list[list[tuple[str, ...]]]) -> bool:
        return "search_postings" in tables and all(len(phrase) == 1 for part in parts for phrase in part)

    def _words(self) -> list[list[str]]:
        return [[phrase[0] for phrase in part] for part in self.parts]

    def _counted(self) -> int:
        if self.where or len(self.parts) > 1:
            return super()._counted()
        return int(self._pg.posting_count(self.db, self._words()[0]))

    def score(self, first: int | None, last: int | None) -> list[Hit]:
        return self._pg.posting_scored(self.db, self._words(), first, last, self.where, self.args)

    def term_blocks(self, term: str) -> set[int]:
        return self.remembered("blocks", term, lambda: self._pg.posting_blocks(self.db, term, BLOCK_SEQS))


def fts5(parts: list[list[tuple[str, ...]]]) -> str:
    """The FTS5 MATCH expression of a parsed query: words quoted, a phrase's joined by `+`."""
    return " AND ".join(
        "(" + " OR ".join(" + ".join(f'"{w}"' for w in phrase) for phrase in part) + ")" for part in parts
    )
