"""Seed articles as the story stage receives them: annotated, with corpus entity ids.

Cross-document entity resolution is another stage; here an entity's id is its
canonical name, which is all the story stage relies on (one id per referent).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyline.model import Article, Entity, Fact, Story
from storyline.story import build_story
from storyline.textid import short_hash

_HEADER = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s+")


def read_seed(path: Path, seq: int) -> Article:
    raw = path.read_text(encoding="utf-8")
    m = _HEADER.match(raw)
    published = m.group(1) if m else None
    text = raw[m.end() :] if m else raw
    precision = {4: "year", 7: "month", 10: "day"}.get(len(published or ""), "unknown")
    return Article(
        id=path.stem.split("_", 1)[1],
        text=text.strip(),
        published=published,
        published_precision=precision,  # type: ignore[arg-type]
        lang="ru",
        seq=seq,
    )


def entity_id(name: str) -> str:
    return "e-" + short_hash(name.lower(), 8)


def link_entities(articles: Sequence[Article]) -> dict[str, Entity]:
    """Give every mention a corpus id by canonical name; return the entities by id."""
    entities: dict[str, Entity] = {}
    for article in articles:
        assert article.annotation is not None
        for mention in article.annotation.entities:
            eid = entity_id(mention.name)
            mention.entity_id = eid
            ent = entities.setdefault(eid, Entity(eid, mention.name, mention.type))
            ent.mention_count += 1
        for q in article.annotation.quantities:
            if q.subject and not q.subject_entity_id:
                q.subject_entity_id = entity_id(q.subject)
        for quote in article.annotation.quotes:
            if quote.speaker and not quote.speaker_entity_id:
                quote.speaker_entity_id = entity_id(quote.speaker)
    return entities


def load_seeds(seeds_dir: Path, annotator: Any) -> tuple[Story, list[Article], dict[str, Entity]]:
    articles = [read_seed(p, i) for i, p in enumerate(sorted(seeds_dir.glob("*.txt")))]
    for article, ann in zip(articles, annotator.annotate_many(articles), strict=True):
        article.annotation = ann
    entities = link_entities(articles)
    story = Story(
        id="s-seeds",
        title="",
        article_ids=[a.id for a in articles],
        thread_ids=[],
        first_published="2022-01",
        last_published="2022-01",
    )
    return story, articles, entities


def facts_of_texts(annotator: Any, texts: Sequence[str], days: Sequence[str]) -> list[Fact]:
    """The ledger of one story made of `texts`, each a day-dated article of `days` (in order),
    annotated by the real annotator and linked by canonical name."""
    articles = []
    for n, (text, day) in enumerate(zip(texts, days, strict=True)):
        article = Article(id=f"a{n}", text=text, published=day, published_precision="day", lang="ru", seq=n)
        article.annotation = annotator.annotate_many([article])[0]
        articles.append(article)
    story = Story("s", "", [a.id for a in articles], [], first_published=min(days))
    return build_story(story, articles, link_entities(articles)).story.facts
