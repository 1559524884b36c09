"""The pipeline's annotate step: every article without a current annotation, through
the process pool (or a Dask cluster), saved a batch per transaction.

Functions of the `Pipeline` they are handed (`pipeline.py` keeps the methods that
call them), split from it by concern as the store's `sql_*.py` mixins are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from storyline.annotate import VERSION as ANNOTATION_VERSION
from storyline.model import Annotation, Article, Failure

if TYPE_CHECKING:
    from storyline.annotate.pool import Encoding
    from storyline.pipeline import Pipeline

OnSaved = Callable[[list[str], dict[str, Article]], None]  # (ids saved, those annotated by id)

# Articles annotated per transaction, and so per step of the grouping that follows
# the annotation (`GroupAsAnnotated`). The pool is kept busy by its own prefetch
# (`annotate.pool.PREFETCH`), not by this; what this sets is how far the grouping
# lags behind the workers. When the workers finish, the parent still groups the
# last batch alone, one core idle: 128 articles were ~2 s of grouping at the end of
# a bsnlp-ru ingest (15 ms of CPU each); 32 (one pool chunk) leave ~0.5 s, for 21
# commits instead of 6.
ANNOTATE_BATCH = 32


def annotate_pending(pipeline: Pipeline, on_saved: OnSaved | None = None) -> tuple[int, int]:
    """Annotate every article without an annotation of the current version;
    (annotated, failed). One process pool serves the whole run; results are
    saved a batch per transaction, so a kill loses at most one batch of work.
    `on_saved` is told the ids of each saved batch (annotated or failed), in
    ingest order, with the articles saved (annotation attached), while the
    pool goes on with the next batches."""
    from storyline.annotate.pool import DEFAULT_CHUNK, Encoding, annotate_parallel
    from storyline.store import codec

    store = pipeline.store
    skip = pipeline._failed_here("annotate")
    pending = [i for i in store.ids_needing_annotation(ANNOTATION_VERSION) if i not in skip]
    if not pending:
        return 0, 0
    # A pool is worth starting only when every worker gets at least one chunk.
    workers = max(1, min(pipeline.workers, -(-len(pending) // DEFAULT_CHUNK)))

    def articles() -> Iterator[Article]:
        for i in range(0, len(pending), ANNOTATE_BATCH):
            for article in store.iter_articles(pending[i : i + ANNOTATE_BATCH], with_annotation=False):
                in_flight[article.id] = article
                yield article

    done = failed = 0
    in_flight: dict[str, Article] = {}  # read, not yet saved
    pipeline.progress("annotate", 0, len(pending))
    batch: list[tuple[str, Annotation | Failure]] = []

    def save() -> None:
        nonlocal done, failed
        ids = [article_id for article_id, _ in batch]
        fresh = {}
        for article_id, result in batch:
            article = in_flight.pop(article_id)
            if isinstance(result, Annotation):
                article.annotation = result
                fresh[article_id] = article
        saved, lost = pipeline._save_annotations(batch, encoding)
        fresh = {i: fresh[i] for i in saved if i in fresh}  # an unstorable one is read back as stored
        done, failed = done + len(saved), failed + lost
        pipeline.progress("annotate", done + failed, len(pending))
        if on_saved is not None:
            on_saved(ids, fresh)

    results: Iterator[tuple[str, Annotation | Failure]]
    encoding = Encoding(codec.annotation_dumps, codec.annotation_loads)  # workers encode for the writer
    if pipeline.dask:
        from storyline.distributed import annotate_on_cluster

        results = annotate_on_cluster(pipeline.dask, articles(), len(pending))
    else:
        results = annotate_parallel(
            articles(), workers=workers, annotator=pipeline.annotator, isolate=True, encoding=encoding
        )
    for item in results:
        batch.append(item)
        if len(batch) >= ANNOTATE_BATCH:
            save()
    save()
    return done, failed


def save_annotations(
    pipeline: Pipeline, batch: list[tuple[str, Annotation | Failure]], encoding: Encoding | None = None
) -> tuple[list[str], int]:
    """Store a batch of results in one transaction; (ids saved, failures recorded).
    `encoding` holds the stored form of results a pool worker encoded already."""
    saved: list[str] = []
    failed = 0
    with pipeline.store.transaction():
        for article_id, result in batch:
            if isinstance(result, Failure):
                pipeline._record(result)
                failed += 1
                continue
            try:
                with pipeline.store.transaction():  # a savepoint: an unstorable annotation costs only itself
                    blob = encoding.take(article_id) if encoding is not None else None
                    pipeline.store.save_annotation(article_id, result, blob)
                    pipeline.store.clear_failure("annotate", article_id)
                saved.append(article_id)
            except Exception as exc:  # noqa: BLE001 - the article boundary
                if pipeline._fatal(exc):
                    raise
                pipeline._record(Failure.of("annotate", article_id, exc))
                failed += 1
    batch.clear()
    return saved, failed
