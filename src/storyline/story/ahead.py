"""Story intelligence folded on worker processes while the grouping goes on.

A first ingest used to build every story after the last article was grouped:
15 stories of bsnlp-ru took ~80 s of CPU on two story workers under load 12-16
while the writer waited, after an annotation stream in which the writer was the
busiest process. A story's fold is exact whatever batches its articles come in
(`StoryState.extend` folds late arrivals at their reading place; fold equals
rebuild, `benchmarks/fold_check.py`), so the fold can follow the grouping: after
each grouping commit the writer sends the ids of the stories it touched to
`shards` single-process pools (a story always to the same one, which keeps its
state), and each folds in the articles its story gained, reading the committed
store on its own read-only connection. At the end the writer asks each story's
shard for its result (`finish`, the same shape as `parallel.Rebuilds`), and what
is left is the last batch's fold and the results.

Nothing is written by the workers and nothing they keep outlives the run: a
prefold that raises drops that story's state (its final build starts again), a
dead worker makes the writer build the story itself (`parallel.outcome`), and a
killed run leaves its stories unbuilt in the store for the next run, as before.
Entity merges that renamed links of articles already folded (`relinked`) drop
those states before the next fold, as the writer's own `StoryStates` does.
"""

from __future__ import annotations

import multiprocessing
import os
import zlib
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor

from storyline.errors import NotFoundError
from storyline.forking import stop_pool, worker_signals
from storyline.model import Article, Story
from storyline.store.base import Store
from storyline.story import snapshot
from storyline.story.order import reading_key
from storyline.story.parallel import Rebuilt
from storyline.story.state import StoryState

# Articles a run must have pending before stories are folded ahead: below it the
# workers' fork and connection (~0.1-0.2 s) outweigh a tail of ~4 ms an article
# (the same break-even as `parallel.PARALLEL_MIN_ARTICLES`).
AHEAD_MIN_ARTICLES = 100

# Fold requests a shard may have queued before the writer holds new ones back and
# sends them together: a shard that lags folds one batch of articles per story
# instead of one per grouping commit (fewer late arrivals folded again).
QUEUED_FOLDS = 1

# Bytes of states a shard keeps (`kept.state_bytes`): past it the least recently
# folded stories are dropped and built whole at the end. 256 MiB over two shards
# holds ~11,000 sentences, bsnlp-ru's 653 articles twice over.
SHARD_BYTES = 128 * 1024 * 1024
BYTES_PER_SENTENCE = 24_000  # as `kept.BYTES_PER_SENTENCE` (measured there)

# A batch is folded ahead only while the articles it rolls back (those after its
# earliest article in reading order, folded again) are at most this many times the
# articles it adds. Past it the story is left to one build at the end: bsnlp-ru's
# brexit and nord_stream topics are in nearly reverse date order in the file, and
# folding every batch at its place cost 25.3 s of story CPU against 10.9 s for one
# build of each story (load 18-22), where in-order stories (covid-19,
# us_election_2020) fold with no refold at all.
REFOLD_RATIO = 1.0

_store: Store | None = None  # the worker's read-only store
_states: OrderedDict[str, StoryState] = OrderedDict()  # the worker's folded stories, oldest first
_unordered: set[str] = set()  # stories whose articles came too far out of order: built at the end
_budget = SHARD_BYTES


def _init(parent: int, location: str, budget: int) -> None:
    global _store, _budget
    worker_signals(parent)
    from storyline.store import open_store

    _store = open_store(location, readonly=True)
    _budget = budget
    _states.clear()
    _unordered.clear()


def _fold_one(skeleton: Story) -> StoryState:
    """The story's state with the skeleton's articles: the kept one extended by the
    articles it lacks, or (none kept, articles left the story, or the extension
    raised) built whole, which raises what the story's own build raises."""
    assert _store is not None, "worker not initialised"
    ids = list(dict.fromkeys(skeleton.article_ids))
    state = _states.pop(skeleton.id, None)
    if state is not None:
        kept = state.article_ids
        try:
            if not kept <= set(ids):
                state = None  # a merge or a split took articles away: rebuild
            elif not state.extend(list(_store.iter_articles([i for i in ids if i not in kept]))):
                state = None
        except Exception:  # noqa: BLE001 - a fold may be left half done: build it whole (raises if it must)
            state = None
    if state is None:
        state = StoryState.rebuild(skeleton.id, list(_store.iter_articles(ids)))
    return state


def _trim() -> None:
    total = sum(s.sentence_count for s in _states.values()) * BYTES_PER_SENTENCE
    while total > _budget and _states:
        _, dropped = _states.popitem(last=False)
        total -= dropped.sentence_count * BYTES_PER_SENTENCE


def _out_of_order(state: StoryState, new: Sequence[Article]) -> bool:
    """Would folding these new articles now fold too many folded ones again?"""
    if not new:
        return False
    refolded = len(state.keys) - bisect_left(state.keys, min(reading_key(a) for a in new))
    return refolded > REFOLD_RATIO * len(new)


def _fold_ahead(skeleton: Story) -> StoryState | None:
    """`_fold_one` for a fold ahead: None (and the story left to its final build) when
    its new articles would fold too many of its folded ones again."""
    assert _store is not None, "worker not initialised"
    state = _states.get(skeleton.id)
    if state is None or not state.article_ids <= set(skeleton.article_ids):
        return _fold_one(skeleton)
    new = list(
        _store.iter_articles([i for i in dict.fromkeys(skeleton.article_ids) if i not in state.article_ids])
    )
    if _out_of_order(state, new):
        return None
    del _states[skeleton.id]
    if not state.extend(new):
        return _fold_one(skeleton)
    return state


def _fold(story_ids: list[str], forget: list[str]) -> list[str]:
    """Fold the stories' new articles (as committed now); returns the ids of the stories
    kept. A story merged away is dropped; one whose fold raises is dropped too, so its
    final build starts from its articles and raises there if it must; one whose
    articles come too far out of reading order is left to its final build."""
    assert _store is not None, "worker not initialised"
    for story_id in forget:
        _states.pop(story_id, None)
    for story_id in story_ids:
        if story_id in _unordered:
            continue
        try:
            state = _fold_ahead(_store.get_story(story_id))
            if state is None:
                _unordered.add(story_id)
                _states.pop(story_id, None)
                continue
            _states[story_id] = state
        except NotFoundError:
            _states.pop(story_id, None)
        except Exception:  # noqa: BLE001 - only a head start: the final build reports it
            _states.pop(story_id, None)
        _trim()
    return list(_states)


def _final(skeleton: Story, snapshot_min: int) -> Rebuilt:
    """The story's result from its fold, as `parallel._rebuild` gives it from a rebuild."""
    assert _store is not None, "worker not initialised"
    state = _fold_one(skeleton)  # taken out of the kept states: built once, sent, forgotten
    entities = _store.entities_by_id(state.entity_refs | set(skeleton.entity_ids))
    result = state.result(skeleton, entities)
    size = len(state.articles)
    return Rebuilt(result, size, snapshot.dumps(state) if size >= snapshot_min else None)


class Finals:
    """The final builds `finish` started; `futures` by story id, as `parallel.Rebuilds`."""

    def __init__(self, ahead: Ahead, futures: dict[str, Future[Rebuilt]]) -> None:
        self.ahead = ahead
        self.futures = futures

    def close(self, failed: bool = False) -> None:
        self.ahead.close(failed)


class Ahead:
    """`shards` single-process pools folding stories as the writer groups articles.
    `touched` after each grouping commit; `finish` at the story step; `close` always."""

    def __init__(self, location: str, shards: int, budget: int = 2 * SHARD_BYTES) -> None:
        context = multiprocessing.get_context("fork")
        self.pools: list[ProcessPoolExecutor] = []
        self.queued: list[list[Future[list[str]]]] = []
        self.held: list[tuple[set[str], set[str]]] = []  # per shard: (stories, forget) not sent yet
        self.closed = False
        try:
            for _ in range(max(1, shards)):
                self.pools.append(
                    ProcessPoolExecutor(
                        max_workers=1,
                        mp_context=context,
                        initializer=_init,
                        initargs=(os.getpid(), location, budget // max(1, shards)),
                    )
                )
                self.queued.append([])
                self.held.append((set(), set()))
        except BaseException:
            self.close(failed=True)
            raise

    def shard(self, story_id: str) -> int:
        return zlib.crc32(story_id.encode()) % len(self.pools)

    def touched(self, story_ids: Iterable[str], relinked: Iterable[str] = ()) -> None:
        """These stories gained articles (committed); those in `relinked` had earlier
        articles' entity links renamed: their states are dropped first."""
        forget = set(relinked)
        for story_id in story_ids:
            self.held[self.shard(story_id)][0].add(story_id)
        for shard in range(len(self.pools)):
            self.held[shard][1].update(forget)
            self._send(shard, wait=False)

    def _send(self, shard: int, wait: bool) -> None:
        queued = [f for f in self.queued[shard] if not f.done()]
        self.queued[shard] = queued
        stories, forget = self.held[shard]
        if not (stories or forget) or (len(queued) >= QUEUED_FOLDS and not wait):
            return
        self.held[shard] = (set(), set())
        try:
            queued.append(self.pools[shard].submit(_fold, sorted(stories), sorted(forget)))
        except BrokenExecutor:  # the worker died: `finish` leaves its stories to the writer
            pass

    def kept(self) -> list[set[str]]:
        """Per shard, the stories it keeps a fold of, once its queued folds are done."""
        kept: list[set[str]] = []
        for queued in self.queued:
            ids: set[str] = set()
            for future in queued[-1:]:
                try:
                    ids = set(future.result())
                except BrokenExecutor:
                    pass
            kept.append(ids)
        return kept

    def finish(self, skeletons: Sequence[Story], snapshot_min: int) -> Finals:
        """Send what is held back, then ask for each story's result: from the shard that
        keeps its fold, or (none kept) from the shard with the fewest articles to build."""
        futures: dict[str, Future[Rebuilt]] = {}
        try:
            for shard in range(len(self.pools)):
                self._send(shard, wait=True)
            kept = self.kept()
            load = [0] * len(self.pools)
            for s in sorted(skeletons, key=lambda s: -len(s.article_ids)):
                home = self.shard(s.id)
                if s.id not in kept[home]:
                    home = min(range(len(load)), key=lambda i: load[i])
                    load[home] += len(s.article_ids)  # built whole there
                try:
                    futures[s.id] = self.pools[home].submit(_final, s, snapshot_min)
                except BrokenExecutor:
                    continue  # no future: the writer builds this story itself
        except BaseException:
            self.close(failed=True)
            raise
        return Finals(self, futures)

    def close(self, failed: bool = False) -> None:
        """Wait for the workers to exit; after a failure (or Ctrl-C), stop them now."""
        if self.closed:
            return
        self.closed = True
        for pool in self.pools:
            if failed:
                stop_pool(pool)
            else:
                pool.shutdown(wait=True, cancel_futures=True)
