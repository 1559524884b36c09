"""Storing what one poll found, in one transaction: new articles (through ingest's
batch writer, so duplicates and rejections are handled as in `storyline ingest`),
edits as new versions of their article, the entries marked seen, and the
source's state. Then the pipeline processes what is pending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.ingest.writer import BatchWriter, IngestReport
from storyline.memory_report import MemoryReport
from storyline.model import Article, Rejection, SourceState
from storyline.pipeline import Pipeline
from storyline.store.base import Store
from storyline.watch.poll import PollResult
from storyline.watch.timing import Phases, StepClock
from storyline.watch.versions import EDITED_SPANS, VERSION, edited_spans, same_words


@dataclass
class Stored:
    new_ids: list[str] = field(default_factory=list)
    edited_ids: list[str] = field(default_factory=list)
    rejected: int = 0
    already_stored: int = 0  # entries whose text the store held already (an exact duplicate)
    story_ids: set[str] = field(default_factory=set)  # stories rebuilt for edits or new articles
    memory: MemoryReport | None = None  # the writer's memory after processing them (None: nothing processed)
    phases: Phases = field(default_factory=Phases)  # storing, annotating, grouping, the stories


def store_states(pipeline: Pipeline, states: Sequence[SourceState]) -> Stored:
    """Store sources' states alone (polls that found nothing else), in one transaction;
    call with the writer lease held."""
    pipeline.require_current()
    with pipeline.store.transaction():
        for state in states:
            pipeline.store.save_watch_source(state)
    return Stored()


def store_poll(
    pipeline: Pipeline, result: PollResult, now: float, states: Sequence[SourceState] = ()
) -> Stored:
    """Store one poll's outcome and process it; call with the writer lease held.
    `states` are other sources' states kept since their last poll, stored with it."""
    store = pipeline.store
    pipeline.require_current()  # nothing of the poll is stored on a store another annotator made
    stored = Stored()
    report = IngestReport()
    started = stored.phases.clock()
    with store.transaction():
        if result.rejection is not None:
            store.add_rejection(result.rejection)
            stored.rejected += 1
        writer = BatchWriter(store, report, max(1, len(result.handled)), None)
        for item in result.handled:
            if item.edit_of and isinstance(item.outcome, Article):
                if _store_edit(store, item.outcome):
                    stored.edited_ids.append(item.outcome.id)
            else:
                label = f"{result.state.feed_url} entry {item.seen.key}"
                writer.add(item.outcome.input if isinstance(item.outcome, Rejection) else label, item.outcome)
        writer.flush()
        fresh = set(report.new_ids)
        for item in result.handled:
            if isinstance(item.outcome, Article):
                item.seen.article_id = store.resolve_article_id(item.outcome.id)
                if item.seen.article_id is None:  # the writer refused it (id reused by another text)
                    stored.rejected += 1
                elif not item.edit_of and item.outcome.id not in fresh:
                    stored.already_stored += 1  # its entry now names the article kept
            else:
                item.seen.article_id = None
        stored.new_ids = list(report.new_ids)
        stored.rejected += report.rejected
        state = result.state
        state.articles += len(stored.new_ids)
        state.entries += len(result.handled)
        store.mark_seen([item.seen for item in result.handled], now)
        store.save_watch_source(state)
        for other in states:
            store.save_watch_source(other)
    stored.phases.add("store", stored.phases.clock() - started)
    if stored.new_ids or stored.edited_ids:
        started = stored.phases.clock()
        steps = StepClock(pipeline.progress, stored.phases.clock)
        pipeline.progress = steps  # noted, passed on: where processing the poll went
        try:
            _process(pipeline, stored)
        finally:
            pipeline.progress = steps.inner
        steps.into(stored.phases, started, stored.phases.clock(), before="prepare")
    return stored


def _process(pipeline: Pipeline, stored: Stored) -> None:
    store = pipeline.store
    edited_stories = {a[1] for i in stored.edited_ids if (a := store.assignment_of(i)) is not None}
    # an edited article's story was folded from its old text: it is rebuilt, not extended
    pipeline.forget_story_states(edited_stories)
    processed = pipeline.process()
    stored.story_ids |= processed.touched_stories
    rebuild = edited_stories - processed.touched_stories
    if rebuild:
        pipeline.build_stories(rebuild)
    stored.story_ids |= edited_stories
    stored.memory = pipeline.memory()


def _store_edit(store: Store, article: Article) -> bool:
    """The entry's page changed: keep the stored text as a version and store this
    one in its place, with the changed spans marked. False when only spacing or
    nothing changed."""
    current = store.get_article(article.id, with_annotation=False)
    if current.content_hash == article.content_hash or same_words(current.text, article.text):
        return False
    if store.article_id_for_hash(article.content_hash) not in (None, article.id):
        return False  # the new text is another stored article's: nothing to version
    article.meta = {**current.meta, **article.meta}
    article.meta[EDITED_SPANS] = edited_spans(current.text, article.text)
    article.meta[VERSION] = len(store.article_versions(article.id)) + 2
    store.replace_article_text(article)
    return True
