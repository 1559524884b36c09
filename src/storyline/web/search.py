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
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from storyline.web.catalog import Catalog

# Ranking: BM25 (negative in SQLite, lower is better) is multiplied by
# 1 / (1 + age_days / RECENCY_HALF_LIFE_DAYS), so an article a month older than
# the newest counts half as much as an equally relevant newest one. A month is
# the span over which a news reader still expects the latest report of a story
# first (the activity window of `query/reader.py` is a week; a month keeps a
# strong older report above a weak new one).
RECENCY_HALF_LIFE_DAYS = 30.0
# Alternative phrasings of one quoted phrase (the product of its words' readings)
# searched at most: a phrase of four ambiguous words stays one small query.
PHRASE_VARIANTS_MAX = 16
# Characters of text shown before the first matched word and in all.
SNIPPET_BEFORE = 60
SNIPPET_CHARS = 240
# Facet values listed per facet.
FACET_SIZE = 10
# Words of a query at most (a pasted paragraph is not a search).
QUERY_WORDS_MAX = 32

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class QueryError(ValueError):
    """A search query with nothing to search for."""


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


def _fts_word(lemma: str) -> str:
    """A lemma as it is indexed (`store/search_index.py`), quoted for FTS5."""
    return '"' + "".join(ch if ch.isalnum() else "_" for ch in lemma.lower()) + '"'


class Searcher:
    """Search one database; `readings(word)` gives the lemmas a word may have."""

    def __init__(self, catalog: Catalog, readings: Callable[[str], set[str]] | None = None) -> None:
        self.catalog = catalog
        self._readings = readings or pymorphy_readings

    def parse(self, query: str) -> tuple[str, set[str]]:
        """The FTS5 MATCH expression of a query and every lemma it may match."""
        parts: list[str] = []
        lemmas: set[str] = set()
        words_seen = 0
        for phrase, word in _TERM.findall(query):
            words = _WORD.findall(phrase if phrase else word)
            words_seen += len(words)
            if not words or words_seen > QUERY_WORDS_MAX:
                continue
            readings = [sorted({_fts_word(r) for r in self._readings(w)}) for w in words]
            for group in readings:
                lemmas |= {r.strip('"') for r in group}
            if len(words) == 1:
                parts.append("(" + " OR ".join(readings[0]) + ")")
                continue
            variants = list(itertools.islice(itertools.product(*readings), PHRASE_VARIANTS_MAX))
            parts.append("(" + " OR ".join(" + ".join(v) for v in variants) + ")")
        if not parts:
            raise QueryError("the query has no words to search for")
        return " AND ".join(parts), lemmas

    def search(self, query: str, flt: SearchFilter, limit: int = 20, offset: int = 0) -> SearchResult:
        match, lemmas = self.parse(query)
        if "search" not in self.catalog.tables:
            return SearchResult(query, match, 0, offset)
        where, args = self._where(flt)
        base = f"FROM search JOIN articles a ON a.seq = search.rowid WHERE search MATCH ? {where}"
        db = self.catalog.db
        total = int(db.execute(f"SELECT COUNT(*) {base}", [match, *args]).fetchone()[0])
        newest = db.execute("SELECT MAX(published) FROM articles").fetchone()[0]
        newest = (newest + "-01-01")[:10] if newest and len(newest) < 10 else (newest or "2000-01-01")[:10]
        rows = db.execute(
            "SELECT a.seq, a.id, a.title, a.source, a.published, a.text, search.lemmas,"
            " bm25(search) / (1.0 + MAX(0.0, julianday(?) - COALESCE(julianday(substr(a.published || '-01-01', 1, 10)),"
            f" julianday(?))) / ?) AS score {base} ORDER BY score, a.seq DESC LIMIT ? OFFSET ?",
            [newest, newest, RECENCY_HALF_LIFE_DAYS, match, *args, limit, offset],
        ).fetchall()
        hits = []
        for seq, article_id, title, source, published, text, indexed, score in rows:
            spans_row = db.execute("SELECT spans FROM search_spans WHERE seq = ?", (seq,)).fetchone()
            spans = json.loads(spans_row[0]) if spans_row else []
            snippet, marks, at = _snippet(text, indexed.split(" "), spans, lemmas)
            placed = self.catalog.thread_of(article_id)
            hits.append(
                Hit(article_id, title, source, published, placed[1] if placed else None,
                    placed[0] if placed else None, float(score or 0.0), snippet, marks, at)
            )
        result = SearchResult(query, match, total, offset, hits)
        result.facets = self._facets(base, [match, *args])
        return result

    def matching_seqs(self, query: str, flt: SearchFilter) -> list[int]:
        """The seqs of every article matching (a story list's text filter)."""
        match, _ = self.parse(query)
        if "search" not in self.catalog.tables:
            return []
        where, args = self._where(flt)
        return [
            int(r[0])
            for r in self.catalog.db.execute(
                f"SELECT a.seq FROM search JOIN articles a ON a.seq = search.rowid WHERE search MATCH ? {where}",
                [match, *args],
            )
        ]

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
            clauses.append("a.seq IN (SELECT seq FROM search_entities WHERE entity_id = ?)")
            args.append(flt.entity_id)
        return "".join(" AND " + c for c in clauses), args

    def _facets(self, base: str, args: list[object]) -> dict[str, list[tuple[str, str, int]]]:
        db = self.catalog.db
        sources = [
            (r[0], r[0], int(r[1]))
            for r in db.execute(
                f"SELECT a.source, COUNT(*) {base} AND a.source IS NOT NULL GROUP BY a.source"
                " ORDER BY COUNT(*) DESC, a.source LIMIT ?",
                [*args, FACET_SIZE],
            )
        ]
        days = [
            (r[0], r[0], int(r[1]))
            for r in db.execute(
                f"SELECT substr(a.published, 1, 10) AS d, COUNT(*) {base} AND length(a.published) = 10"
                " GROUP BY d ORDER BY d",
                args,
            )
        ]
        counted = db.execute(
            f"SELECT e.entity_id, COUNT(*) {base.replace('WHERE', 'JOIN search_entities e ON e.seq = a.seq WHERE', 1)}"
            " GROUP BY e.entity_id ORDER BY COUNT(*) DESC, e.entity_id LIMIT ?",
            [*args, FACET_SIZE],
        ).fetchall()
        names = self.catalog.reader.entities_by_id([r[0] for r in counted])
        entities = [(r[0], names[r[0]].name if r[0] in names else r[0], int(r[1])) for r in counted]
        return {"source": sources, "entity": entities, "day": days}


def _snippet(
    text: str, lemmas: list[str], spans: list[list[int]], wanted: set[str]
) -> tuple[str, list[tuple[int, int]], int | None]:
    """A window of the text around the first matched word, with every match in it marked."""
    matched = [
        (s[0], s[1]) for lemma, s in zip(lemmas, spans, strict=False) if lemma in wanted and len(s) == 2
    ]
    first = matched[0][0] if matched else 0
    lo = max(0, first - SNIPPET_BEFORE)
    if lo:  # start on a word boundary
        space = text.rfind(" ", 0, lo)
        lo = space + 1 if space >= 0 and first - space < SNIPPET_BEFORE * 2 else lo
    hi = min(len(text), lo + SNIPPET_CHARS)
    window = text[lo:hi]
    prefix = "…" if lo else ""
    suffix = "…" if hi < len(text) else ""
    marks = [
        (start - lo + len(prefix), end - lo + len(prefix)) for start, end in matched if start >= lo and end <= hi
    ]
    return prefix + window + suffix, marks, matched[0][0] if matched else None


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
        raise QueryError(f"{name} {value!r} is not a date; give one like 2022-01-07") from exc
