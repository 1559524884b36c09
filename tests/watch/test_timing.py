"""Where a poll's time went: the phases the poller and the writer time, on a real
local site and a real pipeline."""

from __future__ import annotations

import time
from pathlib import Path

from storyline.ingest.fetch import Fetcher
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.watch.commit import Stored
from storyline.watch.polite import HostGate, PoliteFetcher
from storyline.watch.poll import Poller, PollResult
from storyline.watch.timing import Phases, StepClock
from storyline.watch.watcher import Watcher
from tests.watch.site import Site, rss
from tests.watch.test_watch_cli import pages

# The host's gap in the test: the page is asked for at least this long after the feed.
GAP_S = 0.4


def test_a_polls_phases_add_up_to_its_time(site: Site, tmp_path: Path) -> None:
    entries = pages(site, range(1))
    feed = site.set("/rss", rss(entries), content_type="application/rss+xml")
    store = open_store(tmp_path / "news.db")
    pipeline = Pipeline(store, owner="tests/watch/test_timing.py")

    def run_write(job):  # type: ignore[no-untyped-def]
        with pipeline:
            return job(pipeline)

    seen: list[tuple[PollResult, Stored, float]] = []
    started = time.perf_counter()
    fetcher = PoliteFetcher(Fetcher(block_private=False, deadline=10), gate=HostGate(GAP_S), attempts=1)
    watcher = Watcher(
        [feed], store, run_write, Poller(fetcher), interval=300.0,
        on_poll=lambda result, stored: seen.append((result, stored, time.perf_counter())),
    )  # fmt: skip
    try:
        assert watcher.run(once=True).new == 1
    finally:
        store.close()
    ((result, stored, ended),) = seen
    spans = result.phases.spans
    for name in ("feed", "pages", "extract", "writer wait", "store", "annotate", "group", "stories"):
        assert name in spans, (name, spans)
    assert spans["pages"] >= GAP_S * 0.9  # the host's gap is in the page's fetch
    assert spans["annotate"] > 0 and spans["stories"] > 0
    assert stored.phases.spans.keys() <= spans.keys()
    # every part of the poll is in one phase or another: none counted twice, little left out
    assert sum(spans.values()) <= ended - started + 0.01
    assert sum(spans.values()) >= 0.8 * (ended - started) - 0.2
    assert result.phases.line().startswith("times: feed ")


def test_steps_are_timed_from_one_first_report_to_the_next() -> None:
    now = [0.0]
    calls: list[str] = []
    steps = StepClock(lambda step, done, total: calls.append(step), clock=lambda: now[0])
    for at, step in [
        (1.0, "annotate"),
        (2.0, "annotate"),
        (3.0, "group"),
        (3.5, "annotate"),
        (6.0, "stories"),
    ]:
        now[0] = at
        steps(step, 0, 1)
    phases = Phases()
    steps.into(phases, started=0.5, ended=7.0, before="prepare")
    assert phases.spans == {"prepare": 0.5, "annotate": 2.0, "group": 3.0, "stories": 1.0}
    assert calls == ["annotate", "annotate", "group", "annotate", "stories"]  # all passed on
