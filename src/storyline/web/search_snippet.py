"""A search hit's snippet: a window of its text around the first matched word.

A page of hits reads, per hit, the lemma text as UTF-8 bytes (the first match is
found in bytes; only the lemmas after it are decoded), the spans, and then only
the piece of the text a snippet can show (`text_piece`): decoding twenty whole
lemma texts and texts into Python strings was ~0.6 of the page's ~0.9 ms of SQL
at 100k (bsnlp-ru replayed, session 17), the bytes themselves ~0.1.
"""

from __future__ import annotations

import orjson

# Characters of text shown before the first matched word and in all.
SNIPPET_BEFORE = 60
SNIPPET_CHARS = 240
# Lemmas after the first match looked at before the whole SNIPPET_CHARS of them: a
# Russian lemma and its space take ~7 characters of text, so 64 reach past a
# snippet's end almost always (round 9, 100k bsnlp-ru replay: 200 of 200 hits of 10
# words; snippet CPU 125-188 -> 46-82 µs a hit, load ~20).
SNIPPET_LEMMAS_FIRST = 64
# Bytes of lemma text decoded per lemma wanted after the first match: a Cyrillic lemma
# of ~7 letters and its space are ~15 bytes, so twice that decodes enough at once
# almost always; when it does not, the whole rest is decoded (the same lemmas).
LEMMA_BYTES = 32


def text_piece(first: int | None) -> tuple[int, int]:
    """(offset, characters) of the text a snippet whose first match starts at `first`
    can show: from 2 x SNIPPET_BEFORE before it (how far back `snippet` looks for a
    word boundary) to one character past the longest window (so the piece tells
    whether the text goes on)."""
    at = first or 0
    offset = max(0, at - 2 * SNIPPET_BEFORE)
    return offset, max(0, at - SNIPPET_BEFORE) + SNIPPET_CHARS + 1 - offset


def _first_lemmas(rest: bytes, size: int) -> list[str]:
    """`rest.decode().split(" ", size)[:size]`, decoding only as much as it needs."""
    budget = size * LEMMA_BYTES
    if budget < len(rest):
        cut = rest.rfind(b" ", 0, budget)  # ends a lemma: whole characters only
        if cut >= 0:
            lemmas = rest[:cut].decode().split(" ")
            if len(lemmas) >= size:
                return lemmas[:size]
    return rest.decode().split(" ", size)[:size]


def near_first_match(
    indexed: bytes | str, spans_json: str | None, wanted: set[str]
) -> tuple[list[str], list[list[int]]]:
    """The matched lemmas that may fall in a snippet, with their spans: those from the
    first match to SNIPPET_CHARS tokens after it (a token takes a character at least,
    so no later one starts inside the window). The first match is found by a plain
    substring search of the lemma text's bytes (a regular expression with look-arounds
    was tried at every position), only the window's lemmas are decoded and split off,
    and their spans are cut from the stored JSON rather than both lists decoded whole:
    a long article's spans took 0.3 ms to parse, a page 20 times that. The first
    SNIPPET_LEMMAS_FIRST lemmas are looked at first: when the last of them starts
    SNIPPET_CHARS characters or more after the first match, no later one can be
    marked (a snippet ends before that), and the rest is never split."""
    if not spans_json or not wanted or not indexed:
        return [], []
    padded = b" " + (indexed.encode() if isinstance(indexed, str) else bytes(indexed)) + b" "
    found = [p for p in (padded.find(b" " + w.encode() + b" ") for w in wanted) if p >= 0]
    if not found:
        return [], []
    first = min(found)
    start = padded.count(b" ", 0, first)  # the lemmas before it
    rest = padded[first + 1 :]
    try:  # "[[0,5],[6,12],...]", as `search_index` writes it
        for size in (SNIPPET_LEMMAS_FIRST, SNIPPET_CHARS + 1):
            window = _first_lemmas(rest, size)
            at = [(start + i, lemma) for i, lemma in enumerate(window) if lemma in wanted]
            last = start + len(window) - 1  # the window's last lemma; its span is cut whole
            pairs = spans_json[2:-2].split("],[", last + 1)
            spans = [[int(v) for v in pairs[i].split(",")] for i, _ in at if i < len(pairs)]
            if size > SNIPPET_CHARS or len(window) < size or not spans or last >= len(pairs):
                break  # the whole window, the lemma text's end, or no spans past here
            if int(pairs[last].split(",", 1)[0]) >= spans[0][0] + SNIPPET_CHARS:
                break  # later lemmas start past any snippet
    except ValueError:  # written another way: decoded whole
        decoded = orjson.loads(spans_json)
        window = _first_lemmas(rest, SNIPPET_CHARS + 1)
        at = [(start + i, lemma) for i, lemma in enumerate(window) if lemma in wanted]
        spans = [decoded[i] for i, _ in at if i < len(decoded)]
    return [lemma for _, lemma in at][: len(spans)], spans


def first_start(lemmas: list[str], spans: list[list[int]], wanted: set[str]) -> int | None:
    """Where the first matched word starts in the text (None: nothing matched)."""
    for lemma, s in zip(lemmas, spans, strict=False):
        if lemma in wanted and len(s) == 2:
            return s[0]
    return None


def snippet(
    text: str, lemmas: list[str], spans: list[list[int]], wanted: set[str], offset: int = 0
) -> tuple[str, list[tuple[int, int]], int | None]:
    """A window of the text around the first matched word, with every match in it
    marked. `text` is the article's text from character `offset` on: the whole of
    it, or the piece `text_piece` names (cut at the article's end, if that is first)."""
    matched = [
        (s[0], s[1]) for lemma, s in zip(lemmas, spans, strict=False) if lemma in wanted and len(s) == 2
    ]
    first = matched[0][0] if matched else 0
    lo = max(0, first - SNIPPET_BEFORE)
    if lo:  # start on a word boundary
        space = text.rfind(" ", 0, max(0, lo - offset))
        space = space + offset if space >= 0 else -1
        lo = space + 1 if space >= 0 and first - space < SNIPPET_BEFORE * 2 else lo
    end = offset + len(text)
    hi = min(end, lo + SNIPPET_CHARS)
    window = text[lo - offset : hi - offset]
    prefix = "…" if lo else ""
    suffix = "…" if hi < end else ""
    marks = [
        (start - lo + len(prefix), end_ - lo + len(prefix))
        for start, end_ in matched
        if start >= lo and end_ <= hi
    ]
    return prefix + window + suffix, marks, matched[0][0] if matched else None
