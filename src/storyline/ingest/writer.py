"""Storing outcomes in batches: each batch lands whole or not at all.

Reading and fetching happen outside transactions (a slow page must not hold the
database's write lock); decisions that depend on what is stored (exact duplicate,
id reuse, near-duplicate) happen inside, against the store's own state, which
includes earlier rows of the same batch. Killed mid-run, an ingest loses at most
the open batch, and a re-run skips what was committed as exact duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from storyline.ingest.dedup import NearDuplicateIndex, signature
from storyline.ingest.records import reject
from storyline.model import Article, Rejection
from storyline.reasons import reason
from storyline.store.base import Store


@dataclass
class IngestReport:
    accepted: int = 0  # new articles stored (near-duplicates included)
    rejected: int = 0  # rejections recorded in this run (new + already known)
    duplicates: int = 0  # exact duplicates skipped + near-duplicates stored with duplicate_of
    aliased: int = 0  # exact duplicates under a new id: that id now resolves to the article kept
    new_ids: list[str] = field(default_factory=list)  # ids stored by this run, in ingest order
    read_any: bool = False  # False when nothing at all could be read from any input
    first_rejection: Rejection | None = None  # what to tell a user when nothing could be read
    last_rejection: Rejection | None = None  # the latest one recorded (the web tells a poster why)


class BatchWriter:
    def __init__(
        self,
        store: Store,
        report: IngestReport,
        batch_size: int,
        on_progress: Callable[[int], None] | None,
    ) -> None:
        self.store = store
        self.report = report
        self.batch_size = max(1, batch_size)
        self.on_progress = on_progress
        self.pending: list[tuple[str, Article | Rejection]] = []
        self.done = 0  # outcomes committed so far
        self.near = NearDuplicateIndex(store)

    def add(self, input_label: str, outcome: Article | Rejection) -> None:
        self.pending.append((input_label, outcome))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        tally = IngestReport()
        with self.store.transaction():
            for input_label, outcome in self.pending:
                if isinstance(outcome, Rejection):
                    self.store.add_rejection(outcome)
                    tally.rejected += 1
                    self.report.first_rejection = self.report.first_rejection or outcome
                    self.report.last_rejection = outcome
                else:
                    self._store_article(input_label, outcome, tally)
        # Counted only once the batch is committed: a failed batch counts nothing.
        self.report.accepted += tally.accepted
        self.report.rejected += tally.rejected
        self.report.duplicates += tally.duplicates
        self.report.aliased += tally.aliased
        self.report.new_ids.extend(tally.new_ids)
        self.done += len(self.pending)
        self.pending = []
        if self.on_progress is not None:
            self.on_progress(self.done)

    def _store_article(self, input_label: str, article: Article, tally: IngestReport) -> None:
        # The signature is taken before the exact checks so that one statement answers
        # them and the near-duplicate lookup (a round trip each on PostgreSQL); an
        # exact duplicate wastes it (~1 ms of CPU).
        sig = signature(article.text)
        known = self.store.article_identity(
            article.id, article.content_hash, sig.band_keys() if sig is not None else ()
        )
        if known.stored_hash is not None:
            if known.stored_hash == article.content_hash:
                tally.duplicates += 1  # the same article again (a re-run): idempotent
            else:
                rejection = reject(input_label, reason("id_reused", id=article.id))
                self.store.add_rejection(rejection)
                self.report.last_rejection = rejection
                tally.rejected += 1
            return
        if known.kept is not None:
            tally.duplicates += 1  # same text under another id: that id names the kept article
            if self.store.add_alias(article.id, known.kept, input_label):
                tally.aliased += 1
            return
        if sig is not None:
            original = self.near.find_original(sig, known.candidates)
            if original is not None:
                article.duplicate_of = original
                tally.duplicates += 1
        self.store.queue_article(article)  # its seq is read with the batch's commit
        if sig is not None:
            self.near.add(article.id, sig)
        tally.accepted += 1
        tally.new_ids.append(article.id)
