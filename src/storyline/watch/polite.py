"""Polling like a good citizen: robots.txt, one request at a time per host with a
gap between them, retries with exponential backoff and jitter, and an interval
that follows how busy a feed is.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from storyline.ingest.fetch import Fetcher, FetchError, Response

# The product token robots.txt rules are matched against.
ROBOTS_AGENT = "storyline"
# Seconds a host's robots.txt is trusted before it is fetched again (RFC 9309
# allows caching for up to 24 hours).
ROBOTS_TTL_S = 24 * 3600.0
# Seconds until a robots.txt that could not be read (5xx, no answer) is tried again;
# meanwhile the host is not fetched from.
ROBOTS_RETRY_S = 300.0
# Seconds between two requests to the same host: one per second is the common
# courtesy of crawlers (and what news sites' robots.txt Crawl-delay usually asks).
DEFAULT_HOST_GAP_S = 1.0
# Attempts per request for a transient failure (timeout, refused connection, 429,
# 5xx): the first and two retries.
DEFAULT_ATTEMPTS = 3
# Seconds before the first retry; each further one waits twice as long, plus up to
# as much again at random, so many watchers restarted together do not retry in step.
DEFAULT_BACKOFF_S = 2.0
# A Retry-After longer than this is not waited for within one poll (the source is
# polled again at its next interval instead).
MAX_RETRY_AFTER_S = 60.0
# Interval bounds, as factors of the configured interval, which is the longest a
# healthy source waits: an idle feed is polled at the configured interval, one with
# new entries at every poll down to 4 times as often (a news feed that is busy
# during a breaking story gets its entries within a quarter of the interval).
MIN_INTERVAL_FACTOR = 0.25
MAX_INTERVAL_FACTOR = 1.0
# Each poll with new entries halves the interval; each idle poll stretches it by half.
BUSY_FACTOR = 0.5
IDLE_FACTOR = 1.5
# A failing source backs off by doubling, up to this many times its interval.
MAX_FAILURE_FACTOR = 16.0
# Each next poll comes up to this share of its interval early, at random: sources first
# polled together (a watcher's start or restart) drift out of step instead of being
# polled as one burst every interval (benchmarks/watch_idle.py, session 14: 50 feeds at
# `--interval 5` stayed in one burst of 50 polls every 5 s). Only early, so the
# configured interval stays the longest a healthy source waits; 10 % spreads 50 feeds
# over the interval within a few dozen polls and costs at most 10 % more polls.
POLL_JITTER = 0.1


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


class HostGate:
    """At most one request in flight per host, at least `gap` seconds apart."""

    def __init__(self, gap: float = DEFAULT_HOST_GAP_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.gap = gap
        self.clock = clock
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Lock, list[float]]] = {}

    def _slot(self, host: str) -> tuple[threading.Lock, list[float]]:
        with self._lock:
            return self._hosts.setdefault(host, (threading.Lock(), [0.0]))

    def call(self, url: str, request: Callable[[], Response], gap: float | None = None) -> Response:
        lock, last = self._slot(host_of(url))
        with lock:
            wait = last[0] + (self.gap if gap is None else gap) - self.clock()
            if wait > 0:
                time.sleep(wait)
            try:
                return request()
            finally:
                last[0] = self.clock()


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    disallow_all: bool
    fetched_at: float
    ttl: float = ROBOTS_TTL_S
    problem: str | None = None  # why robots.txt could not be read


@dataclass
class PoliteFetcher:
    """`Fetcher.get` behind robots.txt, the host gate and retries."""

    fetcher: Fetcher
    gate: HostGate = field(default_factory=HostGate)
    attempts: int = DEFAULT_ATTEMPTS
    backoff: float = DEFAULT_BACKOFF_S
    respect_robots: bool = True
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, _Robots] = field(default_factory=dict)
    _robots_lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        if self.respect_robots and not self.allowed(url):
            problem = self._robots_for(url).problem
            if problem:
                raise FetchError(f"{host_of(url)}/robots.txt could not be read ({problem}); nothing fetched")
            raise FetchError(f"disallowed by {host_of(url)}/robots.txt")
        delay = self._crawl_delay(url)
        failure: FetchError | None = None
        for attempt in range(max(1, self.attempts)):
            if attempt:
                self.sleep(self._pause(attempt, failure))
            try:
                return self.gate.call(url, lambda: self.fetcher.get(url, etag, last_modified), delay)
            except FetchError as exc:
                failure = exc
                if not exc.transient or (exc.retry_after or 0) > MAX_RETRY_AFTER_S:
                    raise
        assert failure is not None
        if self.attempts > 1:
            raise FetchError(f"{failure} (after {self.attempts} attempts)", failure.status) from failure
        raise failure

    def _pause(self, attempt: int, failure: FetchError | None) -> float:
        base = self.backoff * 2 ** (attempt - 1)
        pause = base + random.uniform(0, base)
        if failure is not None and failure.retry_after is not None:
            pause = max(pause, failure.retry_after)
        return pause

    # ---- robots.txt (RFC 9309)
    def allowed(self, url: str) -> bool:
        robots = self._robots_for(url)
        if robots.disallow_all:
            return False
        return robots.parser is None or robots.parser.can_fetch(ROBOTS_AGENT, url)

    def _crawl_delay(self, url: str) -> float | None:
        if not self.respect_robots:
            return None
        robots = self._robots_for(url)
        if robots.parser is None:
            return None
        delay = robots.parser.crawl_delay(ROBOTS_AGENT)
        return max(float(delay), self.gate.gap) if delay is not None else None

    def _robots_for(self, url: str) -> _Robots:
        host = host_of(url)
        now = time.monotonic()
        with self._robots_lock:
            known = self._robots.get(host)
            if known is not None and now - known.fetched_at < known.ttl:
                return known
        robots = self._fetch_robots(host, now)
        with self._robots_lock:
            self._robots[host] = robots
        return robots

    def _fetch_robots(self, host: str, now: float) -> _Robots:
        try:
            response = self.gate.call(host, lambda: self.fetcher.get(host + "/robots.txt"))
        except FetchError as exc:
            # 4xx: no rules, everything allowed; 5xx or no answer: the site is
            # unreachable, so nothing is fetched until it answers (RFC 9309 2.3.1).
            if exc.status is not None and 400 <= exc.status < 500:
                return _Robots(None, False, now)
            return _Robots(None, True, now, ROBOTS_RETRY_S, str(exc))
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser, False, now)


def jittered(interval: float, rng: random.Random) -> float:
    """The wait before a source's next poll: its interval, up to `POLL_JITTER` of it early."""
    return interval * (1.0 - rng.uniform(0.0, POLL_JITTER))


def next_interval(base: float, current: float, new_entries: int, failures: int) -> float:
    """The interval after a poll: shorter after new entries, longer when idle, and
    doubling per consecutive failure, within the bounds around `base`."""
    if failures:
        return min(base * MAX_FAILURE_FACTOR, base * 2.0 ** min(failures, 8))
    factor = BUSY_FACTOR if new_entries else IDLE_FACTOR
    low, high = base * MIN_INTERVAL_FACTOR, base * MAX_INTERVAL_FACTOR
    return min(high, max(low, current * factor))
