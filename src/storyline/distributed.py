"""Annotation on an existing Dask cluster, results streamed back to the one writer.

Annotation is pure (article in, annotation out), so it is the part of a run that
scales out: the writer reads pending articles from its store, sends them in
batches to the cluster's workers, and takes the results back in ingest order,
exactly as from the local process pool (`annotate/pool.py`), so grouping cannot
tell the two apart. A `WorkerPlugin` loads and warms the models once per worker
process, when the worker joins; a batch then costs only its annotation.

A worker that dies takes its batches with it: the scheduler reruns them on the
other workers (Dask keeps a task's result until its future is released, and the
writer consumes each future once), so nothing is lost and nothing is annotated
into the store twice.

Dask is imported here only (and this module only when `--dask` is given): the
stage packages never see it.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from distributed import Client, WorkerPlugin

from storyline.annotate import VERSION as ANNOTATION_VERSION
from storyline.errors import StorylineError
from storyline.model import Annotation, Article, Failure

# Documents per batch at most: the local pool's chunk (slovnet batches sentences
# across the documents of one call; larger gained nothing there).
MAX_BATCH = 32
# Batches per worker at least, when the input is short: a lost worker then costs
# a quarter of its share, and the last batches of a run do not leave workers idle.
BATCHES_PER_WORKER = 4
# Batches in flight per worker: results come back in order, so a slow batch at the
# head would otherwise stall the cluster (the local pool found 6 ahead kept two
# workers busy behind long documents).
PREFETCH = 6
# Seconds to wait for the scheduler to answer, and for its first worker.
CONNECT_TIMEOUT_S = 10.0
WORKER_WAIT_S = 60.0
# The plugin's registration name: registering again (a second run) replaces it.
PLUGIN_NAME = "storyline-annotator"


class ClusterError(StorylineError):
    """The cluster cannot serve this run (unreachable, no workers, other annotator)."""


class LoadModels(WorkerPlugin):
    """Build and warm this worker's annotator when the worker starts (or joins later)."""

    name = PLUGIN_NAME

    def setup(self, worker: object) -> None:
        from storyline.annotate.pool import prepare, single_threaded_numpy

        single_threaded_numpy()  # a worker thread per core: BLAS threads would oversubscribe
        prepare()

    def teardown(self, worker: object) -> None:
        return None


def annotate_batch(articles: list[Article]) -> list[Annotation | Failure]:
    """The task run on a worker: its annotator (loaded by `LoadModels`) over one batch,
    one failing article costing only itself."""
    from storyline.annotate.pool import annotate_isolated, prepare

    return annotate_isolated(prepare(), articles)


def batch_size(pending: int, workers: int) -> int:
    """Documents per batch: at most `MAX_BATCH`, fewer so every worker gets several."""
    return max(1, min(MAX_BATCH, -(-pending // (max(1, workers) * BATCHES_PER_WORKER))))


def connect(address: str) -> Any:
    """A client of the cluster at `address`, with the model plugin registered on it."""
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"no Dask scheduler answers at {address}: {exc}") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        client.close()
        raise ClusterError(f"the Dask scheduler at {address} has no workers") from None
    client.register_plugin(LoadModels(), name=PLUGIN_NAME)
    return client


def annotate_on_cluster(
    address: str, articles: Iterable[Article], pending: int
) -> Iterator[tuple[str, Annotation | Failure]]:
    """Annotate `articles` (`pending` of them) on the cluster at `address`, yielding
    `(article id, annotation or failure)` in input order, like `annotate_parallel`."""
    client = connect(address)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = batch_size(pending, workers)
        yield from _stream(client, articles, size, workers * PREFETCH)
    finally:
        client.close()


def _stream(
    client: Any, articles: Iterable[Article], size: int, ahead: int
) -> Iterator[tuple[str, Annotation | Failure]]:
    run = uuid.uuid4().hex[:12]  # task keys unique to this run: no result of another run is reused
    it = iter(articles)
    in_flight: deque[tuple[list[str], Any]] = deque()

    def submit() -> bool:
        batch = list(islice(it, size))
        if not batch:
            return False
        key = f"storyline-annotate-{run}-{batch[0].id}"
        in_flight.append(([a.id for a in batch], client.submit(annotate_batch, batch, key=key, pure=False)))
        return True

    while len(in_flight) < ahead and submit():
        pass
    while in_flight:
        ids, future = in_flight.popleft()
        results = future.result()
        future.release()
        submit()
        for article_id, result in zip(ids, results, strict=True):
            if isinstance(result, Annotation) and result.version != ANNOTATION_VERSION:
                raise ClusterError(
                    f"a Dask worker runs annotator version {result.version}, this writer {ANNOTATION_VERSION}:"
                    " install the same storyline on the workers"
                )
            yield article_id, result
