"""Orchestrates the stages over a store: ingest -> annotate -> group -> story.

Each step picks up exactly the work that is still pending in the store
(articles without a current annotation, annotated articles without a thread,
stories whose articles changed), so a run that was killed simply continues
where it stopped, and re-running is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from storyline.annotate import VERSION as ANNOTATION_VERSION
from storyline.model import Annotation, Article
from storyline.store.base import Store

Progress = Callable[[str, int, int], None]  # (step, done, total)

# Articles annotated per transaction: large enough to keep the pool busy,
# small enough that a kill loses little work.
ANNOTATE_BATCH = 128

# State key: the annotation version the current threads, stories and entities were
# built from. When the annotator's version changes, stored annotations are redone
# and everything grouped from the old ones is rebuilt.
GROUPED_WITH = "pipeline/grouped-with-annotation"


@dataclass
class ProcessReport:
    annotated: int = 0
    grouped: int = 0
    stories_built: int = 0
    touched_stories: set[str] = field(default_factory=set)
    reclustered: bool = False  # grouping rebuilt because the annotations changed version


def _noop(step: str, done: int, total: int) -> None:
    return None


def annotate_pending(store: Store, workers: int = 1, progress: Progress = _noop) -> int:
    """Annotate every article that has no annotation of the current version.

    One process pool serves the whole run; results are saved a batch per
    transaction, so a kill loses at most one batch of work.
    """
    from storyline.annotate.pool import DEFAULT_CHUNK, annotate_parallel

    pending = store.ids_needing_annotation(ANNOTATION_VERSION)
    if not pending:
        return 0
    # A pool is worth starting only when every worker gets at least one chunk.
    workers = max(1, min(workers, -(-len(pending) // DEFAULT_CHUNK)))

    def articles() -> Iterator[Article]:
        for i in range(0, len(pending), ANNOTATE_BATCH):
            yield from store.iter_articles(pending[i : i + ANNOTATE_BATCH], with_annotation=False)

    done = 0
    progress("annotate", 0, len(pending))
    batch: list[tuple[str, Annotation]] = []
    for item in annotate_parallel(articles(), workers=workers):
        batch.append(item)
        if len(batch) >= ANNOTATE_BATCH:
            done += _save_annotations(store, batch)
            progress("annotate", done, len(pending))
    done += _save_annotations(store, batch)
    progress("annotate", done, len(pending))
    return done


def _save_annotations(store: Store, batch: list[tuple[str, Annotation]]) -> int:
    with store.transaction():
        for article_id, annotation in batch:
            store.save_annotation(article_id, annotation)
    count = len(batch)
    batch.clear()
    return count


def group_pending(store: Store, progress: Progress = _noop) -> tuple[int, set[str]]:
    """Give every annotated, unassigned article its thread and story, in ingest order."""
    from storyline.group import Grouper

    assigned = store.assignments()
    pending = [article_id for article_id in store.article_ids() if article_id not in assigned]
    if not pending:
        return 0, set()
    grouper = Grouper(store)
    done = 0
    progress("group", 0, len(pending))
    for article in store.iter_articles(pending):
        if article.annotation is None:
            continue
        with store.transaction():
            grouper.add(article)
        done += 1
        progress("group", done, len(pending))
    return done, set(grouper.touched_stories) - set(grouper.removed_stories)


def build_stories(store: Store, story_ids: Iterable[str], progress: Progress = _noop) -> int:
    """Recompute novelty, timeline, ledger and summary of the given stories."""
    from storyline.story import build_story

    ids = sorted(set(story_ids))
    if not ids:
        return 0
    entities = {e.id: e for e in store.entities()}
    progress("stories", 0, len(ids))
    for n, story_id in enumerate(ids, 1):
        skeleton = store.get_story(story_id)
        articles: Sequence[Article] = list(store.iter_articles(skeleton.article_ids))
        result = build_story(skeleton, articles, entities)
        result.story.summary_sentences = list(result.summary_sentences)
        with store.transaction():
            store.save_story(result.story)
            for article_id, marks in result.novelty.items():
                store.save_novelty(article_id, marks)
        progress("stories", n, len(ids))
    return len(ids)


def process(store: Store, workers: int = 1, progress: Progress = _noop) -> ProcessReport:
    """Run every stage after ingest on whatever is pending.

    Threads, stories and entities grouped from annotations of an older version
    are rebuilt from the new ones (`recluster`), once every annotation is current;
    a run killed before that point rebuilds on the next run.
    """
    annotated = annotate_pending(store, workers, progress)
    if not store.assignments():
        # A first grouping is built from the current annotations: say so before it
        # starts, so a run killed halfway is not taken for an annotator upgrade.
        _mark_grouped(store)
    marker = store.get_state(GROUPED_WITH)
    if _grouped_from_old_annotations(store):
        report = recluster(store, progress)
        # Reported only when another annotator version built the grouping; without a
        # marker (a database from before markers) the rebuild is just a rebuild.
        report.reclustered = marker is not None
    else:
        report = ProcessReport()
        report.grouped, report.touched_stories = group_pending(store, progress)
        report.stories_built = build_stories(store, report.touched_stories, progress)
        _mark_grouped(store)
    report.annotated = annotated
    return report


def _grouped_from_old_annotations(store: Store) -> bool:
    if not store.assignments():
        return False
    marker = store.get_state(GROUPED_WITH)
    return marker is None or marker.decode() != ANNOTATION_VERSION


def _mark_grouped(store: Store) -> None:
    if store.ids_needing_annotation(ANNOTATION_VERSION):
        return  # some annotations are still old (never annotated, or not Russian-ready)
    with store.transaction():
        store.set_state(GROUPED_WITH, ANNOTATION_VERSION.encode())


def recluster(store: Store, progress: Progress = _noop) -> ProcessReport:
    """Rebuild threads, stories, entities and story intelligence from stored annotations."""
    from storyline.group import recluster as regroup

    with store.transaction():
        regroup(store)
    report = ProcessReport(grouped=len(store.assignments()))
    report.touched_stories = {s.id for s in store.stories()}
    report.stories_built = build_stories(store, report.touched_stories, progress)
    _mark_grouped(store)
    return report
