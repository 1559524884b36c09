"""Ingest: sources (files, directories, URLs, feeds) to stored articles.

Every input line or document ends as exactly one of: a stored article, an exact
duplicate skipped, a near-duplicate stored with `duplicate_of`, or a `Rejection`
with its reason. See docs/ingest.md for formats, id rules and reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storyline.ingest.feed import FeedBudget
from storyline.ingest.fetch import Fetcher, FetchError, fetch_url
from storyline.ingest.normalise import normalise
from storyline.ingest.records import RawRecord, RecordRejection, reject
from storyline.ingest.sources import Limits, is_url, read_source
from storyline.ingest.writer import BatchWriter, IngestReport
from storyline.model import Article, Rejection
from storyline.reasons import reason
from storyline.store.base import Store

__all__ = ["FetchError", "Fetcher", "IngestReport", "fetch_url", "ingest", "is_url"]


def ingest(
    store: Store,
    sources: Sequence[str],
    *,
    max_bytes: int = 1_000_000,
    batch_size: int = 200,
    on_progress: Callable[[int], None] | None = None,
    fetch: Callable[[str], bytes] | None = None,
    feed_deadline: float | None = None,
) -> IngestReport:
    """Read every source into `store`; bad input becomes rejections, never an exception.

    `max_bytes` caps one article's text (UTF-8 bytes); `batch_size` outcomes are
    committed per transaction; `on_progress(n)` gets the number of records handled
    so far after each batch; `fetch(url) -> bytes` (default: `Fetcher()`, which
    refuses private addresses) gets feeds and pages, raising on failure;
    `feed_deadline` bounds the seconds all entry pages of one feed may take.
    """
    limits = Limits(max_bytes)
    if feed_deadline is not None:
        limits.feed = FeedBudget(deadline=feed_deadline)
    fetcher = fetch or fetch_url
    report = IngestReport()
    writer = BatchWriter(store, report, batch_size, on_progress)
    for source in sources:
        for item in read_source(str(source), limits, fetcher):
            if isinstance(item, RawRecord):
                report.read_any = True
                outcome = _normalise_safely(item, max_bytes)
                writer.add(item.input, outcome)
            else:
                report.read_any = report.read_any or isinstance(item, RecordRejection)
                writer.add(item.input, item)
    writer.flush()
    return report


def _normalise_safely(record: RawRecord, max_bytes: int) -> Article | Rejection:
    try:
        return normalise(record, max_bytes)
    except Exception as exc:  # a bug must not stop an ingest; the record says what happened
        return reject(record.input, reason("unexpected_error", type=type(exc).__name__, detail=exc))
