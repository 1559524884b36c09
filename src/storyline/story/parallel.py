"""Story rebuilds on worker processes, when many stories have no kept state.

At the end of a first ingest every story is built from all its articles, one after
the other on the parent's core while the annotation workers' cores sit idle
(bsnlp-ru: 15 stories, 653 articles, ~8 s of CPU on a quiet machine). A story's
intelligence is a pure function of its skeleton, its stored articles and the
entities they name, so rebuilds can run on forked workers that read the store on
their own read-only connections; the parent, the one writer, saves the results in
the order the serial loop would. The workers keep nothing, so only a story's first
build in a pipeline goes to them, and only below `PARALLEL_MAX_ARTICLES` (a big
story's state is worth keeping): the next time
such a story changes the pipeline rebuilds it itself and keeps the state, as
before. A one-shot ingest builds each story once, so all of its rebuilds qualify.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass

from storyline.forking import stop_pool, worker_signals
from storyline.model import Story
from storyline.store.base import Store
from storyline.story import snapshot
from storyline.story.state import StoryResult

# Fewer articles than this over the stories to rebuild are done in the parent: a
# fork, a connection and the pickled results cost ~0.1-0.2 s, and a rebuild ~4 ms
# of CPU an article on a quiet machine (12 ms under load 9), so 100 articles
# (~0.4 s) is where two processes start to win back their start-up.
PARALLEL_MIN_ARTICLES = 100
# A story of this many articles is built in the parent even at its first build, and
# its state kept there: in a long-lived pipeline the next add to a big story then
# costs that article, not a read of its stored state. Below it a worker builds it
# (reading its stored state and extending it when there is one, as the parent
# would) and writes its state when it is due (`kept.SNAPSHOT_MIN_ARTICLES`). 200 is
# the size whose state every build stored before session 16 (the farm-out's limit
# then): a batch ingest's biggest stories (bsnlp-ru: 111-157 articles) stay on the
# workers' cores.
PARALLEL_MAX_ARTICLES = 200

_store: Store | None = None  # the worker's read-only store


@dataclass
class Rebuilt:
    """What a worker sends back for one story."""

    result: StoryResult
    size: int  # articles folded
    snapshot: bytes | None  # the state to store (a big story), as the serial loop would


def worth_it(skeletons: Sequence[Story], workers: int) -> bool:
    articles = sum(len(set(s.article_ids)) for s in skeletons)
    return workers > 1 and len(skeletons) > 1 and articles >= PARALLEL_MIN_ARTICLES


def reopenable(store: Store) -> str | None:
    """Where a worker can open the store read-only: an SQLite file (a URL's password
    is not in `location`), and only outside a transaction (workers must see it all)."""
    path = getattr(store, "path", None)
    depth = getattr(store, "_depth", 0)  # SQLStore's open transactions and savepoints
    if not isinstance(path, str) or not os.path.isfile(path) or depth:
        return None
    return path


def _init(parent: int, location: str) -> None:
    global _store
    worker_signals(parent)
    # Everything inherited from the parent (its grouping state, the annotator's models)
    # out of the cyclic collector's reach: a collection in the worker would otherwise
    # walk those objects and write into their headers, copying their pages from the
    # parent's. The worker's own rebuilds are collected as before.
    gc.freeze()
    from storyline.store import open_store

    _store = open_store(location, readonly=True)


def _rebuild(skeleton: Story, snapshot_min: int, snapshot_lag: int) -> Rebuilt:
    from storyline.story.kept import StoryStates

    assert _store is not None, "worker not initialised"
    # One story per call and nothing kept after it: no budget to trim to. (With the
    # parent's budget, a story whose state alone is over it was dropped before it could
    # be sent back: bsnlp-ru's largest story failed with a KeyError.)
    states = StoryStates(budget=sys.maxsize, snapshot_min=snapshot_min, snapshot_lag=snapshot_lag)
    result = states.update(_store, skeleton)
    state = states.states[skeleton.id]
    size, stored = len(state.articles), states.stored.get(skeleton.id)
    blob = None
    if size >= snapshot_min and (stored is None or size - stored >= snapshot_lag):
        blob = snapshot.dumps(state)
    return Rebuilt(result, size, blob)


def outcome(future: Future[Rebuilt] | None) -> Rebuilt | None:
    """A worker's rebuild; None when there was none, or its worker died (the pool is
    broken: the caller builds the story itself). The story's own exception is raised."""
    if future is None:
        return None
    try:
        return future.result()
    except BrokenExecutor:
        return None


class Rebuilds:
    """Rebuilds running on forked workers; `futures` by story id. The biggest stories
    are submitted first, so the last to finish is a small one. `close` when done."""

    def __init__(
        self,
        location: str,
        skeletons: Sequence[Story],
        workers: int,
        snapshot_min: int,
        snapshot_lag: int,
    ) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=min(workers, len(skeletons)),
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init,
            initargs=(os.getpid(), location),
        )
        self.futures: dict[str, Future[Rebuilt]] = {}
        try:
            for s in sorted(skeletons, key=lambda s: -len(s.article_ids)):
                self.futures[s.id] = self.pool.submit(_rebuild, s, snapshot_min, snapshot_lag)
        except BaseException:
            self.close(failed=True)
            raise

    def close(self, failed: bool = False) -> None:
        """Wait for the workers to exit; after a failure (or Ctrl-C), stop them now."""
        if failed:
            stop_pool(self.pool)
        else:
            self.pool.shutdown(wait=True)
