"""Orchestrates the stages over a store: ingest -> annotate -> group -> story.

One `Pipeline` object holds what is costly to build (the annotator with its
loaded models, the grouper with its state) and is fed articles one at a time or
in batches; `storyline ingest` uses one for a run, a server or a feed watcher
keeps one alive. Each step picks up exactly the work that is still pending in
the store (articles without a current annotation, annotated articles without a
thread, stories whose articles changed), so a run that was killed simply
continues where it stopped, and re-running is a no-op.

No article can stop a run: an exception one stage raises for one article (or,
in the story stage, one story) is caught at that boundary and recorded in the
store's failures, and the run goes on. A failed item is not retried by the same
code version (it would fail the same way); a newer storyline or annotator
retries it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline import __version__, pipeline_annotate, pipeline_group
from storyline.annotate import VERSION as ANNOTATION_VERSION
from storyline.errors import StorylineError
from storyline.model import Annotation, Article, Failure
from storyline.pipeline_annotate import ANNOTATE_BATCH as ANNOTATE_BATCH  # the steps' batch sizes, as before
from storyline.pipeline_annotate import OnSaved
from storyline.pipeline_group import GROUP_BATCH as GROUP_BATCH
from storyline.pipeline_group import GroupAsAnnotated, Grouped
from storyline.store.base import Store
from storyline.store.lease import DEFAULT_TTL, DEFAULT_WAIT, WriterLease

if TYPE_CHECKING:
    from storyline.annotate import Annotator
    from storyline.annotate.pool import Encoding
    from storyline.group import Embedder, Grouper
    from storyline.ingest.writer import IngestReport
    from storyline.memory_report import MemoryReport
    from storyline.story.kept import StoryBuilder

Progress = Callable[[str, int, int], None]  # (step, done, total)

# State key: the annotation version the current threads, stories and entities were
# built from. When the annotator's version changes, stored annotations are redone
# and everything grouped from the old ones is rebuilt.
GROUPED_WITH = "pipeline/grouped-with-annotation"

# State key: the mark of the pipeline that last held the writer lease (random, one per
# Pipeline object). A pipeline that finds its own mark there on entering knows that no
# other writer has held the lease since it left, so its grouping and story state are
# still the store's: a watcher or a server, which take the lease per poll or per
# article, then extend stories instead of rebuilding them every time.
LAST_WRITER = "pipeline/last-writer"

# What a failure was recorded by: a run of any other storyline or annotator retries it.
CODE_VERSION = f"storyline {__version__}, annotator {ANNOTATION_VERSION}"

STAGES = ("annotate", "group", "story")


@dataclass
class ProcessReport:
    annotated: int = 0
    grouped: int = 0
    stories_built: int = 0
    failed: int = 0  # items a stage could not process in this run (recorded in failures)
    touched_stories: set[str] = field(default_factory=set)
    reclustered: bool = False  # grouping rebuilt because the annotations changed version


def _noop(step: str, done: int, total: int) -> None:
    return None


class Pipeline:
    """The stages over one store, with their models and state kept between calls.

    `annotator` may be given (tests inject one that fails on purpose); otherwise
    the default annotator is built on first use; `dask` sends annotation to the
    Dask cluster at that address instead of the local pool; `grouper_factory` and
    `story_builder` replace the grouping and story stages the same way. `owner` names the writer: inside
    a with-block the pipeline holds the store's writer lease under that name,
    waiting up to `wait` seconds for another writer to finish.
    """

    def __init__(
        self,
        store: Store,
        *,
        annotator: Annotator | None = None,
        workers: int = 1,
        dask: str | None = None,
        embedder: Embedder | None = None,
        grouper_factory: Callable[[Store, Embedder | None], Grouper] | None = None,
        story_builder: StoryBuilder | None = None,
        progress: Progress = _noop,
        owner: str = "storyline",
        wait: float = DEFAULT_WAIT,
        ttl: float = DEFAULT_TTL,
        refuse_upgrade: bool = False,
    ) -> None:
        """`refuse_upgrade`: `process` raises `UpgradeNeededError` instead of redoing a
        store annotated by another annotator version (a watcher, a server)."""
        self.store = store
        self.refuse_upgrade = refuse_upgrade
        self.annotator = annotator
        self.workers = max(1, workers)
        self.dask = dask  # a Dask scheduler's address: annotate on that cluster instead
        self.embedder = embedder
        self.grouper_factory = grouper_factory
        self.story_builder = story_builder
        self.progress = progress
        self.lease = WriterLease(store, owner, wait=wait, ttl=ttl)
        self._grouper: Grouper | None = None
        from storyline.story.kept import StoryStates

        self._story_states = StoryStates(builder=story_builder, workers=self.workers)
        self._mark = uuid.uuid4().hex.encode()
        self._marked = False  # the store holds this pipeline's mark as the last writer

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Pipeline:
        self.lease.acquire()
        try:
            self._marked = self.store.get_state(LAST_WRITER) == self._mark
        except BaseException:
            self.lease.release()
            raise
        if not self._marked:
            # Another writer may have grouped articles while this one did not hold the
            # lease: the grouping state is read again (lazily, so this costs little).
            self.forget_grouping_state()
        # Story states due to be stored are written at the lease's end (or when dropped),
        # not inside the add that made them due (`story.kept`).
        self._story_states.deferred = True
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self._story_states.deferred = False
        try:
            if exc_type is not None:
                self.forget_grouping_state()  # a write may have been rolled back under it
            else:
                self.flush_story_states()
            if exc_type is None and not self._marked:
                try:
                    with self.store.transaction():
                        self.store.set_state(LAST_WRITER, self._mark)
                except Exception:  # noqa: BLE001 - without the mark the next entry only reloads
                    self.forget_grouping_state()
        finally:
            self.lease.release()
        if exc_type is None:  # the lease's story states freed in bulk: back to the system
            self._story_states.trimmer.maybe_trim()

    @property
    def grouper(self) -> Grouper:
        """The grouping state, loaded on first use and kept for later articles."""
        if self._grouper is None:
            from storyline.group import Grouper

            factory = self.grouper_factory or Grouper
            self._grouper = factory(self.store, self.embedder)
        return self._grouper

    def memory(self) -> MemoryReport:
        """RSS and the bounded caches' counters (`storyline watch` logs it after each poll)."""
        from storyline.memory_report import CacheCounters, MemoryReport, peak_mib, rss_mib

        grouper = self._grouper
        states = self._story_states
        return MemoryReport(
            rss_mib=rss_mib(),
            peak_mib=peak_mib(),
            stories=states.counters(),
            stories_rebuilt=states.rebuilt,
            stories_again=states.rebuilt_again + states.read_again,
            stories_again_cpu=states.churn_seconds,
            trims=states.trimmer.trims,
            trim_cpu=states.trimmer.seconds,
            given_back_mib=states.trimmer.given_back,
            threads=grouper.threads.counters() if grouper is not None else CacheCounters(),
            story_profiles=grouper.stories.counters() if grouper is not None else CacheCounters(),
        )

    def flush_story_states(self) -> int:
        """Store the kept story states that are due (written at the lease's end, not in
        the adds: `story.kept`); how many. A failed write leaves the stored state older
        (a later reader extends or rebuilds it): it never fails the run."""
        try:
            return self._story_states.flush(self.store)
        except Exception as exc:  # noqa: BLE001 - a state is a cache of what is committed
            if isinstance(exc, MemoryError):
                raise
            return 0

    def forget_grouping_state(self) -> None:
        """Drop the in-memory grouping and story state (after a rollback or a rebuild left it stale)."""
        self._grouper = None
        self._story_states.clear()

    # ------------------------------------------------------------------ feeding
    def ingest(
        self,
        sources: Sequence[str],
        max_bytes: int = 1_000_000,
        fetch: Callable[[str], bytes] | None = None,
        feed_deadline: float | None = None,
    ) -> IngestReport:
        """Read sources into the store (see `storyline.ingest.ingest`: `fetch` gets feeds
        and pages, `feed_deadline` bounds one feed's pages); nothing is processed yet."""
        from storyline.ingest import ingest

        return ingest(
            self.store,
            sources,
            max_bytes=max_bytes,
            on_progress=lambda n: self.progress("ingest", n, n),
            fetch=fetch,
            feed_deadline=feed_deadline,
        )

    def add(self, articles: Article | Iterable[Article]) -> ProcessReport:
        """Store articles (one or a batch) and process everything pending.

        An article that did not come through ingest's normaliser (no content hash: built
        by hand) goes through it here, so it is cleaned and hashed like any input, or
        recorded as a rejection with its reason. Without a hash it would have matched
        every other unhashed article as an exact duplicate and been lost."""
        from storyline.config import DEFAULT_MAX_BYTES
        from storyline.ingest.normalise import normalise
        from storyline.ingest.records import RawRecord
        from storyline.ingest.writer import BatchWriter, IngestReport

        batch = [articles] if isinstance(articles, Article) else list(articles)
        writer = BatchWriter(self.store, IngestReport(), len(batch) or 1, None)
        for article in batch:
            if article.content_hash:
                writer.add(article.id, article)
                continue
            fields = {
                **article.meta,
                "id": article.id,
                "text": article.text,
                "title": article.title,
                "published": article.published,
                "source": article.source,
                "url": article.url,
                "lang": article.lang,
            }
            writer.add(article.id, normalise(RawRecord(f"article {article.id}", fields), DEFAULT_MAX_BYTES))
        writer.flush()
        return self.process()

    # ------------------------------------------------------------------ stages
    def process(self) -> ProcessReport:
        """Run every stage after ingest on whatever is pending.

        While the grouping is built from current annotations, articles are grouped
        as their annotations arrive (the workers annotate the next batches meanwhile),
        in the order a run that annotated everything first would group them.
        Threads, stories and entities grouped from annotations of an older version
        are rebuilt from the new ones (`recluster`), once every annotation is current;
        a run killed before that point rebuilds on the next run.
        """
        self.require_current()
        streaming = None
        if not self._grouped_from_old_annotations():
            if not self.store.count_assignments():
                # A first grouping is built from the current annotations: say so before it
                # starts, so a run killed halfway is not taken for an annotator upgrade.
                with self.store.transaction():
                    self.store.set_state(GROUPED_WITH, ANNOTATION_VERSION.encode())
            streaming = GroupAsAnnotated(self)
        annotated, annotate_failed = self.annotate_pending(on_saved=streaming.settle if streaming else None)
        marker = self.store.get_state(GROUPED_WITH)
        if streaming is None and self._grouped_from_old_annotations():
            report = self.recluster()
            # Reported only when another annotator version built the grouping; without a
            # marker (a database from before markers) the rebuild is just a rebuild.
            report.reclustered = marker is not None
        else:
            report = ProcessReport()
            if streaming is not None:
                streaming.settle([])
                grouped, touched, group_failed = streaming.finish()
            else:
                grouped, touched, group_failed = 0, set(), 0
            more, more_touched, more_failed = self.group_pending()  # anything the stream did not cover
            report.grouped, report.touched_stories = grouped + more, touched | more_touched
            report.touched_stories |= self._stories_to_retry() | self._stories_left_unbuilt()
            report.stories_built, story_failed = self.build_stories(report.touched_stories)
            report.failed = group_failed + more_failed + story_failed
            self._mark_grouped()
        report.annotated = annotated
        report.failed += annotate_failed
        return report

    def require_current(self) -> None:
        """With `refuse_upgrade`, raise `UpgradeNeededError` (one line: versions, articles,
        time, what to run) when processing would redo the stored annotations."""
        if self.refuse_upgrade:
            from storyline.upgrade import OTHER_WAYS, require_current

            require_current(self.store, OTHER_WAYS)

    def annotate_pending(self, on_saved: OnSaved | None = None) -> tuple[int, int]:
        """Annotate every article without an annotation of the current version;
        (annotated, failed). One process pool serves the whole run; results are
        saved a batch per transaction, so a kill loses at most one batch of work.
        `on_saved` is told the ids of each saved batch (annotated or failed), in
        ingest order, with the articles saved (annotation attached), while the
        pool goes on with the next batches (`pipeline_annotate.py`)."""
        return pipeline_annotate.annotate_pending(self, on_saved)

    def _save_annotations(
        self, batch: list[tuple[str, Annotation | Failure]], encoding: Encoding | None = None
    ) -> tuple[list[str], int]:
        """Store a batch of results in one transaction; (ids saved, failures recorded)."""
        return pipeline_annotate.save_annotations(self, batch, encoding)

    def group_pending(self, ids: Sequence[str] | None = None) -> tuple[int, set[str], int]:
        """Give every annotated, unassigned article (of `ids`, default all) its thread
        and story, in ingest order; (grouped, stories touched, failed)."""
        result = self.group_articles(ids)
        return result.grouped, result.touched - result.removed, result.failed

    def group_articles(
        self, ids: Sequence[str] | None = None, known: Mapping[str, Article] | None = None
    ) -> Grouped:
        """`group_pending`, with the stories merged away kept apart (a caller that groups
        in several calls subtracts them once, at the end). Articles in `known` are taken
        as given (just annotated and saved: reading them back would only decode them);
        `pipeline_group.py`."""
        return pipeline_group.group_articles(self, ids, known)

    def _stories_left_unbuilt(self) -> set[str]:
        return set(self.store.unbuilt_stories())

    def build_stories(self, story_ids: Iterable[str]) -> tuple[int, int]:
        """Bring novelty, timeline, ledger and summary of the given stories up to date; (built, failed).

        With the default builder a story's intelligence is kept between calls
        (`StoryStates`): articles that join it are folded in, touching what they change;
        what cannot be folded in (out-of-order arrival, a story merged or split) is rebuilt.
        An injected `story_builder` builds each story from all its articles, in the same loop.
        """
        ids = sorted(set(story_ids))
        if not ids:
            return 0, 0
        counts = self._story_states.build(self.store, ids, self._story_failed, self.progress)
        with self.store.transaction():  # built, recorded as failed, or merged away: none is left over
            self.store.clear_unbuilt_stories(ids)
        return counts

    def forget_story_states(self, story_ids: Iterable[str]) -> None:
        """Drop the kept story intelligence of these stories, in memory and stored (an
        article's text changed under them): their next build is a rebuild from the stored
        articles."""
        ids = list(story_ids)
        for story_id in ids:
            self._story_states.forget(story_id)
        with self.store.transaction():
            for story_id in ids:
                self.store.delete_story_state(story_id)

    def _story_failed(self, story_id: str, exc: Exception) -> None:
        if self._fatal(exc):
            raise exc
        self._story_states.forget(story_id)
        with self.store.transaction():
            self._record(Failure.of("story", story_id, exc))

    def recluster(self) -> ProcessReport:
        """Rebuild threads, stories, entities and story intelligence from stored annotations.

        The grouping is replaced in one transaction (readers see the old one or the
        new one); each article is a savepoint inside it, so one that fails is
        recorded and the rest are grouped.
        """
        self.forget_grouping_state()
        report = ProcessReport()
        with self.store.transaction():
            self.store.clear_grouping()
            self.store.replace_entities([])
            report.grouped, _, report.failed = self.group_pending()
        self.forget_grouping_state()
        report.touched_stories = {s.id for s in self.store.stories()}
        built, failed = self.build_stories(report.touched_stories)
        report.stories_built, report.failed = built, report.failed + failed
        self._mark_grouped()
        return report

    # ------------------------------------------------------------------ helpers
    def _record(self, failure: Failure) -> None:
        failure.code_version = CODE_VERSION
        self.store.record_failure(failure)

    def _failed_here(self, stage: str) -> set[str]:
        """Items this very code version failed on already: not retried (same failure)."""
        return {f.item_id for f in self.store.failures(stage) if f.code_version == CODE_VERSION}

    def _stories_to_retry(self) -> set[str]:
        return {f.item_id for f in self.store.failures("story") if f.code_version != CODE_VERSION}

    def _fatal(self, exc: Exception) -> bool:
        """Not the item's fault: a lost lease, a broken database. These stop the run."""
        return isinstance(exc, StorylineError | MemoryError) or self.store.is_infrastructure_error(exc)

    def _grouped_from_old_annotations(self) -> bool:
        if not self.store.count_assignments():
            return False
        marker = self.store.get_state(GROUPED_WITH)
        return marker is None or marker.decode() != ANNOTATION_VERSION

    def _mark_grouped(self) -> None:
        failed = {f.item_id for f in self.store.failures("annotate")}
        if any(i not in failed for i in self.store.ids_needing_annotation(ANNOTATION_VERSION)):
            return  # some annotations are still old (never annotated, or not Russian-ready)
        with self.store.transaction():
            self.store.set_state(GROUPED_WITH, ANNOTATION_VERSION.encode())


# ---------------------------------------------------------------------- one-shot helpers
# The same steps for a caller that runs them once (tests, scripts): a fresh pipeline each.


def annotate_pending(store: Store, workers: int = 1, progress: Progress = _noop) -> int:
    return Pipeline(store, workers=workers, progress=progress).annotate_pending()[0]


def process(store: Store, workers: int = 1, progress: Progress = _noop) -> ProcessReport:
    return Pipeline(store, workers=workers, progress=progress).process()


def recluster(store: Store, progress: Progress = _noop) -> ProcessReport:
    return Pipeline(store, progress=progress).recluster()
