"""The server's one writer: articles posted to the API are stored and processed
on a single thread, one after another, never concurrently.

SQLite takes one writer at a time, and the grouper's decisions depend on the
order articles arrive in, so the server funnels every write through one queue.
The thread keeps one long-lived `Pipeline` (models loaded once) and holds the
store's writer lease only while a job runs, so a CLI ingest on the same database
waits for a post, not for the server's whole life (and the other way round).
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.ingest.normalise import normalise
from storyline.ingest.records import RawRecord, reject
from storyline.ingest.writer import BatchWriter, IngestReport
from storyline.model import Article, Rejection
from storyline.pipeline import Pipeline
from storyline.reasons import reason
from storyline.store import open_store
from storyline.store.base import Store

# Seconds a posted article waits for another writer (a CLI ingest) to finish.
LEASE_WAIT_S = 60.0

# Label of a posted article in the rejections table (plus the id it was posted
# under, if any, and a unique suffix).
INPUT_LABEL = "POST /api/articles"
# Characters of a posted id the label keeps: enough for any real id, and a
# client cannot fill the rejections table's input column.
LABEL_ID_CHARS = 100


def input_label(fields: dict[str, Any]) -> str:
    """The rejections table's name for one posted body: "POST /api/articles id=kz-1 <hex>"."""
    posted = fields.get("id")
    named = f" id={str(posted)[:LABEL_ID_CHARS]}" if isinstance(posted, str | int) and str(posted) else ""
    return f"{INPUT_LABEL}{named} {uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Accepted:
    article_id: str
    duplicate: bool  # the same text was stored before (under this or another id)
    stories: tuple[str, ...] = ()  # the stories the article's processing rebuilt


class Rejected(Exception):
    """A posted article that did not become one, with the ingest's reason (its
    English words, code and parameters)."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(rejection.reason)
        self.reason = rejection.reason
        self.code = rejection.code
        self.params = dict(rejection.params)


def ingest_one(pipeline: Pipeline, fields: dict[str, Any], max_bytes: int) -> Accepted:
    """Store one article given as JSONL fields, then annotate and group what is pending.

    Goes through ingest's own normalisation and batch writer, so a posted article
    is checked, deduplicated and rejected exactly as a line of a JSONL file would
    be.
    """
    store = pipeline.store
    pipeline.require_current()  # nothing is stored on a store another annotator version made
    label = input_label(fields)
    record = RawRecord(label, fields)
    try:
        outcome: Article | Rejection = normalise(record, max_bytes)
    except Exception as exc:  # as ingest does: a bug in normalising is a recorded rejection
        outcome = reject(label, reason("unexpected_error", type=type(exc).__name__, detail=exc))
    report = IngestReport()
    writer = BatchWriter(store, report, 1, None)
    writer.add(label, outcome)
    writer.flush()
    if isinstance(outcome, Rejection):
        raise Rejected(outcome)
    if report.last_rejection is not None:  # rejected against what is stored (an id reused)
        raise Rejected(report.last_rejection)
    if report.new_ids:
        processed = pipeline.process()
        touched = tuple(sorted(processed.touched_stories))
        return Accepted(outcome.id, duplicate=outcome.duplicate_of is not None, stories=touched)
    # an exact duplicate: the article already stored with this text
    known = store.article_id_for_hash(outcome.content_hash) or outcome.id
    return Accepted(known, duplicate=True)


class WriterThread:
    """A daemon thread that owns the write connection and runs submitted jobs in order."""

    def __init__(
        self,
        db_path: str | Path,
        max_bytes: int,
        after_write: Callable[[Store, list[str]], None] | None = None,
    ) -> None:
        """`after_write(store, story_ids)` runs on this thread after a posted article
        is stored, lease released, with the stories it touched (the built pages)."""
        self.db_path = str(db_path)
        self.after_write = after_write
        self.max_bytes = max_bytes
        self._pipeline: Pipeline | None = None
        self._jobs: queue.Queue[tuple[Callable[[Store], Any], Future[Any]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="storyline-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[Store], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        self._jobs.put((job, future))
        return future

    def post_article(self, fields: dict[str, Any]) -> Future[Accepted]:
        def job(store: Store) -> Accepted:
            assert self._pipeline is not None
            with self._pipeline as pipeline:  # the lease, for this article only
                accepted = ingest_one(pipeline, fields, self.max_bytes)
            if accepted.stories and self.after_write is not None:
                self.submit(lambda store: self.after_write(store, list(accepted.stories)))  # type: ignore[misc]
            return accepted

        return self.submit(job)

    def with_pipeline(self, job: Callable[[Pipeline], Any]) -> Future[Any]:
        """Run `job(pipeline)` on this thread with the writer lease held (the feed
        watcher of `serve --watch` stores its polls this way). A result that names
        the stories it changed (`story_ids`, as the watcher's `Stored` does) has
        their pages stored after, lease released, as a posted article's are."""

        def run(store: Store) -> Any:
            assert self._pipeline is not None
            with self._pipeline as pipeline:
                result = job(pipeline)
            touched = sorted(getattr(result, "story_ids", None) or ())
            if touched and self.after_write is not None:
                self.submit(lambda store: self.after_write(store, touched))  # type: ignore[misc]
            return result

        return self.submit(run)

    def _run(self) -> None:
        store: Store | None = None
        while True:
            item = self._jobs.get()
            if item is None:
                break
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                if store is None:
                    store = open_store(self.db_path)
                    self._pipeline = Pipeline(
                        store, workers=1, owner="storyline serve", wait=LEASE_WAIT_S, refuse_upgrade=True
                    )
                future.set_result(job(store))
            except BaseException as exc:  # handed to the request that asked
                future.set_exception(exc)
        if store is not None:
            store.close()

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)
