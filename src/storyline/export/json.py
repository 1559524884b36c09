"""The JSON export, contract version 1 (`shared/contract/export-v1.md`).

The document is streamed article by article, so exporting a large corpus does
not hold every annotation in memory at once. Whatever a stage has not produced
yet is exported in the contract's neutral form: an article with no thread is a
thread and a story of its own, an unresolved entity mention gets an entity of
its own, a sentence with no novelty mark is `new`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, TextIO

from storyline.model import Article, Entity, Rejection, Story, Thread
from storyline.store.base import Store
from storyline.textid import short_hash

FORMAT = "storyline-export"
VERSION = "1"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def local_entity_id(type_: str, name: str) -> str:
    """Id of an entity known only from one mention's canonical name (before resolution)."""
    return "e-" + short_hash(f"{type_}\x00{name}")


class _Collector:
    """Builds the top-level lists that articles may have to extend."""

    def __init__(self, store: Store) -> None:
        self.entities: dict[str, Entity] = {e.id: e for e in store.entities()}
        self.threads: dict[str, Thread] = {t.id: t for t in store.threads()}
        self.stories: dict[str, Story] = {s.id: s for s in store.stories()}
        self.assignments = store.assignments()
        self.aliases = store.aliases()  # kept article id -> input ids of its exact duplicates

    def entity_for(self, type_: str, name: str, surface: str) -> str:
        entity_id = local_entity_id(type_, name)
        entity = self.entities.get(entity_id)
        if entity is None:
            entity = self.entities[entity_id] = Entity(entity_id, name or surface, type_)
        entity.mention_count += 1
        if surface != entity.name and surface not in entity.aliases:
            entity.aliases.append(surface)
        return entity_id

    def groups_for(self, article: Article) -> tuple[str, str]:
        if article.id in self.assignments:
            return self.assignments[article.id]
        thread_id, story_id = "t-" + article.id, "s-" + article.id
        self.threads[thread_id] = Thread(
            thread_id, story_id, article.title, [article.id], article.published, article.published
        )
        self.stories[story_id] = Story(
            story_id,
            article.title,
            [article.id],
            [thread_id],
            first_published=article.published,
            last_published=article.published,
        )
        return thread_id, story_id


def article_record(article: Article, store: Store, collector: _Collector) -> dict[str, Any]:
    thread_id, story_id = collector.groups_for(article)
    ann = article.annotation
    record: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "text": article.text,
        "published": article.published,
        "published_precision": article.published_precision,
        "lang": (ann.lang if ann else None) or article.lang or "und",
        "thread_id": thread_id,
        "story_id": story_id,
        "duplicate_of": article.duplicate_of,
        "also_ids": collector.aliases.get(article.id, []),
        "meta": article.meta,
        "sentences": [],
        "entities": [],
        "dates": [],
        "quantities": [],
        "quotes": [],
    }
    if ann is None:
        return record
    marks = {m.index: m for m in store.novelty(article.id)}
    for i, s in enumerate(ann.sentences):
        mark = marks.get(i)
        record["sentences"].append(
            {
                "start": s.start,
                "end": s.end,
                "kind": s.kind,
                "novelty": mark.novelty if mark else "new",
                "repeats": list(mark.repeats) if mark else [],
            }
        )
    for e in ann.entities:
        entity_id = e.entity_id or collector.entity_for(e.type, e.name, e.text)
        record["entities"].append(
            {
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "type": e.type,
                "entity_id": entity_id,
                "name": e.name,
                "role": e.role,
                "nested": e.nested,
            }
        )
    record["dates"] = [asdict(d) for d in ann.dates]
    record["quantities"] = [asdict(q) for q in ann.quantities]
    record["quotes"] = [asdict(q) for q in ann.quotes]
    return record


def iter_article_records(store: Store) -> Iterator[dict[str, Any]]:
    collector = _Collector(store)
    for article in store.iter_articles():
        yield article_record(article, store, collector)


def story_record(story: Story) -> dict[str, Any]:
    data = asdict(story)
    for event in data["timeline"]:
        event.setdefault("context", False)
    # Extra fields: `status` is `consistent` also for a figure nobody else gives, so the
    # export says how many articles give it and whether that consistency rests on one.
    for record, fact in zip(data["facts"], story.facts, strict=True):
        record["reports"] = fact.reports
        record["single_report"] = fact.single_report
    return data


def rejection_record(rejection: Rejection) -> dict[str, Any]:
    """The contract's `{input, reason}`, plus the reason's stable `code` and its `params`
    (extra fields, docs/export.md) when the store has them (schema 80 onwards)."""
    record: dict[str, Any] = {"input": rejection.input, "reason": rejection.reason}
    if rejection.code:
        record["code"] = rejection.code
        record["params"] = dict(rejection.params)
    return record


def write_json(store: Store, out: TextIO) -> int:
    """Write the whole export to `out`; returns the number of articles written."""
    collector = _Collector(store)
    out.write('{"format": "storyline-export", "version": "1",\n"articles": [')
    count = 0
    for article in store.iter_articles():
        out.write(",\n" if count else "\n")
        out.write(_dumps(article_record(article, store, collector)))
        count += 1
    out.write("\n],\n")
    sections: list[tuple[str, list[dict[str, Any]]]] = [
        ("entities", [asdict(e) for e in sorted(collector.entities.values(), key=lambda e: e.id)]),
        ("threads", [asdict(t) for t in sorted(collector.threads.values(), key=lambda t: t.id)]),
        ("stories", [story_record(s) for s in sorted(collector.stories.values(), key=lambda s: s.id)]),
        ("rejections", [rejection_record(r) for r in store.rejections()]),
        ("failures", [asdict(f) for f in store.failures()]),
    ]
    for n, (name, items) in enumerate(sections):
        out.write(f'"{name}": [')
        out.write(",\n".join(_dumps(item) for item in items))
        out.write("]" + (",\n" if n < len(sections) - 1 else "\n"))
    out.write("}\n")
    return count


def write_jsonl(store: Store, out: TextIO) -> int:
    """One contract article object per line (thread and story ids included)."""
    count = 0
    for record in iter_article_records(store):
        out.write(_dumps(record) + "\n")
        count += 1
    return count
