"""The pipeline's group step: annotated, unassigned articles given their thread and
story in ingest order, a chunk per transaction; and the grouping that follows the
annotation batch by batch (`GroupAsAnnotated`).

Functions of the `Pipeline` they are handed (`pipeline.py` keeps the methods that
call them), split from it by concern as the store's `sql_*.py` mixins are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from storyline.annotate import VERSION as ANNOTATION_VERSION
from storyline.model import Article, Failure

if TYPE_CHECKING:
    from storyline.group import Grouper
    from storyline.pipeline import Pipeline

# Articles grouped per transaction (each a savepoint inside it, so one that fails
# costs only itself). Calibration: see docs/benchmarks.md, "Grouping commits".
GROUP_BATCH = 64


@dataclass
class Grouped:
    """What one grouping call did."""

    grouped: int = 0
    failed: int = 0
    touched: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)  # merged into another story meanwhile
    relinked: set[str] = field(default_factory=set)  # earlier articles' entity ids renamed

    def take(self, grouper: Grouper) -> None:
        """Move the grouper's record of touched, removed and relinked stories here."""
        self.touched |= grouper.touched_stories
        self.removed |= grouper.removed_stories
        self.relinked |= grouper.relinked_stories
        grouper.touched_stories.clear()
        grouper.removed_stories.clear()
        grouper.relinked_stories.clear()

    def add(self, other: Grouped) -> None:
        self.grouped += other.grouped
        self.failed += other.failed
        self.touched |= other.touched
        self.removed |= other.removed
        self.relinked |= other.relinked


class GroupAsAnnotated:
    """Groups articles while later ones are still being annotated.

    The order is the one a run that annotated everything first would use: the
    unassigned articles in ingest order, each grouped once every article before it
    that was waiting for annotation has its result saved (annotated or failed).
    The grouping is therefore identical to the sequential one.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        store = pipeline.store
        skip = pipeline._failed_here("annotate")
        self.waiting = {i for i in store.ids_needing_annotation(ANNOTATION_VERSION) if i not in skip}
        self.order = store.ids_without_assignment()
        self.next = 0
        self.fresh: dict[str, Article] = {}  # saved, not grouped yet
        self.result = Grouped()

    def settle(self, ids: Sequence[str], fresh: Mapping[str, Article] | None = None) -> None:
        """These articles' annotations are saved (`fresh`: the saved articles, annotation
        attached): group every article now ready."""
        self.waiting.difference_update(ids)
        self.fresh.update(fresh or {})
        end = self.next
        while end < len(self.order) and self.order[end] not in self.waiting:
            end += 1
        if end > self.next:
            ready, self.next = self.order[self.next : end], end
            known = {i: self.fresh.pop(i) for i in ready if i in self.fresh}
            self.result.add(self.pipeline.group_articles(ready, known))

    def finish(self) -> tuple[int, set[str], int]:
        r = self.result
        return r.grouped, r.touched - r.removed, r.failed


def group_articles(
    pipeline: Pipeline, ids: Sequence[str] | None = None, known: Mapping[str, Article] | None = None
) -> Grouped:
    """`group_pending`, with the stories merged away kept apart (a caller that groups
    in several calls subtracts them once, at the end). Articles in `known` are taken
    as given (just annotated and saved: reading them back would only decode them)."""
    store = pipeline.store
    skip = pipeline._failed_here("group")
    pending = [i for i in (store.ids_without_assignment() if ids is None else ids) if i not in skip]
    result = Grouped()
    if not pending:
        return result
    pipeline.progress("group", 0, len(pending))
    articles = _articles(pipeline, pending, known or {})
    while chunk := list(islice(articles, GROUP_BATCH)):
        try:
            with store.transaction():  # one commit per chunk
                if not _group_batch(pipeline, chunk, result, len(pending)):
                    for article in chunk:  # an article failed: each alone, in its own savepoint
                        _group_one(pipeline, article, result)
                        pipeline.progress("group", result.grouped + result.failed, len(pending))
                _note_unbuilt(pipeline, result)
        except BaseException:
            # A fatal error rolled the chunk back; the grouper's memory still has it.
            pipeline.forget_grouping_state()
            raise
    if pipeline._grouper is not None:
        result.take(pipeline._grouper)
    for story_id in result.relinked:
        # An entity merge renamed links of articles already folded into these stories
        # (their stored states went in the same transaction): rebuild them.
        pipeline._story_states.forget(story_id)
    return result


def _note_unbuilt(pipeline: Pipeline, result: Grouped) -> None:
    """Remember, in the grouping's own transaction, which stories it touched: a run
    killed before building them leaves them to the next run."""
    touched = result.touched | (pipeline._grouper.touched_stories if pipeline._grouper is not None else set())
    pipeline.store.note_unbuilt_stories(touched)


def _group_batch(pipeline: Pipeline, chunk: list[Article], result: Grouped, total: int) -> bool:
    """The chunk's adds in one savepoint; False (all rolled back, memory dropped) if
    one of them raised a non-fatal error, for the caller to redo one by one.

    A savepoint per article cost its SAVEPOINT/RELEASE pair and the transaction
    bookkeeping around it on every add (1.0 % of an ingest's CPU in round 8's
    profile); a failure is rare, and redoing its chunk costs one chunk's grouping."""
    grouper = pipeline.grouper
    grouped = result.grouped
    try:
        with pipeline.store.transaction():
            for article in chunk:
                if article.annotation is None:
                    continue  # its annotation failed (recorded) or is not there yet
                grouper.add(article)
                result.grouped += 1
                pipeline.progress("group", result.grouped + result.failed, total)
            pipeline.store.clear_failures("group", [a.id for a in chunk if a.annotation is not None])
    except Exception as exc:  # noqa: BLE001 - the chunk boundary: redone article by article
        if pipeline._fatal(exc):
            raise
        result.grouped = grouped
        result.take(grouper)  # what the rolled-back adds touched is rebuilt: harmless, as in `_group_one`
        pipeline.forget_grouping_state()
        return False
    return True


def _group_one(pipeline: Pipeline, article: Article, result: Grouped) -> None:
    if article.annotation is None:
        return  # its annotation failed (recorded) or is not there yet
    grouper = pipeline.grouper
    try:
        with pipeline.store.transaction():
            grouper.add(article)
            pipeline.store.clear_failure("group", article.id)
        result.grouped += 1
    except Exception as exc:  # noqa: BLE001 - the article boundary
        if pipeline._fatal(exc):
            raise
        # The savepoint rolled back; the grouper's memory did not: reload it.
        result.take(grouper)
        pipeline.forget_grouping_state()
        with pipeline.store.transaction():
            pipeline._record(Failure.of("group", article.id, exc))
        result.failed += 1


def _articles(pipeline: Pipeline, ids: list[str], known: Mapping[str, Article]) -> Iterator[Article]:
    """The articles of `ids` in that order, those in `known` without a store read."""
    if not known:
        yield from pipeline.store.iter_articles(ids)
        return
    stored = {a.id: a for a in pipeline.store.iter_articles([i for i in ids if i not in known])}
    for article_id in ids:
        article = known.get(article_id) or stored.get(article_id)
        if article is not None:
            yield article
