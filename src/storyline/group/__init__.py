"""Grouping: articles into threads (one happening) and stories (one developing
storyline), and their entities into corpus-level entities. Online and
incremental; `recluster` rebuilds everything from the stored annotations."""

from __future__ import annotations

from storyline.group.embed import Embedder, WordVectorEmbedder
from storyline.group.grouper import Grouper
from storyline.group.stable_ids import keep_story_ids, members
from storyline.store.base import Store

# Articles read per batch by `recluster` (memory stays flat on a large corpus).
_RECLUSTER_BATCH = 500


def recluster(store: Store, embedder: Embedder | None = None) -> None:
    """Forget threads, stories and entities, and rebuild them in reading (ingest) order.

    A story whose membership mostly survives keeps its id (`stable_ids`)."""
    before = members(store.assignments())
    with store.transaction():
        store.clear_grouping()
        store.replace_entities([])
    ids = store.article_ids()  # ingest order, without reading any text
    grouper = Grouper(store, embedder)
    for i in range(0, len(ids), _RECLUSTER_BATCH):
        batch = list(store.iter_articles(ids[i : i + _RECLUSTER_BATCH]))
        with store.transaction():
            for article in batch:
                grouper.add(article)
    with store.transaction():
        keep_story_ids(grouper, before)


__all__ = ["Embedder", "Grouper", "WordVectorEmbedder", "recluster"]
