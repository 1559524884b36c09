"""Morphology-aware full-text search over the lemma index (`0020_search.sql`).

A query word is lemmatised by the annotator's own pymorphy2 dictionary
(`annotate/nlp.py`'s `analyse_word`, loaded on first use, once per process),
and every reading of it is searched: the tagger, which saw the word in its
sentence, picked one of them when the article was indexed, and out of context
we cannot know which ("Токаев" reads as the surname and as a plural of "токай",
and the index holds both). Words in double quotes are a phrase. Hits are ranked
by BM25 damped by age, and shown with the matched words marked in the text.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from storyline.web.catalog import Catalog
from storyline.web.search_rank import Ranked, blocks_of, day_number, rank_all, rank_best
from storyline.web.search_snippet import first_start, near_first_match, snippet, text_piece
from storyline.web.search_sources import (
    Hits,
    PgHits,
    PgPostingHits,
    PostingHits,
    SqliteHits,
    TermStats,
    fts5,
)

# Hits the facets count: the best FACET_POOL of the ranking (BM25 damped by age,
# `search_rank.py`). Counting the entities of 1,000 hits cost 3.6-7.3 ms of a
# search at 100k (bsnlp-ru replayed, one aggregate over `article_entities`);
# 200 hits are ten pages of results, what a reader narrows a search by.
FACET_POOL = 200
# Searches with at most this many hits score them all in one query (~1 µs a hit
# in FTS5): the seq blocks pay off only when they skip most of the hits.
SCORE_ALL_MAX = 2000
# Alternative phrasings of one quoted phrase (the product of its words' readings)
# searched at most: a phrase of four ambiguous words stays one small query.
PHRASE_VARIANTS_MAX = 16
# Facet values listed per facet.
FACET_SIZE = 10
# What joins an article's entity ids in `article_entity_sets` (schema 60: char(31)).
ENTITY_SEPARATOR = "\x1f"
# Words of a query at most (a pasted paragraph is not a search).
QUERY_WORDS_MAX = 32
# Searches whose ranked pool, count and facets are kept per write generation
# (`Searcher.rankings`): one is up to FACET_POOL ranked hits and three facets, ~40 KB,
# so 128 hold a desk's working set of queries (~5 MB) at a few percent of the
# server's ~160 MB resident size. What they save: the ranking and the facets, 2.0-3.2
# of a search's ~4.5 ms CPU at 100k (bsnlp-ru replayed, serve_load's 8 words,
# in-process, session 17); the page's rows and snippets are still read per request.
RANKINGS_KEPT = 128
# Hits a kept ranking holds at most: a page past them (an offset up to the API's
# 100,000) is ranked afresh, so no entry of RANKINGS_KEPT grows past ~200 KB.
RANKED_KEPT_MAX = 1000

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class QueryError(ValueError):
    """A search query with nothing to search for: the message in English, `key` and
    `params` the words a page shows in its language (`i18n.ERRORS`)."""

    def __init__(self, message: str, key: str, params: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.params = params or {}


@dataclass(frozen=True)
class SearchFilter:
    entity_id: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class Hit:
    article_id: str
    title: str
    source: str | None
    published: str | None
    story_id: str | None
    thread_id: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]  # offsets into `snippet`
    at: int | None = None  # where the first matched word sits in the article's text

    def segments(self) -> list[tuple[str, bool]]:
        """The snippet cut into (text, is_match) pieces, for a template to mark up."""
        out, at = [], 0
        for start, end in self.highlights:
            if start > at:
                out.append((self.snippet[at:start], False))
            out.append((self.snippet[start:end], True))
            at = end
        if at < len(self.snippet):
            out.append((self.snippet[at:], False))
        return out


@dataclass
class SearchResult:
    query: str
    match: str  # the FTS5 expression searched
    total: int
    offset: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # facet -> (value, label, n)


def _indexed(lemma: str) -> str:
    """A lemma as it is indexed (`store/search_index.py`)."""
    return "".join(ch if ch.isalnum() else "_" for ch in lemma.lower())


_fts5 = fts5  # the MATCH expression of a parsed query


class Searcher:
    """Search one database; `readings(word)` gives the lemmas a word may have."""

    def __init__(self, catalog: Catalog, readings: Callable[[str], set[str]] | None = None) -> None:
        self.catalog = catalog
        self._readings = readings or pymorphy_readings
        self.term_stats = TermStats()
        # (ranked pool, count, facets) of a parsed query and filter, per write generation:
        # what every page of a search, its HTML and API answers and each inflection of
        # its words («Путин», «Путина») share, which the response cache keys apart by URL
        self.rankings = TermStats(RANKINGS_KEPT)

    def parts(self, query: str) -> tuple[list[list[tuple[str, ...]]], set[str]]:
        """The query as an AND of parts, each an OR of phrases (tuples of indexed
        lemmas; one lemma for a word), and every lemma it may match."""
        parts: list[list[tuple[str, ...]]] = []
        lemmas: set[str] = set()
        words_seen = 0
        for phrase, word in _TERM.findall(query):
            words = _WORD.findall(phrase if phrase else word)
            words_seen += len(words)
            if not words or words_seen > QUERY_WORDS_MAX:
                continue
            readings = [sorted({_indexed(r) for r in self._readings(w)}) for w in words]
            for group in readings:
                lemmas |= set(group)
            if len(words) == 1:
                parts.append([(r,) for r in readings[0]])
            else:
                parts.append(list(itertools.islice(itertools.product(*readings), PHRASE_VARIANTS_MAX)))
        if not parts:
            raise QueryError("the query has no words to search for", "no_words")
        return parts, lemmas

    def parse(self, query: str) -> tuple[str, set[str]]:
        """The FTS5 MATCH expression of a query and every lemma it may match."""
        parts, lemmas = self.parts(query)
        return _fts5(parts), lemmas

    def search(
        self, query: str, flt: SearchFilter, limit: int = 20, offset: int = 0, generation: int | None = None
    ) -> SearchResult:
        """A page of hits, best first, with facets. `generation`: the store's write
        generation the request was read in (`Connections.generation`, as the web's
        middleware gives it): term statistics counted in it are kept for it."""
        parts, lemmas = self.parts(query)
        match = _fts5(parts)
        if "search" not in self.catalog.tables:
            return SearchResult(query, match, 0, offset)
        where, args = self._where(flt)
        db = self.catalog.db
        newest = self.term_stats.get(  # the same for every search until the store changes
            generation,
            ("newest", ""),
            lambda: day_number(db.execute("SELECT MAX(published) FROM articles").fetchone()[0]),
        )
        k = max(FACET_POOL, offset + limit)

        def ranking() -> tuple[list[Ranked], int, dict[str, list[tuple[str, str, int]]]]:
            hits = self._source(parts, where, args, generation)
            ranked, _ = self.rank(hits, newest, k)
            facets = self._facets({r.seq: (r.source, r.published) for r in ranked[:FACET_POOL]}, generation)
            return ranked, hits.count(), facets

        kept = generation if k <= RANKED_KEPT_MAX else None  # None: ranked afresh, not kept
        ranked, total, facets = self.rankings.get(kept, ("ranking", repr((parts, flt, k))), ranking)
        page = ranked[offset : offset + limit]
        result = SearchResult(
            query,
            match,
            total,
            offset,
            self._hits([r.seq for r in page], {r.seq: r.score for r in page}, lemmas),
        )
        result.facets = {name: list(values) for name, values in facets.items()}  # a caller's own copy
        return result

    def rank(
        self, hits: Hits, newest: float | None, k: int, bounded: bool = True
    ) -> tuple[list[Ranked], int]:
        """The k best hits by BM25 damped by age, and how many hits were scored:
        from the seq blocks that can hold them (`search_rank.py`), or, with
        `bounded=False` or few hits, from every hit (the reference)."""
        blocks = hits.remembered("block list", "", lambda: blocks_of(hits.blocks() or []))
        best_of = hits.best_of(newest) if bounded else None
        if bounded and blocks and hits.count() > SCORE_ALL_MAX:
            return rank_best(
                blocks,
                hits.score,
                hits.ceilings(),
                newest,
                k,
                hits.count(),
                best_of,
                hits.first_batch_margin,
            )
        if best_of is not None:
            top = [Ranked((value, -int(seq)), pub, src) for value, seq, pub, src in best_of(None, None, k)]
            return top, len(top)
        every = hits.score(None, None)
        return rank_all(every, newest)[:k], len(every)

    def _source(
        self,
        parts: list[list[tuple[str, ...]]],
        where: str,
        args: list[object],
        generation: int | None = None,
    ) -> Hits:
        kind: type[Hits] = SqliteHits
        if self.catalog.backend == "postgresql":
            kind = PgPostingHits if PgPostingHits.usable(self.catalog.tables, parts) else PgHits
        elif PostingHits.usable(self.catalog.tables, parts):
            kind = PostingHits
        return kind(self.catalog.db, parts, where, args, stats=self.term_stats, generation=generation)

    def _hits(self, page: list[int], score_of: dict[int, float], lemmas: set[str]) -> list[Hit]:
        """The page's hits with their snippets: the article rows read once, with their
        stories joined in and their lemma texts as bytes, then only the piece of each
        text its snippet can show (`search_snippet.text_piece`)."""
        if not page:
            return []
        pg = self.catalog.backend == "postgresql"
        rowid, as_bytes = (
            ("s.seq", "convert_to(s.lemmas, 'UTF8')") if pg else ("s.rowid", "CAST(s.lemmas AS BLOB)")
        )
        marks = ",".join("?" * len(page))
        rows = {
            r[0]: r
            for r in self.catalog.db.execute(
                f"SELECT a.seq, a.id, a.title, a.source, a.published, {as_bytes}, p.spans, m.thread_id,"
                f" m.story_id FROM articles a JOIN search s ON {rowid} = a.seq"
                " LEFT JOIN search_spans p ON p.seq = a.seq LEFT JOIN assignments m ON m.article_id = a.id"
                f" WHERE a.seq IN ({marks})",
                page,
            )
        }
        near = {seq: near_first_match(rows[seq][5], rows[seq][6], lemmas) for seq in page}
        pieces = {seq: text_piece(first_start(*near[seq], lemmas)) for seq in page}
        typed = "(?::bigint, ?::int, ?::int)" if pg else "(?, ?, ?)"
        texts = dict(
            self.catalog.db.execute(
                "SELECT v.column1, substr(a.text, v.column2, v.column3)"
                f" FROM (VALUES {','.join([typed] * len(page))}) v JOIN articles a ON a.seq = v.column1",
                [x for seq in page for x in (seq, pieces[seq][0] + 1, pieces[seq][1])],
            )
        )
        hits = []
        for seq in page:
            _, article_id, title, source, published, _, _, thread_id, story_id = rows[seq]
            text, marked, at = snippet(texts[seq], *near[seq], lemmas, offset=pieces[seq][0])
            hits.append(
                Hit(
                    article_id, title, source, published, story_id, thread_id, score_of[seq], text, marked, at
                )
            )
        return hits

    def matching_clause(self, query: str, flt: SearchFilter) -> tuple[str, tuple[object, ...]]:
        """A condition over articles `a` that holds for every article matching the
        query (a story list's text filter), with its arguments: a subquery of the
        index joined by the database, never a list of every matching seq (29,414
        for «суд» at 100k, each one a bound parameter)."""
        parts, _ = self.parts(query)
        if "search" not in self.catalog.tables:
            return "1 = 0", ()
        where, args = self._where(flt)
        if self.catalog.backend == "postgresql" and PgPostingHits.usable(self.catalog.tables, parts):
            # each part's lexemes from their postings (an index-only range each), not
            # a GIN bitmap whose every hit visits its row
            clause = " AND ".join(
                "a.seq IN (SELECT seq FROM search_postings WHERE term = ANY(?::text[]))" for _ in parts
            )
            return f"{clause}{where}", (*[[phrase[0] for phrase in part] for part in parts], *args)
        if self.catalog.backend == "postgresql":
            from storyline.store import pg_search

            inner, first = "SELECT seq FROM search WHERE terms @@ ?::tsquery", pg_search.tsquery(parts)
        else:
            inner, first = "SELECT rowid FROM search WHERE search MATCH ?", _fts5(parts)
        return f"a.seq IN ({inner}){where}", (first, *args)

    def _where(self, flt: SearchFilter) -> tuple[str, list[object]]:
        clauses: list[str] = []
        args: list[object] = []
        if flt.source:
            clauses.append("a.source = ?")
            args.append(flt.source)
        if flt.date_from:
            clauses.append("(a.published >= ? OR a.published IN (?, ?))")
            args += [flt.date_from, flt.date_from[:7], flt.date_from[:4]]
        if flt.date_to:
            clauses.append("substr(a.published, 1, 10) <= ?")
            args.append(flt.date_to)
        if flt.entity_id:
            clauses.append("a.seq IN (SELECT seq FROM article_entities WHERE entity_id = ?)")
            args.append(flt.entity_id)
        return "".join(" AND " + c for c in clauses), args

    def _entity_counts(self, seqs: list[int]) -> list[tuple[str, int]]:
        """The entities most of these articles name, with how many name each (FACET_POOL
        seqs fit one IN list): from each article's one row of entity ids (schema 60),
        or one aggregate of `article_entities`, ordered and cut by the database."""
        marks = ",".join("?" * len(seqs))
        if "article_entity_sets" in self.catalog.tables:
            rows = self.catalog.db.execute(
                f"SELECT ids FROM article_entity_sets WHERE seq IN ({marks}) AND ids <> ''", seqs
            ).fetchall()
            # one split and one count over every id (a count per row cost twice as much)
            joined = ENTITY_SEPARATOR.join(ids for (ids,) in rows)
            return _top(Counter(joined.split(ENTITY_SEPARATOR))) if joined else []
        return [
            (str(e), int(n))
            for e, n in self.catalog.db.execute(
                f"SELECT entity_id, COUNT(*) AS n FROM article_entities WHERE seq IN ({marks})"
                " GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT ?",
                [*seqs, FACET_SIZE],
            )
        ]

    def _facets(
        self, info: dict[int, tuple[str | None, str | None]], generation: int | None = None
    ) -> dict[str, list[tuple[str, str, int]]]:
        """Counts by source, entity and day over the ranked pool of hits (the entities'
        names kept per write generation, by the facet's list of ids)."""
        sources: Counter[str] = Counter(src for src, _ in info.values() if src)
        days: Counter[str] = Counter(pub for _, pub in info.values() if pub and len(pub) == len("2022-01-07"))
        seqs = list(info)
        top = self._entity_counts(seqs) if seqs else []
        ids = [e for e, _ in top]
        names = self.term_stats.get(
            generation, ("names", ENTITY_SEPARATOR.join(ids)), lambda: self.catalog.reader.entities_by_id(ids)
        )
        return {
            "source": [
                (k, k, n) for k, n in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
            ],
            "entity": [(e, names[e].name if e in names else e, n) for e, n in top],
            "day": [(k, k, n) for k, n in sorted(days.items())],
        }


def _top(counts: Counter[str]) -> list[tuple[str, int]]:
    """The FACET_SIZE most counted, ties by id (as `ORDER BY n DESC, entity_id`): the
    FACET_SIZE-th count found by a sort of the counts alone, then only the entities
    counted at least that often ordered (a key per entity cost ~0.3 ms at 1,300)."""
    if len(counts) > FACET_SIZE:
        cut = sorted(counts.values(), reverse=True)[FACET_SIZE - 1]
        candidates = [(e, n) for e, n in counts.items() if n >= cut]
    else:
        candidates = list(counts.items())
    return sorted(candidates, key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]


def pymorphy_readings(word: str) -> set[str]:
    """Every dictionary lemma of a word, the lemmas of those lemmas, and the word itself.

    One step further than the word's own readings because the tagger's lemma can be
    a reading of the lemma rather than of the form: "Токаева" reads as "токаев",
    and the indexed "Токаев" was often lemmatised as "токай" (3 of the 5 seeds), a
    reading only "токаев" itself has.
    """
    from storyline.annotate.nlp import analyse_word  # the annotator's dictionary, loaded once

    first = {form.normal.lower() for form in analyse_word(word)} | {word.lower()}
    return first | {form.normal.lower() for lemma in first for form in analyse_word(lemma)}


def parse_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD query parameter, checked."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise QueryError(
            f"{name} {value!r} is not a date; give one like 2022-01-07",
            "bad_day",
            {"name": name, "value": value},
        ) from exc


# The snippet's pieces under their former names (tests and callers import them from here).
_near_first_match = near_first_match
_snippet = snippet
