"""robots.txt, retries with backoff, the per-host gap, the User-Agent, the adaptive interval."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.commands.watch import user_agent
from storyline.ingest.fetch import Fetcher, FetchError
from storyline.watch.polite import (
    MAX_FAILURE_FACTOR,
    MAX_INTERVAL_FACTOR,
    MIN_INTERVAL_FACTOR,
    HostGate,
    PoliteFetcher,
    next_interval,
)
from tests.watch.site import Site


def polite(site: Site, **options: object) -> tuple[PoliteFetcher, list[float]]:
    pauses: list[float] = []
    fetcher = Fetcher(block_private=False, deadline=5, user_agent=user_agent("desk@example.org"))
    kwargs: dict[str, object] = {"gate": HostGate(0.0), "backoff": 0.5, "sleep": pauses.append} | options
    return PoliteFetcher(fetcher, **kwargs), pauses  # type: ignore[arg-type]


def test_robots_txt_is_respected(site: Site) -> None:
    site.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.set("/private/page.html", "секрет")
    site.set("/open.html", "открыто")
    client, _ = polite(site)
    with pytest.raises(FetchError, match="robots.txt"):
        client.get(site.url("/private/page.html"))
    assert site.hits.get("/private/page.html") is None
    assert client.get(site.url("/open.html")).body.decode() == "открыто"
    assert site.hits["/robots.txt"] == 1  # cached per host


def test_unreachable_robots_txt_means_nothing_is_fetched(site: Site) -> None:
    site.set("/robots.txt", "сбой", status=503)
    site.set("/a.html", "страница")
    client, _ = polite(site, attempts=1)
    with pytest.raises(FetchError, match="robots.txt"):
        client.get(site.url("/a.html"))
    assert "/a.html" not in site.hits


def test_transient_failures_are_retried_with_growing_backoff(site: Site) -> None:
    site.set("/flaky", "сбой", status=503)
    client, pauses = polite(site, attempts=4)
    with pytest.raises(FetchError, match="HTTP 503.*after 4 attempts"):
        client.get(site.url("/flaky"))
    assert site.hits["/flaky"] == 4
    # 0.5 s, then 1 s, then 2 s, each plus up to as much again at random
    for pause, base in zip(pauses, (0.5, 1.0, 2.0), strict=True):
        assert base <= pause <= 2 * base


def test_retry_after_is_honoured(site: Site) -> None:
    site.set("/busy", "занято", status=429, headers={"Retry-After": "7"})
    client, pauses = polite(site, attempts=2)
    with pytest.raises(FetchError, match="HTTP 429"):
        client.get(site.url("/busy"))
    assert pauses == [pytest.approx(7.0)]


def test_a_missing_page_is_not_retried(site: Site) -> None:
    client, pauses = polite(site, attempts=3)
    with pytest.raises(FetchError, match="HTTP 404"):
        client.get(site.url("/nowhere"))
    assert site.hits["/nowhere"] == 1 and pauses == []


def test_one_host_is_asked_at_most_once_per_gap(site: Site) -> None:
    site.set("/robots.txt", "", content_type="text/plain")
    site.set("/p", "страница")
    client, _ = polite(site, gate=HostGate(0.3))
    start = time.monotonic()
    for _ in range(3):
        client.get(site.url("/p"))
    assert time.monotonic() - start >= 0.3 * 3  # robots.txt and three pages: three gaps


def test_user_agent_names_the_contact(site: Site) -> None:
    site.set("/p", "страница")
    client, _ = polite(site)
    client.get(site.url("/p"))
    assert all("storyline/" in a and "contact: desk@example.org" in a for a in site.agents)


@given(
    base=st.floats(1, 3600),
    current=st.floats(0.1, 100_000),
    new=st.integers(0, 50),
    failures=st.integers(0, 100),
)
def test_interval_stays_within_bounds(base: float, current: float, new: int, failures: int) -> None:
    value = next_interval(base, current, new, failures)
    if failures:
        assert base * 2 <= value <= base * MAX_FAILURE_FACTOR
    else:
        assert base * MIN_INTERVAL_FACTOR - 1e-9 <= value <= base * MAX_INTERVAL_FACTOR + 1e-9


def test_busy_feeds_are_polled_more_often_than_idle_ones() -> None:
    busy = idle = 300.0
    for _ in range(5):
        busy = next_interval(300.0, busy, 3, 0)
        idle = next_interval(300.0, idle, 0, 0)
    assert busy == 300.0 * MIN_INTERVAL_FACTOR and idle == 300.0 * MAX_INTERVAL_FACTOR


def test_crawl_delay_for_storyline_is_obeyed(site: Site) -> None:
    site.set("/robots.txt", "User-agent: storyline\nCrawl-delay: 1\n", content_type="text/plain")
    site.set("/p", "страница")
    client, _ = polite(site)  # the host gate's own gap is 0
    start = time.monotonic()
    for _ in range(2):
        client.get(site.url("/p"))
    assert time.monotonic() - start >= 2 * 1.0  # robots.txt, then each page a Crawl-delay later
