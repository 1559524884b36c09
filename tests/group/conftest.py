"""Helpers for grouping tests: hand-made annotations, so most tests need no NLP models."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.model import Annotation, Article, EntityMention, Token
from storyline.store import open_store
from storyline.store.base import Store

_WORD = re.compile(r"\w[\w-]*")


def make_article(
    aid: str,
    text: str,
    *,
    title: str = "",
    published: str | None = None,
    entities: list[tuple[str, str]] | None = None,
    roles: dict[str, str] | None = None,
    duplicate_of: str | None = None,
) -> Article:
    """An annotated article whose lemmas are its lowercased words (all NOUN) and whose
    entity mentions are the given (surface, type) pairs, found in the text."""
    tokens = [Token(m.start(), m.end(), m.group(), m.group().lower(), "NOUN") for m in _WORD.finditer(text)]
    mentions = []
    for surface, kind in entities or []:
        for m in re.finditer(re.escape(surface), text):
            role = (roles or {}).get(surface)
            mentions.append(EntityMention(m.start(), m.end(), surface, kind, surface, role=role))
    precision = "unknown" if not published else {4: "year", 7: "month"}.get(len(published), "day")
    ann = Annotation(lang="ru", full=True, tokens=tokens, entities=sorted(mentions, key=lambda e: e.start))
    return Article(
        id=aid,
        text=text,
        title=title,
        published=published,
        published_precision=precision,  # type: ignore[arg-type]
        content_hash=aid,
        duplicate_of=duplicate_of,
        annotation=ann,
    )


def ingest(store: Store, articles: list[Article]) -> None:
    with store.transaction():
        for a in articles:
            ann = a.annotation
            a.annotation = None
            store.add_article(a)
            a.annotation = ann
            if ann is not None:
                store.save_annotation(a.id, ann)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "group.db")
    yield s
    s.close()
