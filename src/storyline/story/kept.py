"""Story states kept by a long-lived pipeline, so that an article joining a story costs
that article, not the story.

A state is kept per story the pipeline has built, up to `KEPT_BYTES` of memory
over all states (the state cheapest to bring back per byte dropped first, aged by
how long it was not touched: `story/eviction.py`): a state holds
every sentence's features and the articles, its size estimated from its sentence
count (`BYTES_PER_SENTENCE`, measured). A dropped story that is touched again is
read back from its stored state or rebuilt, with the same result.

A big story's state is also stored (`story_states`, `story/snapshot.py`): after a
rebuild (a mid-size story's too, when the process rebuilding it is not the one that
built it first: `SNAPSHOT_AGAIN_ARTICLES`), and again once `SNAPSHOT_LAG` more articles have been folded in. A story
whose state is not in memory (a new process, or dropped) is read from there and
extended with the articles that joined since; only a story with no usable stored
state (small, from other code, or whose articles left it or were edited) is rebuilt
from its stored articles, then extended.

With `deferred` set (a pipeline inside its writer lease), a kept state due to be
stored is written when it leaves memory (dropped for the budget) or at `flush` (the
lease's end), not in the add that made it due: the state is what only a later reader
needs (this process once it has dropped the state, or another process), and writing
it was a fifth of a first meeting's CPU at 100k (stories of 112-151 articles: 0.2-0.5 s
of 1.0-2.4 s). A state over the whole budget is not kept, so it is still written in its add.
A stored state may lag its story (a process killed before `flush` leaves the older
one or none): a reader extends it by the articles since, or rebuilds, as for any
state it cannot use.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

from storyline.allocator import Trimmer
from storyline.errors import NotFoundError
from storyline.memory_report import CacheCounters
from storyline.model import Article, Entity, Story
from storyline.store.base import Store
from storyline.store.story_rows import StoryRows
from storyline.story import parallel, snapshot
from storyline.story.eviction import CostAware, Restore
from storyline.story.parallel import Rebuilt
from storyline.story.state import StoryResult, StoryState

# A story builder other than the fold (the pipeline's fault-injection tests pass one):
# called with the story's skeleton, all its articles and the entities they name.
StoryBuilder = Callable[[Story, Sequence[Article], Mapping[str, Entity]], StoryResult]

MIB = 1024 * 1024
# Bytes a kept state holds per sentence, with the articles it keeps alive (their
# annotations), as the process's RSS sees it. Measured with benchmarks/watch_memory.py
# on the watcher's 5,000-page database (real bsnlp/tgcontest/NEREL news): a pipeline
# keeping every state grew by ~24 KB per sentence folded more than one keeping none
# (~315 MB per 1,000 articles of ~13 sentences). Round 5's 12.4 KiB was tracemalloc's
# count of Python objects only, which left out the allocator's overhead and
# fragmentation, so a budget of 60,000 sentences took ~1.4 GB, not 730 MiB.
BYTES_PER_SENTENCE = 24_000
# Memory for the kept states: ~11,000 sentences, the biggest story of the 5,000-page
# run (702 articles, ~9,000 sentences) or some hundred ordinary ones. A writer holds
# the models (~350 MiB) and its grouping state besides, within the 2 GiB target of
# #14; a story that does not fit is read back from its stored state when touched.
# (Session 16 tried 384 MiB, so that bsnlp-ru's 157-article story, 11,436 sentences,
# ~270 MiB of RSS a copy, fits: at 100k, `benchmarks/pipeline_add.py --adds 16`, its
# touch then pushed the four other big states out and it was dropped itself the next
# add, the cheapest per byte to read back: 2 states kept at the end instead of 5, the
# 157-article story read back as often. Not kept.)
KEPT_BYTES = 256 * MIB
# Stories of at least this many articles have their state stored, a batch ingest's first
# builds too. A rebuild costs ~4 ms of CPU an article on a quiet machine and far more
# at 100k under load (session 15: first meetings of 100-160-article stories rebuilt in
# 0.6-11 s, 6 of 16 adds of `benchmarks/pipeline_add.py`), while reading the stored
# state is a fraction of it. Measured on bsnlp-ru's ingest (`/tmp/add/sizes.py`, one
# process, load 10-14, session 16): 150 articles rebuilt in 1.69 s of CPU, its state
# written in 0.42 s and read in 0.37 s (2.5 MB); 136 articles 0.94 / 0.33 / 0.20 s
# (2.4 MB); 157 articles (11,436 sentences) 6.52 / 2.21 / 1.16 s (13.7 MB). Below
# 200 articles a batch ingest stored none (session 10), so every later process (the
# watcher, each `storyline ingest one.jsonl`) rebuilt these stories at its first
# touch; the batch now pays the write once, on its story workers (`story.parallel`):
# bsnlp-ru's stories of 111-157 articles, ~3 s of CPU of the ingest's ~50. Below 100
# articles a rebuild is under ~0.5 s on a quiet machine and the rows would multiply.
SNAPSHOT_MIN_ARTICLES = 100
# Stories of at least this many articles have their state stored too when a process
# has to rebuild one that another process built before (its articles' novelty is
# stored): what a `storyline ingest` of one article into a mid-size story paid every
# time otherwise. (At `SNAPSHOT_MIN_ARTICLES`' size this adds nothing by default; it
# is kept for a store or a test that raises the first.) Measured on round 10's 100k
# store (benchmarks/big_store.py, bsnlp-ru stories, one process, load ~20): 136 articles rebuilt in 1.33 s of CPU, its state
# read in 0.26 s (written 0.42 s, 2.1 MiB); 150 articles 2.12 / 0.31 s; 157 articles
# 6.99 / 1.32 s (12.4 MiB); the rebuild was 1.3-1.6 s of the ~6 s of such an ingest.
SNAPSHOT_AGAIN_ARTICLES = 100
# Articles folded in after the stored state before it is written again. Writing it
# costs ~1 ms of CPU an article of the story (2,000 articles: 2.1 s at load 10), so
# every 64 adds is ~30 ms an add on average; a process that meets the story extends
# it by at most 63 articles (~5 ms each, folded in one batch) after reading it.
SNAPSHOT_LAG = 64


class StoryStates:
    """The kept states, and the story step that uses them (`build`).

    With `builder` given, every story is built by it from all its articles instead
    (nothing is kept but the rows last written); the loop around it is the same.
    `budget` is in bytes (`KEPT_BYTES`).
    """

    def __init__(
        self,
        budget: int = KEPT_BYTES,
        builder: StoryBuilder | None = None,
        snapshot_min: int = SNAPSHOT_MIN_ARTICLES,
        snapshot_lag: int = SNAPSHOT_LAG,
        snapshot_again: int = SNAPSHOT_AGAIN_ARTICLES,
        workers: int = 1,
    ) -> None:
        self.budget = budget
        self.workers = workers  # processes a batch of rebuilds may use (`story.parallel`)
        self.seen: set[str] = set()  # stories this object has built (or had built) at least once
        self.builder = builder
        self.snapshot_min = snapshot_min
        self.snapshot_again = snapshot_again
        self.met_again: set[str] = set()  # stories rebuilt here that another process built
        self.snapshot_lag = snapshot_lag
        self.stored: dict[str, int] = {}  # story id -> articles in its stored state
        self._current: StoryState | None = None  # the state `update` just used
        # Kept states due to be stored, written when dropped or at `flush` (`deferred`).
        self.deferred = False
        self.pending: set[str] = set()
        self.states: OrderedDict[str, StoryState] = OrderedDict()
        # The part rows each story's last save wrote, so the next save compares with
        # them instead of reading them back: kept with the story's state, and dropped
        # with it (the 2,000-article story's 7,456 rows are ~1.6 MB, ~60 bytes a
        # sentence against the state's ~12 KiB).
        self.written: dict[str, StoryRows] = {}
        self.rebuilt = 0  # stories built from all their articles (for tests and benchmarks)
        self.extended = 0  # stories brought up to date from their new articles only
        self.loaded = 0  # states read from the store
        self.snapshots = 0  # states written to the store
        self.evicted = 0  # states dropped to stay within the budget
        self.rebuilt_again = 0  # rebuilds of stories whose kept state had been dropped (churn)
        self.read_again = 0  # read-backs of stories whose kept state had been dropped
        self.dropped: set[str] = set()  # stories whose state was dropped and not used since
        self.churn_seconds = 0.0  # CPU of those rebuilds and read-backs
        self.eviction = CostAware()
        self.hits = 0  # stories whose state was in memory when touched
        # States built, read back or dropped free their objects in bulk: the writer gives
        # the memory back once enough churned (`storyline.allocator`, `Pipeline.__exit__`).
        self.trimmer = Trimmer()

    def clear(self) -> None:
        self.pending.clear()
        self.states.clear()
        self.written.clear()
        self.stored.clear()
        self.eviction.clear()
        self.dropped.clear()
        self.met_again.clear()

    def forget(self, story_id: str) -> None:
        self.pending.discard(story_id)
        self.met_again.discard(story_id)
        self.states.pop(story_id, None)
        self.written.pop(story_id, None)
        self.stored.pop(story_id, None)
        self.eviction.forget(story_id)
        self.dropped.discard(story_id)

    def update(self, store: Store, skeleton: Story) -> StoryResult:
        """The story's intelligence with its current articles, folding in only the new ones
        when the kept state allows it."""
        ids = list(dict.fromkeys(skeleton.article_ids))
        state = self.states.pop(skeleton.id, None)
        again = skeleton.id in self.dropped  # kept here before: what follows is the budget's cost
        started = time.process_time()
        if state is None:
            state = self._load(store, skeleton.id, ids)
            if state is not None:
                self.trimmer.churn(state_bytes(state))
            if state is not None and again:
                self.read_again += 1
                self.churn_seconds += time.process_time() - started
        else:
            self.hits += 1
        if state is not None:
            kept = state.article_ids
            if kept <= set(ids):
                new = [a for a in store.iter_articles([i for i in ids if i not in kept])]
                if state.extend(new):
                    self.extended += 1
                else:
                    state = None
            else:
                state = None  # articles left the story (a merge, a split): rebuild
        if state is None:
            started = time.process_time()
            articles: list[Article] = list(store.iter_articles(ids))
            state = StoryState.rebuild(skeleton.id, articles)
            self.trimmer.churn(state_bytes(state))
            self.stored.pop(skeleton.id, None)  # a stored state, if any, is not this one's past
            if len(articles) >= self.snapshot_again and any(store.novelty(a.id) for a in articles[:3]):
                self.met_again.add(skeleton.id)  # built by another process before
            self.rebuilt += 1
            if again:
                self.rebuilt_again += 1
                self.churn_seconds += time.process_time() - started
        entities = store.entities_by_id(state.entity_refs | set(skeleton.entity_ids))
        result = state.result(skeleton, entities)
        self._keep(skeleton.id, state)
        self._current = state
        self._trim(store)
        return result

    def _keep(self, story_id: str, state: StoryState) -> None:
        """Keep the state just used, priced by what bringing it back would cost: read
        back from its stored state (the one there, or the one `_store_state` is about to
        write) and extended by the articles since, or rebuilt."""
        self.states[story_id] = state
        self.dropped.discard(story_id)
        size = len(state.articles)
        stored = self.stored.get(story_id)
        if self._stores(story_id, size) and (stored is None or size - stored >= self.snapshot_lag):
            stored = size  # written after this update
        restore = Restore(state.sentence_count, size, stored is not None, size - (stored or 0))
        self.eviction.touched(story_id, restore)

    def _stores(self, story_id: str, size: int) -> bool:
        """Is this story's state stored (`SNAPSHOT_MIN_ARTICLES`, `SNAPSHOT_AGAIN_ARTICLES`)?"""
        return size >= self.snapshot_min or (size >= self.snapshot_again and story_id in self.met_again)

    def _load(self, store: Store, story_id: str, ids: list[str]) -> StoryState | None:
        """The story's stored state, when it was written by this code, every article it
        folded is still in the story, and none of them was edited since."""
        row = store.story_state(story_id)
        if row is None or row[0] != snapshot.FORMAT:
            return None
        try:
            state = snapshot.loads(row[2])
        except snapshot.SnapshotError:
            return None
        folded = {a.id: a.content_hash for a in state.articles}
        if state.story_id != story_id or not folded.keys() <= set(ids):
            return None
        if store.content_hashes(folded) != folded:
            return None  # an article was edited (or is gone): its steps changed
        if any(store.novelty(i) for i in ids if i not in folded):
            # Another process folded later articles (their novelty is stored) and may
            # have written figure updates into earlier articles' marks that this state
            # has not seen: every article's marks are written again with this result.
            state.changed |= set(state.marks)
        self.stored[story_id] = row[1]
        self.loaded += 1
        return state

    def _store_state(self, store: Store, story_id: str) -> None:
        """Write the state just used when the story is big and the stored one lags."""
        state, self._current = self._current, None
        if state is None or state.story_id != story_id:
            return
        size = len(state.articles)
        if not self._stores(story_id, size):
            return
        stored = self.stored.get(story_id)
        if stored is not None and size - stored < self.snapshot_lag:
            return
        if self.deferred and self.states.get(story_id) is state:
            self.pending.add(story_id)  # written when dropped, or at `flush`
            return
        self._write_state(store, story_id, state)

    def _write_state(self, store: Store, story_id: str, state: StoryState) -> None:
        store.save_story_state(story_id, snapshot.FORMAT, len(state.articles), snapshot.dumps(state))
        self.stored[story_id] = len(state.articles)
        self.snapshots += 1

    def flush(self, store: Store) -> int:
        """Write the kept states that are due (`deferred`), in one transaction; how many."""
        due = [(s, self.states[s]) for s in sorted(self.pending) if s in self.states]
        self.pending.clear()
        if due:
            with store.transaction():
                for story_id, state in due:
                    self._write_state(store, story_id, state)
        return len(due)

    def kept_bytes(self) -> int:
        """The kept states' estimated memory."""
        return sum(state_bytes(s) for s in self.states.values())

    def _drop(self, story_id: str, store: Store | None = None) -> StoryState:
        if story_id in self.pending and store is not None:  # due: written before it leaves memory
            with store.transaction():
                self._write_state(store, story_id, self.states[story_id])
        self.pending.discard(story_id)
        dropped = self.states.pop(story_id)
        self.trimmer.churn(state_bytes(dropped))
        self.written.pop(story_id, None)
        self.eviction.dropped(story_id)
        self.dropped.add(story_id)
        self.evicted += 1
        return dropped

    def counters(self) -> CacheCounters:
        """The kept states and their traffic (reads: states read back from the store)."""
        return CacheCounters(len(self.states), self.kept_bytes(), self.hits, self.loaded, self.evicted)

    def _trim(self, store: Store | None = None) -> None:
        """Drop states, the cheapest to bring back per byte first (`story/eviction.py`),
        until the rest fit in the budget; a story whose state alone is over it is not
        kept (it is read back or rebuilt), and does not push the others out first: that
        emptied the cache at each touch of such a story (at 12k articles, the stories of
        28k-35k sentences against a budget of ~11,000), so every story touched after it
        was rebuilt. A dropped state due to be stored (`pending`) is written to `store` first."""
        if self.states:
            newest = next(reversed(self.states))
            if state_bytes(self.states[newest]) > self.budget:
                self._drop(newest, store)
        total = self.kept_bytes()
        while total > self.budget and self.states:
            total -= state_bytes(self._drop(self.eviction.victim(self.states), store))

    def build_one(self, store: Store, skeleton: Story) -> StoryResult:
        """The story's intelligence: folded (`update`), or from the builder given."""
        if self.builder is None:
            return self.update(store, skeleton)
        self._current = None
        articles = list(store.iter_articles(skeleton.article_ids))
        # Only the entities this story names: not the whole table per story.
        return self.builder(skeleton, articles, store.entities_by_id(_entity_ids(skeleton, articles)))

    def build(
        self,
        store: Store,
        story_ids: Iterable[str],
        failed: Callable[[str, Exception], None],
        progress: Callable[[str, int, int], None],
    ) -> tuple[int, int]:
        """Bring the given stories up to date in the store; (built, failed). `failed` records a
        story's exception (and re-raises what must stop the run). Each story is written in
        its own transaction: its record (only the part rows that changed) and the novelty
        marks that changed."""
        ids = sorted(set(story_ids))
        if not ids:
            return 0, 0
        built = lost = 0
        progress("stories", 0, len(ids))
        skeletons: dict[str, Story] = {}
        for story_id in ids:
            try:
                skeletons[story_id] = self._skeleton(store, story_id)
            except NotFoundError:  # merged away or rolled back since it was touched
                self.forget(story_id)
                with store.transaction():
                    store.clear_failure("story", story_id)
        farm = self._farm_out(store, list(skeletons.values()))
        farmed = farm.futures if farm is not None else {}
        try:
            for n, story_id in enumerate(ids, 1):
                skeleton = skeletons.get(story_id)
                if skeleton is None:
                    continue
                try:
                    rebuilt = parallel.outcome(farmed.get(story_id))
                    result = rebuilt.result if rebuilt is not None else self.build_one(store, skeleton)
                    result.story.summary_sentences = list(result.summary_sentences)
                    with store.transaction():
                        rows = store.save_story(result.story, self.written.pop(story_id, None))
                        if story_id in self.states:  # kept as long as the story's state is
                            self.written[story_id] = rows
                        if rebuilt is not None:
                            self._store_rebuilt(store, story_id, rebuilt)
                        else:
                            self._store_state(store, story_id)
                        for article_id, marks in result.novelty.items():
                            store.save_novelty(article_id, marks)
                        store.clear_failure("story", story_id)
                    built += 1
                except Exception as exc:  # noqa: BLE001 - the story boundary
                    self.forget(story_id)
                    failed(story_id, exc)
                    lost += 1
                progress("stories", n, len(ids))
        except BaseException:
            if farm is not None:
                farm.close(failed=True)
            raise
        if farm is not None:
            farm.close()
        return built, lost

    def _skeleton(self, store: Store, story_id: str) -> Story:
        """What a story is built on. The fold (`StoryState.result`) writes the timeline,
        facts, quotes and summary evidence anew, so their stored rows are not read
        (at 100k, the whole document read back was ~4 % of an add); a `builder` is
        given the whole stored story, as before."""
        return store.get_story(story_id) if self.builder is not None else store.story_skeleton(story_id)

    def _farm_out(self, store: Store, skeletons: list[Story]) -> parallel.Rebuilds | None:
        """Rebuilds of the stories without a kept state, started on worker processes when
        there are enough of them (`story.parallel`); the rest are built here."""
        # Only first builds of stories below `parallel.PARALLEL_MAX_ARTICLES`: a worker's
        # state is not kept here, so a long-lived pipeline (the watcher) must read or build
        # a story itself the next time, and keep it. (A worker too reads a story's stored
        # state and extends it, `StoryStates.update`, before it rebuilds.)
        todo = [
            s
            for s in skeletons
            if s.id not in self.states
            and s.id not in self.seen
            and len(s.article_ids) < parallel.PARALLEL_MAX_ARTICLES
        ]
        self.seen.update(s.id for s in skeletons)
        location = parallel.reopenable(store) if self.builder is None else None
        if location is None or not parallel.worth_it(todo, self.workers):
            return None
        for s in todo:
            self.forget(s.id)
            self.rebuilt += 1
        self._current = None
        return parallel.Rebuilds(location, todo, self.workers, self.snapshot_min, self.snapshot_lag)

    def _store_rebuilt(self, store: Store, story_id: str, rebuilt: Rebuilt) -> None:
        """A worker's rebuild: its state is not kept here, only stored when the worker
        made a snapshot of it (a big story), as `_store_state` would have."""
        if rebuilt.snapshot is not None:
            store.save_story_state(story_id, snapshot.FORMAT, rebuilt.size, rebuilt.snapshot)
            self.stored[story_id] = rebuilt.size
            self.snapshots += 1


def state_bytes(state: StoryState) -> int:
    """A kept state's estimated memory (see `BYTES_PER_SENTENCE`)."""
    return state.sentence_count * BYTES_PER_SENTENCE


def _entity_ids(story: Story, articles: Sequence[Article]) -> set[str]:
    """Every entity id the story and its articles' annotations name."""
    ids = set(story.entity_ids)
    for article in articles:
        ann = article.annotation
        if ann is None:
            continue
        ids.update(m.entity_id for m in ann.entities if m.entity_id)
        ids.update(q.subject_entity_id for q in ann.quantities if q.subject_entity_id)
        ids.update(q.speaker_entity_id for q in ann.quotes if q.speaker_entity_id)
    return ids
