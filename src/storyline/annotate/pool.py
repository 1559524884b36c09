"""Parallel annotation: one `Annotator` per worker process, documents in chunks.

Annotation is pure and CPU-bound (numpy inside slovnet, Python in the stages),
so processes, not threads, give throughput. Each worker loads the models once;
with the `fork` start method a worker inherits an annotator already loaded in
the parent (its pages are shared copy-on-write, so N workers do not cost N
model loads of memory or time). Output comes back in input order whatever the
number of workers, so results are deterministic.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Literal, overload

from storyline.annotate import Annotator
from storyline.annotate.lang import warm_up as warm_up_language
from storyline.forking import default_start_method, stop_pool, worker_signals
from storyline.model import Annotation, Article, Failure

# Documents per task: enough that slovnet batches sentences across documents
# (about 1,000 sentences a call), few enough that two workers finish together.
# Calibration, first 256 bsnlp-ru documents, 2 workers, fork: 8 / 16 / 32 / 64
# documents per chunk cost 45 / 43 / 44 / 44 ms of CPU per document: flat, so
# the middle was kept (length-sorted batches in nlp.py would favour larger).
DEFAULT_CHUNK = 32

# Chunks submitted ahead per worker: keeps workers busy without reading a
# whole corpus into memory. Results are yielded in input order, so a slow chunk
# at the head holds back new submissions; with 2 in flight per worker the
# workers sat idle behind long documents (bsnlp-ru, 2 workers, chunk 32: 36.4
# docs/s with 2, 39.6 with 6, same machine minutes apart; 384 documents in
# flight at most).
PREFETCH = 6

_annotator: Annotator | None = None  # this process's annotator (parent or worker)


def single_threaded_numpy() -> None:
    """Two workers on two cores each spawning BLAS threads would oversubscribe the CPU.

    In-process annotation (one worker) is limited too: slovnet's products are small,
    and OpenBLAS's second thread mostly spins. Measured on the first 200 bsnlp-ru
    documents, one process, load 9-17, same code minutes apart: 42.0 ms of CPU per
    document with numpy's default two threads, 13.9 ms with one."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return
    threadpool_limits(limits=1)


# A short text that passes through every stage, so lazily built state (langid
# model, grammars, caches) exists before the pool forks or the first chunk runs.
WARM_UP = Article(
    id="warm-up",
    text="«Мы направим 150 военных», — сказал 7 января министр Иван Петров. По его словам, решение принято.",
    published="2022-01",
)


# Annotation allocates millions of small, short-lived objects (tokens, spans,
# slovnet records); with the default threshold (700) the cyclic collector runs
# thousands of times per chunk and rescans the loaded models on each full pass.
# Freezing what exists after warm-up (the models) and collecting less often cut
# CPU per document by about 20% on bsnlp-ru (96 documents, one process, 1 BLAS
# thread: 96-106 -> 79-82 ms, three runs each). Garbage is still collected.
GC_THRESHOLD = (50_000, 20, 100)


def _tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def prepare(
    annotator: Annotator | None = None, warm_language: bool = True, warm_up: bool = True
) -> Annotator:
    """This process's annotator, built and warmed once.

    `warm_language=False` leaves the language identifier to load when an article
    first needs it: worth it in a process that will not fork workers (one article
    from the CLI would pay 2 s for a model plain Russian never uses). `warm_up=False`
    skips the warm-up text too: in a process that forks nothing, the first real
    article builds the lazy state it needs (the warm-up's own annotation is 0.1 s
    CPU of a one-article ingest); annotations are the same either way."""
    global _annotator
    fresh = _annotator is None or (annotator is not None and annotator is not _annotator)
    language = _LanguageLoad() if fresh and warm_language else None
    try:
        if annotator is not None and annotator is not _annotator:
            _annotator = annotator
        if _annotator is None:
            _annotator = Annotator()
        if fresh and warm_up:
            _annotator.annotate(WARM_UP)
    finally:
        if language is not None:
            language.wait()
    if fresh:
        _tune_gc()
    return _annotator


class _LanguageLoad(threading.Thread):
    """The langid model, loaded beside the natasha models (before any fork: `wait`).

    Most of its load is bz2 decompression, which runs without the GIL, so it takes
    the second core while the main thread builds the taggers: ~1.4 s of start-up
    on a quiet machine that an ingest otherwise spent on one core (plain Russian
    never needs langid; the odd article should not pay the load)."""

    def __init__(self) -> None:
        super().__init__(name="storyline-langid", daemon=True)
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            warm_up_language()
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread by `wait`
            self.error = exc

    def wait(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error


def _init_worker(parent: int) -> None:
    worker_signals(parent)
    single_threaded_numpy()
    prepare()  # under fork the parent's warmed annotator is already here


class Encoding:
    """Annotations travel from the workers in the store's encoding instead of pickled.

    The parent of a pool is the one writer, and its CPU bounds an ingest: unpickling
    an annotation (dataclasses, ~700 tokens) cost it 2.9 ms and encoding it for the
    store 1.4 ms, where decoding the store's form costs 1.8 ms (bsnlp-ru, one process,
    load 9). With an `Encoding` the workers encode (`dumps`), the parent decodes
    (`loads`) and keeps each article's bytes in `blobs` for the writer to store as
    they are. `dumps` and `loads` must be module-level functions (sent to workers),
    and `loads(dumps(a))` must equal `a`.
    """

    def __init__(self, dumps: Callable[[Annotation], bytes], loads: Callable[[bytes], Annotation]) -> None:
        self.dumps = dumps
        self.loads = loads
        self.blobs: dict[str, bytes] = {}  # article id -> encoded annotation, until taken

    def take(self, article_id: str) -> bytes | None:
        return self.blobs.pop(article_id, None)


def _annotate_chunk(articles: list[Article]) -> list[Annotation]:
    assert _annotator is not None, "worker not initialised"
    return _annotator.annotate_many(articles)


def _annotate_chunk_isolated(articles: list[Article]) -> list[Annotation | Failure]:
    assert _annotator is not None, "worker not initialised"
    return annotate_isolated(_annotator, articles)


def _annotate_chunk_encoded(
    dumps: Callable[[Annotation], bytes], articles: list[Article]
) -> list[bytes | Failure]:
    assert _annotator is not None, "worker not initialised"
    return [r if isinstance(r, Failure) else dumps(r) for r in annotate_isolated(_annotator, articles)]


def annotate_isolated(annotator: Annotator, articles: list[Article]) -> list[Annotation | Failure]:
    """The chunk at once; if that raises, each article alone, so one bad article
    costs only itself: it comes back as a `Failure` (stage `annotate`)."""
    try:
        return list(annotator.annotate_many(articles))
    except Exception:  # noqa: BLE001 - found and recorded per article below
        pass
    results: list[Annotation | Failure] = []
    for article in articles:
        try:
            results.append(annotator.annotate(article))
        except Exception as exc:  # noqa: BLE001 - the article boundary: recorded, the run goes on
            results.append(Failure.of("annotate", article.id, exc))
    return results


def default_workers() -> int:
    return os.cpu_count() or 1


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


@overload
def annotate_parallel(
    articles: Iterable[Article],
    workers: int | None = ...,
    chunk: int = ...,
    *,
    annotator: Annotator | None = ...,
    start_method: str | None = ...,
    isolate: Literal[False] = ...,
) -> Iterator[tuple[str, Annotation]]: ...


@overload
def annotate_parallel(
    articles: Iterable[Article],
    workers: int | None = ...,
    chunk: int = ...,
    *,
    annotator: Annotator | None = ...,
    start_method: str | None = ...,
    isolate: Literal[True],
    encoding: Encoding | None = ...,
) -> Iterator[tuple[str, Annotation | Failure]]: ...


def annotate_parallel(
    articles: Iterable[Article],
    workers: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    *,
    annotator: Annotator | None = None,
    start_method: str | None = None,
    isolate: bool = False,
    encoding: Encoding | None = None,
) -> Iterator[tuple[str, Annotation]] | Iterator[tuple[str, Annotation | Failure]]:
    """Annotate `articles`, yielding `(article.id, annotation)` in input order.

    `workers=1` runs in this process without a pool (and uses `annotator` if
    given); the default is one worker per CPU. Under `fork` (the default where
    available) the annotator is built in this process once and inherited by the
    workers; under `spawn` each worker builds its own (a given `annotator` is
    then used only when the input fits in one chunk and runs here).

    `isolate=True` turns an exception raised for one article into a `Failure` in
    its place (see `annotate_isolated`); the default lets it propagate. With an
    `encoding` (and `isolate`), pool workers send annotations in that encoding
    (see `Encoding`); a run without a pool ignores it.
    """
    workers = workers or default_workers()
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    batches = _chunks(articles, chunk)
    head = list(islice(batches, workers * PREFETCH))
    if workers == 1 or len(head) <= 1:  # nothing to share out: a pool would only cost its start-up
        # Nothing forks: no warm-up text, and langid loads only if an article needs it.
        local = prepare(annotator, warm_language=False, warm_up=False)
        single_threaded_numpy()  # slovnet's matrices are small: a second BLAS thread mostly spins
        for batch in chain(head, batches):
            done = annotate_isolated(local, batch) if isolate else local.annotate_many(batch)
            yield from zip((a.id for a in batch), done, strict=True)
        return
    method = start_method or default_start_method()
    if method == "fork":
        prepare(annotator)  # loaded and warmed once here, inherited by every worker
    context = multiprocessing.get_context(method)
    task: Callable[[list[Article]], Sequence[Annotation | Failure | bytes]] = (
        _annotate_chunk_isolated if isolate else _annotate_chunk
    )
    if encoding is not None and isolate:
        task = functools.partial(_annotate_chunk_encoded, encoding.dumps)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(os.getpid(),)
    )
    try:
        pending: deque[tuple[list[str], Future[Sequence[Annotation | Failure | bytes]]]] = deque()
        for batch in head:
            pending.append(([a.id for a in batch], pool.submit(task, batch)))
        while pending:
            ids, future = pending.popleft()
            for batch in islice(batches, 1):
                pending.append(([a.id for a in batch], pool.submit(task, batch)))
            for article_id, result in zip(ids, future.result(), strict=True):
                if isinstance(result, bytes):
                    assert encoding is not None
                    encoding.blobs[article_id] = result
                    result = encoding.loads(result)
                yield article_id, result  # type: ignore[misc]
    except BaseException:
        # Interrupted or failed (or the consumer stopped early): the workers' queued
        # chunks are not wanted, so stop them now rather than wait for them.
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def annotate_all(
    articles: Sequence[Article], workers: int | None = None, chunk: int = DEFAULT_CHUNK
) -> dict[str, Annotation]:
    """All annotations keyed by article id (convenience for callers that need them at once)."""
    return dict(annotate_parallel(articles, workers=workers, chunk=chunk))
