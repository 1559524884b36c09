"""The watch loop's use of the writer: a poll that found nothing but its source's
state does not take the writer lease by itself; those states are stored together."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from storyline.ingest.fetch import Fetcher
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.watch.commit import Stored
from storyline.watch.polite import POLL_JITTER, HostGate, PoliteFetcher, jittered
from storyline.watch.poll import Poller, PollResult
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


def test_sources_polled_together_drift_out_of_step(tmp_path: Path) -> None:
    """50 feeds first polled at one moment are not polled as one burst every interval:
    each next poll comes up to `POLL_JITTER` of the interval early, never late."""
    interval, start = 5.0, 1_000.0
    urls = [f"http://127.0.0.1:9/feed{i}" for i in range(50)]
    watcher, close = _watcher(tmp_path / "news.db", urls, [])
    watcher.interval, watcher.rng = interval, random.Random(7)
    due = dict.fromkeys(urls, start)
    widest_burst = []
    for _round in range(30):
        for url in urls:
            state = replace(watcher._state(url), interval=interval, last_poll=due[url], status="not modified")
            watcher._commit(PollResult(state))  # a 304: kept, no write
            next_poll = watcher._next_poll(watcher._state(url))
            assert due[url] + interval * (1 - POLL_JITTER) <= next_poll <= due[url] + interval
            due[url] = next_poll
        times = sorted(due.values())
        window = interval * POLL_JITTER / 2  # polls this close together count as one burst
        widest_burst.append(max(bisect.bisect_right(times, t + window) - i for i, t in enumerate(times)))
    close()
    assert widest_burst[0] < len(urls) and widest_burst[-1] <= len(urls) // 4


@given(st.floats(0.1, 1e6), st.integers(0, 2**32))
def test_a_jittered_wait_is_never_longer_than_the_interval(interval: float, seed: int) -> None:
    wait = jittered(interval, random.Random(seed))
    assert interval * (1 - POLL_JITTER) <= wait <= interval
