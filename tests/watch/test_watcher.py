"""The watch loop's use of the writer: a poll that found nothing but its source's
state does not take the writer lease by itself; those states are stored together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storyline.ingest.fetch import Fetcher
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.watch.commit import Stored
from storyline.watch.polite import HostGate, PoliteFetcher
from storyline.watch.poll import Poller
from storyline.watch.watcher import Watcher
from tests.watch.site import Site, rss
from tests.watch.test_watch_cli import pages


def _watcher(db: Path, urls: list[str], writes: list[int]) -> tuple[Watcher, Callable[[], None]]:
    store = open_store(db)
    pipeline = Pipeline(store, owner="tests/watch/test_watcher.py")

    def run_write(job: Callable[[Pipeline], Stored]) -> Stored:
        writes.append(1)
        with pipeline:
            return job(pipeline)

    poller = Poller(PoliteFetcher(Fetcher(block_private=False, deadline=10), gate=HostGate(0.0), attempts=1))
    return Watcher(urls, store, run_write, poller, interval=300.0), store.close


def test_unchanged_sources_are_stored_in_one_write(site: Site, tmp_path: Path) -> None:
    entries = pages(site, range(3))
    urls = [site.set(f"/rss{i}", rss([entries[i]]), content_type="application/rss+xml") for i in range(3)]
    db = tmp_path / "news.db"
    writes: list[int] = []
    watcher, close = _watcher(db, urls, writes)
    assert watcher.run(once=True).new == 3
    close()
    assert len(writes) == 3  # each poll with an article is stored at once
    with open_store(db, readonly=True) as store:
        first = {s.url: s.last_poll for s in store.watch_sources()}

    writes.clear()
    watcher, close = _watcher(db, urls, writes)
    totals = watcher.run(once=True)  # every feed answers 304
    close()
    assert totals.polls == 3 and site.not_modified == {f"/rss{i}": 1 for i in range(3)}
    assert len(writes) == 1  # the three states in one write, not one each
    with open_store(db, readonly=True) as store:
        states = {s.url: s for s in store.watch_sources()}
    assert all(states[u].status == "not modified" and states[u].last_poll > first[u] for u in urls)  # type: ignore[operator]
