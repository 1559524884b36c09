"""JSON encoding of the records the store keeps as documents (threads, stories,
entities, novelty). Kept apart from the SQL so every backend shares it.

Membership (a thread's `article_ids`, a story's `article_ids` and `thread_ids`)
is not part of the documents: it lives in the assignments, where an add writes
one row, and the backend fills it in when it reads a record back.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from typing import Any, ParamSpec, TypeVar

import orjson

from storyline.errors import StoreError
from storyline.model import (
    Annotation,
    Article,
    Entity,
    Evidence,
    Fact,
    FactValue,
    SentenceNovelty,
    Story,
    StoryQuote,
    Thread,
    TimelineEvent,
    Token,
    _from_dict,
)


def _loads(data: bytes | str) -> Any:
    """A stored JSON document, parsed by orjson (3-4x the standard parser's speed:
    a story page decodes 150 annotations); the standard parser reads what orjson
    refuses and `json.dumps` may write (NaN, Infinity)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


P = ParamSpec("P")
R = TypeVar("R")


def stored_record(read: Callable[P, R]) -> Callable[P, R]:
    """A record that does not decode was changed outside storyline (or the disk
    lied): the user gets one line saying so, not a traceback from deep in a reader."""

    @functools.wraps(read)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return read(*args, **kwargs)
        except (ValueError, KeyError, TypeError, AttributeError, zlib.error) as exc:
            what = read.__name__.removesuffix("_from").removesuffix("_loads").strip("_")
            raise StoreError(
                f"a stored {what} record is damaged ({type(exc).__name__}: {exc}); "
                "re-ingest into a new database"
            ) from exc

    return wrapper


def dumps(obj: Any) -> str:
    if hasattr(obj, "__dataclass_fields__"):
        obj = asdict(obj)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def thread_dumps(thread: Thread) -> str:
    """A thread document without its members."""
    data = {k: v for k, v in vars(thread).items() if k != "article_ids"}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# Story fields kept as rows of `story_parts` (schema 41, `store/story_rows.py`), not in the document.
STORY_PARTS = ("timeline", "facts", "quotes")


def story_dumps(story: Story, parts_digest: str | None = None) -> str:
    """A story document without its members and its parts (emptied before `asdict`
    deep-copies them). `parts_digest`, a digest of the part rows, makes the document
    change whenever any part row does, so a reader may take the document's digest as
    the story's version (the web's page cache does)."""
    data = asdict(replace(story, article_ids=[], thread_ids=[], timeline=[], facts=[], quotes=[]))
    for name in ("article_ids", "thread_ids", *STORY_PARTS):
        del data[name]
    if parts_digest is not None:
        data["parts_digest"] = parts_digest
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@stored_record
def thread_from(data: str, article_ids: list[str]) -> Thread:
    return _from_dict(Thread, {**_loads(data), "article_ids": article_ids})


@stored_record
def entity_from(data: str) -> Entity:
    return _from_dict(Entity, _loads(data))


@stored_record
def story_from(
    data: str, article_ids: list[str], thread_ids: list[str], parts: Mapping[str, list[str]] | None = None
) -> Story:
    """A story from its document and its part rows (`parts`: part -> row texts in order;
    a document written before schema 41 carries its parts itself)."""
    raw = _loads(data)
    rows = parts or {}
    for name in STORY_PARTS:
        if name in rows or name not in raw:
            raw[name] = [_loads(r) for r in rows.get(name, ())]
    story = _from_dict(Story, {**raw, "article_ids": article_ids, "thread_ids": thread_ids})
    story.timeline = [_event_from(e) for e in raw["timeline"]]
    story.facts = [
        Fact(
            **{k: v for k, v in f.items() if k != "values"},
            values=[_from_dict(FactValue, v) for v in f["values"]],
        )
        for f in raw["facts"]
    ]
    story.quotes = [_from_dict(StoryQuote, q) for q in raw["quotes"]]
    story.summary_sentences = [_from_dict(Evidence, e) for e in raw.get("summary_sentences", [])]
    return story


@stored_record
def skeleton_from(data: str, article_ids: list[str], thread_ids: list[str]) -> Story:
    """A story from its document alone, for the story step to build on: its members,
    title, dates and entities; no timeline, facts, quotes or summary evidence (the
    step writes all four anew, so their rows are neither read nor decoded)."""
    raw = _loads(data)
    for name in (*STORY_PARTS, "summary_sentences"):
        raw.pop(name, None)
    return _from_dict(Story, {**raw, "article_ids": article_ids, "thread_ids": thread_ids})


def _event_from(raw: dict[str, Any]) -> TimelineEvent:
    event = _from_dict(TimelineEvent, raw)
    event.evidence = [_from_dict(Evidence, e) for e in raw.get("evidence", [])]
    return event


@stored_record
def meta_from(data: str) -> dict[str, Any]:
    """An article's `meta` column: a JSON object."""
    value = _loads(data)
    if not isinstance(value, dict):
        raise TypeError(f"article metadata is {type(value).__name__}, not an object")
    return value


# The `articles` columns `article_from_row` reads, in its order.
ARTICLE_COLUMNS = (
    "seq",
    "id",
    "content_hash",
    "source",
    "url",
    "title",
    "text",
    "published",
    "published_precision",
    "lang",
    "meta",
    "duplicate_of",
)


def article_from_row(row: tuple[Any, ...]) -> Article:
    """An article (without its annotation) from a row of `ARTICLE_COLUMNS`, the one
    decoding the store and the read side share."""
    return Article(
        seq=row[0],
        id=row[1],
        content_hash=row[2],
        source=row[3],
        url=row[4],
        title=row[5],
        text=row[6],
        published=row[7],
        published_precision=row[8],
        lang=row[9],
        meta=meta_from(row[10]),
        duplicate_of=row[11],
    )


@stored_record
def novelty_from(data: str) -> list[SentenceNovelty]:
    return [_from_dict(SentenceNovelty, d) for d in _loads(data)]


# ---------------------------------------------------------------- annotations
# An annotation is mostly tokens: as JSON objects they took 57 KB per bsnlp-ru
# article (1.2 GB of a 20k-article store). Stored as columns (one list per field)
# and zlib-compressed they take 9.5 KB, written in the same time (500 sampled
# articles: 0.80 ms as JSON, 0.93 ms packed; zlib level 1 / 3 / 6 / 9 gave 10.7 /
# 9.5 / 8.7 / 8.5 KB at 0.83 / 0.93 / 1.47 / 2.74 ms). Rows written before this
# (plain JSON text) still load.
_TOKEN_FIELDS = ("start", "end", "text", "lemma", "pos")
_ZLIB_LEVEL = 3


def annotation_dumps(annotation: Annotation) -> bytes:
    data = annotation.to_dict()
    tokens = data.pop("tokens")
    columns = {name: [t[name] for t in tokens] for name in _TOKEN_FIELDS}
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    # The same document as `json.dumps` of the whole with the columns last (as
    # `annotation_spans_loads` expects). The columns, four fifths of it, hold only
    # strings and ints, which orjson writes byte for byte as `json.dumps` does, 5x
    # faster (bsnlp-ru, 653 annotations: 1.06-1.13 -> 0.83-0.87 ms per dumps, the same
    # bytes); the head, with its floats (NaN, 1e+16), stays
    # with the standard encoder. `tests/store/test_codec_columns.py` compares them.
    comma = b"," if data else b""
    return zlib.compress(head[:-1] + comma + b'"token_columns":' + _columns_json(columns) + b"}", _ZLIB_LEVEL)


def _columns_json(columns: dict[str, list[Any]]) -> bytes:
    """`json.dumps(columns, ensure_ascii=False, separators=(",", ":"))`, encoded, by orjson
    where it can (a string that is not valid Unicode, a lone surrogate, goes the slow way
    and fails there as it always did)."""
    try:
        return orjson.dumps(columns)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(columns, ensure_ascii=False, separators=(",", ":")).encode()


@stored_record
def annotation_loads(stored: bytes | str, with_tokens: bool = True) -> Annotation:
    """The stored annotation; without its tokens when a reader needs only the spans
    (tokens are four fifths of the decoding time)."""
    if isinstance(stored, str):  # an annotation stored before compaction
        data = _loads(stored)
        if not with_tokens:
            data.pop("tokens", None)
        return Annotation.from_dict(data)
    data = _loads(zlib.decompress(stored))
    columns = data.pop("token_columns", None)
    annotation = Annotation.from_dict(data)
    if columns is not None and with_tokens:
        # Straight from the columns: a dict per token first doubled the decoding time.
        rows = zip(*(columns[name] for name in _TOKEN_FIELDS), strict=True)
        annotation.tokens = [Token(*row) for row in rows]
    return annotation


# The key of the token columns, which `annotation_dumps` writes last: the JSON
# before it is the whole annotation but its tokens. A JSON string escapes its
# quotes, so the first occurrence of these bytes is the key itself.
_TOKENS_KEY = b',"token_columns":'
# Compressed bytes inflated at a time while looking for the token columns (a
# bsnlp-ru annotation is ~21 KB compressed, ~84 KB inflated, four fifths tokens).
_INFLATE_STEP = 2048


@stored_record
def annotation_spans_loads(stored: bytes | str, parts: frozenset[str] | None = None) -> Annotation:
    """The stored annotation without its tokens, as `annotation_loads(with_tokens=
    False)` gives it, inflating and parsing only what precedes the token columns:
    a story page decodes 150 annotations for their quotes and sentences, and the
    tokens were four fifths of the bytes inflated and parsed (the largest story
    at 100k, 154 annotations: 127 -> 72 ms CPU). `parts` (names of the span lists,
    "sentences", "quotes", ...): only those are built, the others left empty (the
    story page's 154: 72 -> see docs/benchmarks.md)."""
    if isinstance(stored, str):
        return _only(annotation_loads(stored, with_tokens=False), parts)
    inflater = zlib.decompressobj()
    head = bytearray()
    for at in range(0, len(stored), _INFLATE_STEP):
        searched = max(0, len(head) - len(_TOKENS_KEY))
        head += inflater.decompress(stored[at : at + _INFLATE_STEP])
        cut = head.find(_TOKENS_KEY, searched)
        if cut >= 0:
            data = _loads(bytes(head[:cut]) + b"}")
            if parts is not None:
                data = {k: v for k, v in data.items() if k in parts or not isinstance(v, list)}
            return Annotation.from_dict(data)
    return _only(annotation_loads(stored, with_tokens=False), parts)  # written without token columns


def _only(annotation: Annotation, parts: frozenset[str] | None) -> Annotation:
    """The annotation with only the span lists named in `parts` (all when None)."""
    if parts is not None:
        for name in _SPAN_LISTS:
            if name not in parts:
                setattr(annotation, name, [])
    return annotation


# The annotation's lists of spans (`parts` may name any of them).
_SPAN_LISTS = ("sentences", "tokens", "entities", "dates", "quantities", "quotes", "readings")


# ---- entity links (the grouping's corpus entity ids, kept beside the annotation)
LinkRow = tuple[str, int, str]  # (kind, index in its list, entity id)


def links_of(annotation: Annotation) -> list[LinkRow]:
    """The corpus entity ids set on an annotation's mentions, figure subjects and speakers."""
    rows: list[LinkRow] = [
        ("mention", i, m.entity_id) for i, m in enumerate(annotation.entities) if m.entity_id
    ]
    rows += [
        ("quantity", i, q.subject_entity_id)
        for i, q in enumerate(annotation.quantities)
        if q.subject_entity_id
    ]
    rows += [
        ("quote", i, q.speaker_entity_id) for i, q in enumerate(annotation.quotes) if q.speaker_entity_id
    ]
    return rows


def apply_links(annotation: Annotation, rows: list[LinkRow]) -> None:
    """Set the stored links on a decoded annotation; ids it carries from elsewhere are
    cleared first (entity ids are the grouping's, and only the links are current)."""
    for m in annotation.entities:
        m.entity_id = None
    for q in annotation.quantities:
        q.subject_entity_id = None
    for quote in annotation.quotes:
        quote.speaker_entity_id = None
    for kind, index, entity_id in rows:
        # A link past its list's end would belong to another annotation; saving an
        # annotation deletes its links, so this only guards against a damaged row.
        if kind == "mention" and index < len(annotation.entities):
            annotation.entities[index].entity_id = entity_id
        elif kind == "quantity" and index < len(annotation.quantities):
            annotation.quantities[index].subject_entity_id = entity_id
        elif kind == "quote" and index < len(annotation.quotes):
            annotation.quotes[index].speaker_entity_id = entity_id
