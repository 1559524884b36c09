"""Hand-built annotated articles: the story stage tested without the NLP models.

`doc()` takes sentences as plain strings; tokens are words (lemma = the word
lowercased unless `lemmas` maps it), verbs are the words listed in `verbs`,
and dates, quantities, entities and quotes are given by the substring they
cover, so a test reads like the text it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storyline.model import (
    Annotation,
    Article,
    DateMention,
    EntityMention,
    QuantityMention,
    QuoteMention,
    Sentence,
    Token,
)


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def doc(
    article_id: str,
    sentences: Sequence[str | tuple[str, str]],
    *,
    published: str | None = None,
    seq: int = 0,
    verbs: Iterable[str] = (),
    lemmas: Mapping[str, str] | None = None,
    dates: Sequence[tuple[Any, ...]] = (),
    quantities: Sequence[dict[str, Any]] = (),
    entities: Sequence[tuple[str, str, str]] = (),
    quotes: Sequence[dict[str, Any]] = (),
    duplicate_of: str | None = None,
    source: str | None = None,
) -> Article:
    """sentences: "text" or (kind, "text"); dates: (substring, value[, value_end, precision, relation, relative]),
    marking every occurrence of the substring."""
    parts: list[tuple[str, str]] = [("text", s) if isinstance(s, str) else (s[0], s[1]) for s in sentences]
    text = " ".join(p[1] for p in parts)
    sents, offset = [], 0
    for kind, s in parts:
        sents.append(Sentence(offset, offset + len(s), kind))  # type: ignore[arg-type]
        offset += len(s) + 1
    verb_set = {v.lower() for v in verbs}
    lemma_map = {k.lower(): v for k, v in (lemmas or {}).items()}
    tokens = []
    for m in re.finditer(r"\w+(?:-\w+)*|[^\w\s]", text):
        word = m.group(0)
        low = word.lower()
        pos = (
            "PUNCT"
            if not word[0].isalnum()
            else "NUM"
            if word.isdigit()
            else "VERB"
            if low in verb_set
            else "NOUN"
        )
        if word[0].isupper() and pos == "NOUN" and m.start() not in {s.start for s in sents}:
            pos = "PROPN"
        tokens.append(Token(m.start(), m.end(), word, lemma_map.get(low, low), pos))
    date_mentions = []
    for d in dates:
        rest = list(d[2:]) + [None, "day", "on", False][len(d) - 2 :]
        for m in re.finditer(re.escape(d[0]), text):  # every occurrence is a mention
            date_mentions.append(DateMention(m.start(), m.end(), d[0], d[1], *rest))
    quantity_mentions = []
    for q in quantities:
        start, end = _find(text, q["text"], q.get("after", 0))
        quantity_mentions.append(
            QuantityMention(
                start,
                end,
                q["text"],
                q.get("value"),
                q.get("value_min"),
                q.get("value_max"),
                q.get("qualifier"),
                q.get("item"),
                q.get("subject"),
                q.get("subject_entity_id"),
            )
        )
    entity_mentions = []
    for surface, etype, name in entities:
        for m in re.finditer(re.escape(surface), text):
            entity_mentions.append(
                EntityMention(m.start(), m.end(), surface, etype, name, entity_id="e:" + name)
            )
    quote_mentions = []
    for q in quotes:
        start, end = _find(text, q["text"])
        quote_mentions.append(
            QuoteMention(
                start,
                end,
                q["text"],
                q.get("kind", "direct"),
                q.get("speaker_text"),
                speaker=q.get("speaker"),
                speaker_entity_id=q.get("speaker_entity_id"),
            )
        )
    ann = Annotation(
        lang="ru",
        full=True,
        sentences=sents,
        tokens=tokens,
        entities=entity_mentions,
        dates=sorted(date_mentions, key=lambda d: d.start),
        quantities=quantity_mentions,
        quotes=quote_mentions,
    )
    precision = {4: "year", 7: "month", 10: "day"}.get(len((published or "")[:10]), "unknown")
    return Article(
        id=article_id,
        text=text,
        published=published,
        published_precision=precision,  # type: ignore[arg-type]
        seq=seq,
        annotation=ann,
        duplicate_of=duplicate_of,
        source=source,
        lang="ru",
    )
