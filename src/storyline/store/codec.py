"""JSON encoding of the records the store keeps as documents (threads, stories,
entities, novelty). Kept apart from the SQL so every backend shares it.

Membership (a thread's `article_ids`, a story's `article_ids` and `thread_ids`)
is not part of the documents: it lives in the assignments, where an add writes
one row, and the backend fills it in when it reads a record back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import Any

from storyline.model import (
    Entity,
    Evidence,
    Fact,
    FactValue,
    SentenceNovelty,
    Story,
    StoryQuote,
    Thread,
    TimelineEvent,
    _from_dict,
)


def dumps(obj: Any) -> str:
    if hasattr(obj, "__dataclass_fields__"):
        obj = asdict(obj)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def thread_dumps(thread: Thread) -> str:
    """A thread document without its members."""
    data = {k: v for k, v in vars(thread).items() if k != "article_ids"}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def story_dumps(story: Story) -> str:
    """A story document without its members (emptied before `asdict` deep-copies them)."""
    data = asdict(replace(story, article_ids=[], thread_ids=[]))
    del data["article_ids"], data["thread_ids"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def thread_from(data: str, article_ids: list[str]) -> Thread:
    return _from_dict(Thread, {**json.loads(data), "article_ids": article_ids})


def entity_from(data: str) -> Entity:
    return _from_dict(Entity, json.loads(data))


def story_from(data: str, article_ids: list[str], thread_ids: list[str]) -> Story:
    raw = json.loads(data)
    story = _from_dict(Story, {**raw, "article_ids": article_ids, "thread_ids": thread_ids})
    story.timeline = [
        _event_from(e) for e in raw.get("timeline", [])
    ]
    story.facts = [
        Fact(
            **{k: v for k, v in f.items() if k != "values"},
            values=[_from_dict(FactValue, v) for v in f["values"]],
        )
        for f in raw.get("facts", [])
    ]
    story.quotes = [_from_dict(StoryQuote, q) for q in raw.get("quotes", [])]
    story.summary_sentences = [_from_dict(Evidence, e) for e in raw.get("summary_sentences", [])]
    return story


def _event_from(raw: dict[str, Any]) -> TimelineEvent:
    event = _from_dict(TimelineEvent, raw)
    event.evidence = [_from_dict(Evidence, e) for e in raw.get("evidence", [])]
    return event


def novelty_from(data: str) -> list[SentenceNovelty]:
    return [_from_dict(SentenceNovelty, d) for d in json.loads(data)]
