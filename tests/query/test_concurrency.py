"""Reads from a server-style thread pool while the one writer writes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from storyline.model import Article
from storyline.query import Reader
from storyline.store import open_store
from storyline.textid import short_hash

READERS = 8
WRITES = 60


def write(db: Path, story_id: str, thread_id: str, done: threading.Event) -> int:
    """Add articles to an existing story, one transaction each, as an ingest would."""
    with open_store(db) as store:
        for i in range(WRITES):
            text = f"Статья номер {i} о том же событии."
            article = Article(
                id=f"w-{i}", text=text, content_hash=short_hash(text, 16), published="2022-01-08"
            )
            with store.transaction():
                store.add_article(article)
                store.set_assignment(article.id, thread_id, story_id)
            time.sleep(0.002)
    done.set()
    return WRITES


def read_until(reader: Reader, story_id: str, done: threading.Event) -> tuple[int, set[int]]:
    """Page through articles and stories until the writer is done; counts must only grow."""
    seen, last, connections = 0, 0, set()
    while not done.is_set() or seen < 3:
        connections.add(id(reader._db))
        count = reader.counts().articles
        assert count >= last
        last = count
        size = reader.stories(limit=5).items[0].articles
        page = reader.articles(story_id, limit=10, offset=max(0, size - 10))
        assert page.total >= size and page.items
        assert reader.story(story_id).id == story_id
        seen += 1
    return last, connections


def test_thread_pool_reads_while_a_writer_writes(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        story = reader.stories(limit=1).items[0]
        thread_id = reader.threads(story.id, limit=1).items[0].id
        before = reader.counts().articles
        done = threading.Event()
        with ThreadPoolExecutor(max_workers=READERS + 1) as pool:
            writer = pool.submit(write, seeds_db, story.id, thread_id, done)
            readers = [pool.submit(read_until, reader, story.id, done) for _ in range(READERS)]
            written = writer.result(timeout=120)
            results = [f.result(timeout=120) for f in readers]
        assert reader.counts().articles == before + written
        assert reader.stories(limit=1).items[0].articles == story.articles + written
        # Each pool thread read on a connection of its own.
        assert len({c for _, conns in results for c in conns}) == READERS
