"""An annotator upgrade on a stored corpus: noticed, announced, and done only when asked.

Every stored annotation records the annotator `VERSION` that made it. When the code's
version differs, processing redoes every annotation and then rebuilds threads,
stories and entities from them (`Pipeline.process`, then `recluster`): about 1.5 h at
100k articles. Nothing that only meant to add a few articles should start that on its
own, so the writers ask here first:

- `storyline ingest` refuses with one line (`UpgradeNeededError`, exit code 4) naming
  the stored and the current version, how many articles would be annotated again,
  an estimate of the time, and the two ways on: `--upgrade` (do it now) and
  `--no-process` (only store the new articles);
- `storyline watch` refuses to start with the same line, and a watcher or server
  whose store another process moved to another version stops processing with it;
- `POST /api/articles` answers 409 with it and stores nothing.

The upgrade is resumable because the pipeline already is: annotations are saved a
batch per transaction and only articles whose annotation is not of the current
version are annotated, and the grouping is rebuilt (in one transaction) only once
every annotation is current, the store remembering which version the grouping was
built from (`GROUPED_WITH`). A killed `--upgrade` therefore goes on where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.annotate import VERSION
from storyline.errors import UpgradeNeededError
from storyline.pipeline import CODE_VERSION, GROUPED_WITH
from storyline.store.base import Store

# The time estimate, from the bsnlp-ru end-to-end figures of issue #9 (661 articles,
# quiet 2-core machine): annotation 14.0 s on two workers (0.021 s an article), then
# grouping 8.7 s and story building 8.0 s on one core (0.025 s an article). Redone
# annotations cost the first, every grouped article the second: 100k articles come to
# ~1.3 h, against the ~1.6 h a version bump was seen to take at 100k. An estimate only:
# the line says "about", and a loaded machine takes several times longer.
ANNOTATE_S_PER_ARTICLE = 14.0 / 661
REBUILD_S_PER_ARTICLE = (8.7 + 8.0) / 661

# What to do next, by who refused: the CLI's flags, or the command that upgrades.
INGEST_WAYS = (
    "run again with --upgrade to do it now (resumable: a killed upgrade goes on where it stopped),"
    " or with --no-process to only store new articles"
)
OTHER_WAYS = (
    "run `storyline ingest --upgrade` on this database first (resumable if killed),"
    " or `storyline ingest --no-process` to only store new articles"
)


@dataclass(frozen=True)
class Pending:
    """An upgrade the store needs: what was stored, and what redoing it costs."""

    stored_version: str
    to_annotate: int  # stored annotations of another version
    to_regroup: int  # grouped articles whose threads and stories are rebuilt

    @property
    def seconds(self) -> float:
        return self.to_annotate * ANNOTATE_S_PER_ARTICLE + self.to_regroup * REBUILD_S_PER_ARTICLE

    def line(self, ways: str = INGEST_WAYS) -> str:
        articles = "article" if self.to_annotate == 1 else "articles"
        return (
            f"the stored annotations were made by annotator version {self.stored_version},"
            f" this storyline's is {VERSION}: {self.to_annotate:,} {articles} to annotate again"
            f" and {self.to_regroup:,} to regroup (about {duration(self.seconds)} on a quiet 2-core machine);"
            f" {ways}"
        )


def pending(store: Store) -> Pending | None:
    """The upgrade this store needs before it can be processed by this code, or None.

    One state read when the grouping was built from the current annotations (the
    usual case: a poll, a post); otherwise one pass over the annotations' versions."""
    marker = store.get_state(GROUPED_WITH)
    if marker is not None and marker.decode() == VERSION:
        return None
    stale = {v: n for v, n in store.annotation_versions().items() if v != VERSION}
    # An article this very code failed to annotate keeps its old annotation and is not
    # retried by it (`Pipeline._failed_here`): no upgrade is left to do for it.
    failed_here = [f.item_id for f in store.failures("annotate") if f.code_version == CODE_VERSION]
    kept_old = sum(n for v, n in store.annotation_versions(failed_here).items() if v != VERSION)
    to_annotate = max(0, sum(stale.values()) - kept_old)
    grouped = store.count_assignments()
    # Nothing to redo and either nothing grouped yet (a first processing is no upgrade)
    # or a grouping from before the store kept its marker (process rebuilds it, as ever).
    if not to_annotate and (not grouped or marker is None):
        return None
    # Else annotations to redo, or all redone by an upgrade killed before the regrouping.
    stored = max(stale, key=lambda v: (stale[v], v)) if stale else (marker or b"?").decode()
    return Pending(stored, to_annotate, grouped)


def require_current(store: Store, ways: str = INGEST_WAYS) -> None:
    """Raise `UpgradeNeededError` with the one line when the store needs an upgrade."""
    found = pending(store)
    if found is not None:
        raise UpgradeNeededError(found.line(ways))


def duration(seconds: float) -> str:
    """A rough duration for a person: "20 s", "4 min", "1.3 h"."""
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"
