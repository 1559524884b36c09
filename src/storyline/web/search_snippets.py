"""A search page's hit rows with their snippets, cut by SQLite (`web/search.py`).

A hit's snippet needs a window of its text around the first matched word and
the spans of the matched lemmas in it. Reading each hit's whole text and lemma
text and decoding both to Python strings cost more than the rest of the page:
at 100k (bsnlp-ru replayed by `benchmarks/big_store.py`, 20 hits of the load
benchmark's words) the Cyrillic texts' decoding was ~0.35 of the page query's
~0.75 ms, and the first-match search over the whole lemma text ~0.3 ms more.
Here SQLite finds the first match (`instr` over the padded lemma text, as the
Python `find` did), counts the lemmas before it and returns only the lemma text
from there on (`LEMMA_WINDOW_CHARS`); the spans (ASCII) come whole; a second
query returns only the text window the snippet is cut from, with the text's
length. The snippet and its marks are those of `search._snippet` over the whole
text (`tests/web/test_search_snippets.py` compares them on real stores).
"""

from __future__ import annotations

from typing import Any

import orjson

# Characters of text shown before the first matched word and in all.
SNIPPET_BEFORE = 60
SNIPPET_CHARS = 240
# Lemmas after the first match looked at before the whole SNIPPET_CHARS of them: a
# Russian lemma and its space take ~7 characters of text, so 64 reach past a
# snippet's end almost always (round 9, 100k bsnlp-ru replay: 200 of 200 hits of 10
# words; snippet CPU 125-188 -> 46-82 µs a hit, load ~20).
SNIPPET_LEMMAS_FIRST = 64
# Characters of lemma text read from the first match on: the window's lemmas must
# cover SNIPPET_LEMMAS_FIRST lemmas (or SNIPPET_CHARS + 1 when those end inside a
# snippet); a Russian lemma and its space take ~7 characters, so 64 lemmas are
# ~450 and 241 ~1,700. A window that ends before the lemmas it needs is read whole
# again (`search_snippets.read`), so this is a speed bound, never a result's.
LEMMA_WINDOW_CHARS = 2048
# What one page row holds: seq, id, title, source, published, thread, story, spans,
# the first match's place in the padded lemma text (1-based; 0: none), the lemmas
# before it, the lemma text from it on (LEMMA_WINDOW_CHARS), and that rest's length.
PageRow = tuple[Any, ...]


def page_rows(db: Any, page: list[int], wanted: set[str]) -> dict[int, PageRow]:
    """The page's article rows, each with its first match found and its lemma window cut."""
    words = sorted(wanted)
    marks = ",".join("?" * len(page))
    values = ",".join("(?)" for _ in words) or "(NULL)"
    sql = (
        f"WITH w(l) AS (VALUES {values}),"
        " f AS MATERIALIZED (SELECT rowid AS seq, ' ' || lemmas || ' ' AS padded FROM search"
        f" WHERE rowid IN ({marks})),"
        " g AS MATERIALIZED (SELECT seq, padded, COALESCE((SELECT MIN(i) FROM (SELECT instr(f.padded, w.l) AS i"
        " FROM w) WHERE i > 0), 0) AS at FROM f)"
        " SELECT a.seq, a.id, a.title, a.source, a.published, m.thread_id, m.story_id, p.spans, g.at,"
        " CASE WHEN g.at > 0 THEN length(substr(g.padded, 1, g.at - 1))"
        " - length(replace(substr(g.padded, 1, g.at - 1), ' ', '')) ELSE 0 END,"
        " CASE WHEN g.at > 0 THEN substr(g.padded, g.at + 1, ?) ELSE '' END,"
        " CASE WHEN g.at > 0 THEN length(g.padded) - g.at ELSE 0 END"
        " FROM g JOIN articles a ON a.seq = g.seq LEFT JOIN search_spans p ON p.seq = a.seq"
        " LEFT JOIN assignments m ON m.article_id = a.id"
    )
    args: list[object] = [*(f" {w} " for w in words), *page, LEMMA_WINDOW_CHARS]
    return {int(r[0]): r for r in db.execute(sql, args)}


def whole_lemmas(db: Any, seq: int) -> str:
    """One hit's whole lemma text (its window ended before the lemmas it needed)."""
    row = db.execute("SELECT lemmas FROM search WHERE rowid = ?", (seq,)).fetchone()
    return str(row[0]) if row else ""


def text_windows(db: Any, cuts: dict[int, tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """seq -> (the text's length, text[start:end]) for seq -> (start, end), 0-based."""
    if not cuts:
        return {}
    values = ",".join("(?, ?, ?)" for _ in cuts)
    args: list[object] = [
        v for seq, (start, end) in cuts.items() for v in (seq, start + 1, max(0, end - start))
    ]
    rows = db.execute(
        f"WITH c(seq, start, n) AS (VALUES {values})"
        " SELECT c.seq, length(a.text), substr(a.text, c.start, c.n) FROM c JOIN articles a ON a.seq = c.seq",
        args,
    )
    return {int(seq): (int(length), str(window)) for seq, length, window in rows}


def _near_first_match(
    indexed: str, spans_json: str | None, wanted: set[str]
) -> tuple[list[str], list[list[int]]]:
    """The matched lemmas that may fall in a snippet, with their spans: those from the
    first match to SNIPPET_CHARS tokens after it (a token takes a character at least,
    so no later one starts inside the window). The first match is found by a plain
    substring search of the lemma text (a regular expression with look-arounds was
    tried at every position); `_window_match` takes it from there."""
    if not spans_json or not wanted or not indexed:
        return [], []
    padded = f" {indexed} "
    found = [p for p in (padded.find(f" {w} ") for w in wanted) if p >= 0]
    if not found:
        return [], []
    first = min(found)
    match = _window_match(padded.count(" ", 0, first), padded[first + 1 :], spans_json, wanted, False)
    return match if match is not None else ([], [])


def _window_match(
    start: int, rest: str, spans_json: str, wanted: set[str], cut: bool
) -> tuple[list[str], list[list[int]]] | None:
    """`_near_first_match` from the first match on: `start` lemmas before it, `rest`
    the padded lemma text from it on; `cut`: `rest` was cut short (SQLite's window,
    `search_snippets.py`), so None when it ends before the lemmas needed. Only the
    window's lemmas are split off, and their spans are cut from the stored JSON
    rather than both lists decoded whole: a long article's spans took 0.3 ms to
    parse, a page 20 times that. The first SNIPPET_LEMMAS_FIRST lemmas are looked
    at first: when the last of them starts SNIPPET_CHARS characters or more after
    the first match, no later one can be marked (a snippet ends before that), and
    the rest is never split."""
    try:  # "[[0,5],[6,12],...]", as `search_index` writes it
        for size in (SNIPPET_LEMMAS_FIRST, SNIPPET_CHARS + 1):
            pieces = rest.split(" ", size)
            if cut and len(pieces) <= size:
                return None  # the window's last lemma may be cut, and more follow
            window = pieces[:size]
            at = [(start + i, lemma) for i, lemma in enumerate(window) if lemma in wanted]
            last = start + len(window) - 1  # the window's last lemma; its span is cut whole
            pairs = spans_json[2:-2].split("],[", last + 1)
            spans = [[int(v) for v in pairs[i].split(",")] for i, _ in at if i < len(pairs)]
            if size > SNIPPET_CHARS or len(window) < size or not spans or last >= len(pairs):
                break  # the whole window, the lemma text's end, or no spans past here
            if int(pairs[last].split(",", 1)[0]) >= spans[0][0] + SNIPPET_CHARS:
                break  # later lemmas start past any snippet
    except ValueError:  # written another way: decoded whole
        pieces = rest.split(" ", SNIPPET_CHARS + 1)
        if cut and len(pieces) <= SNIPPET_CHARS + 1:
            return None
        decoded = orjson.loads(spans_json)
        window = pieces[: SNIPPET_CHARS + 1]
        at = [(start + i, lemma) for i, lemma in enumerate(window) if lemma in wanted]
        spans = [decoded[i] for i, _ in at if i < len(decoded)]
    return [lemma for _, lemma in at][: len(spans)], spans


def _first_matched(lemmas: list[str], spans: list[list[int]], wanted: set[str]) -> int:
    """Where the first marked word starts in the text (0 when none is): the snippet's anchor."""
    for lemma, s in zip(lemmas, spans, strict=False):
        if lemma in wanted and len(s) == 2:
            return int(s[0])
    return 0


def _snippet(
    text: str,
    lemmas: list[str],
    spans: list[list[int]],
    wanted: set[str],
    base: int = 0,
    length: int | None = None,
) -> tuple[str, list[tuple[int, int]], int | None]:
    """A window of the text around the first matched word, with every match in it
    marked. `text` may be a part of the text, from offset `base` of a text `length`
    long: from the first match's start less 2 x SNIPPET_BEFORE + 1 (a word boundary
    further back is never taken) to SNIPPET_CHARS past it, or the text's end."""
    size = len(text) + base if length is None else length
    matched = [
        (s[0], s[1]) for lemma, s in zip(lemmas, spans, strict=False) if lemma in wanted and len(s) == 2
    ]
    first = matched[0][0] if matched else 0
    lo = max(0, first - SNIPPET_BEFORE)
    if lo:  # start on a word boundary
        space = text.rfind(" ", 0, lo - base)
        space = space + base if space >= 0 else -1
        lo = space + 1 if space >= 0 and first - space < SNIPPET_BEFORE * 2 else lo
    hi = min(size, lo + SNIPPET_CHARS)
    window = text[lo - base : hi - base]
    prefix = "…" if lo else ""
    suffix = "…" if hi < size else ""
    marks = [
        (start - lo + len(prefix), end - lo + len(prefix))
        for start, end in matched
        if start >= lo and end <= hi
    ]
    return prefix + window + suffix, marks, matched[0][0] if matched else None
