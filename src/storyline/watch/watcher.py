"""The watch loop: polls every due source (a few at once), stores each poll's
outcome through one writer, and sleeps until the next source is due.

The store given for reading is used only on the thread that runs the loop; the
pollers get what they need from it. Writes go through `run_write(job)`, which runs `job(pipeline)` with the writer
lease held: directly for `storyline watch`, on the server's writer thread for
`storyline serve --watch`, so the server still has exactly one writer.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import TypeVar

from storyline.errors import UpgradeNeededError
from storyline.ingest.records import reject
from storyline.model import SeenEntry, SourceState
from storyline.pipeline import Pipeline
from storyline.reasons import reason
from storyline.store.base import Store
from storyline.watch.commit import Stored, store_poll, store_states
from storyline.watch.polite import (
    MAX_FAILURE_FACTOR,
    MAX_INTERVAL_FACTOR,
    MIN_INTERVAL_FACTOR,
    jittered,
    next_interval,
)
from storyline.watch.poll import Poller, PollResult, source_label

T = TypeVar("T")
RunWrite = Callable[[Callable[[Pipeline], T]], T]

# Sources polled at once: a hanging source holds one poller, not the others.
DEFAULT_POLLERS = 4
# Longest sleep between two looks at the schedule (so a stop is noticed quickly).
MAX_NAP_S = 1.0
# Seconds a poll that found nothing to store but the source's own state (a 304, or a
# feed whose entries were all seen) may wait to be stored with others: each took the
# writer lease and a transaction of its own, at `--interval 5` over 50 feeds ten a
# second, ~25 ms of the writer's CPU each (benchmarks/watch_idle.py, session 14) and a
# queue an arrival's poll waited behind. Losing them (SIGKILL) loses no article and
# no seen entry, only when those sources were last asked, so they are asked again.
STATE_FLUSH_S = 30.0


@dataclass
class WatchTotals:
    polls: int = 0
    failed_polls: int = 0
    new: int = 0
    edited: int = 0
    rejected: int = 0
    already_stored: int = 0  # entries whose text was stored already (not new, not rejected)
    failed_commits: int = 0  # polls that could not be stored (they are polled again)
    story_ids: set[str] = field(default_factory=set)


class Watcher:
    def __init__(
        self,
        urls: Sequence[str],
        read_store: Store,
        run_write: RunWrite[Stored],
        poller: Poller,
        interval: float,
        pollers: int = DEFAULT_POLLERS,
        clock: Callable[[], float] = time.time,
        on_poll: Callable[[PollResult, Stored], None] | None = None,
        on_error: Callable[[str, str], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.urls = list(dict.fromkeys(urls))
        self.read_store = read_store
        self.run_write = run_write
        self.poller = poller
        self.interval = interval
        self.pollers = max(1, pollers)
        self.clock = clock
        self.on_poll = on_poll
        self.on_error = on_error
        self.rng = rng or random.Random()  # spreads the sources' polls (`polite.POLL_JITTER`)
        self.stop = threading.Event()
        self.totals = WatchTotals()
        self._held: dict[str, float] = {}  # url -> not polled before (its last poll could not be stored)
        self.flush_after = STATE_FLUSH_S
        # Each source's state as last stored or kept (read from the store once: this
        # watcher is its sources' one writer), and the kept ones not stored yet.
        self._states: dict[str, SourceState] = {}
        self._unsaved: dict[str, SourceState] = {}
        self._unsaved_since: float | None = None

    def _state(self, url: str) -> SourceState:
        known = self._states.get(url)
        if known is None:
            known = self.read_store.watch_source(url) or SourceState(url=url, interval=self.interval)
            self._states[url] = known
        return replace(known)  # a poll changes its own copy

    def _due(self, now: float, busy: set[str]) -> list[SourceState]:
        states = [self._state(u) for u in self.urls if u not in busy]
        return [s for s in states if self._due_at(s) <= now]

    def _due_at(self, state: SourceState) -> float:
        return max(self._next_poll(state), self._held.get(state.url, 0.0))

    def _next_poll(self, state: SourceState) -> float:
        """When a source is due: as stored, but never later than the configured
        interval allows (a watcher restarted with a shorter --interval)."""
        if state.next_poll is None or state.last_poll is None:
            return 0.0
        factor = MAX_FAILURE_FACTOR if state.failures else MAX_INTERVAL_FACTOR
        return min(state.next_poll, state.last_poll + self.interval * factor)

    def _poll(self, state: SourceState, seen: dict[str, SeenEntry]) -> PollResult:
        try:
            return self.poller.poll(state, seen, self.clock())
        except Exception as exc:  # a bug with one source must not stop the others
            why = reason("unexpected_error", type=type(exc).__name__, detail=exc)
            state.last_poll, state.status, state.failures = (
                self.clock(),
                f"error: {why.text}",
                state.failures + 1,
            )
            return PollResult(state, rejection=reject(source_label(state.url), why))

    def _commit(self, result: PollResult) -> None:
        state = result.state
        # The interval adapts around the configured one, whatever the stored state was built with.
        base = self.interval
        low, high = base * MIN_INTERVAL_FACTOR, base * MAX_INTERVAL_FACTOR
        current = min(max(state.interval, low), high)
        state.interval = next_interval(base, current, result.new_entries, state.failures)
        state.next_poll = (state.last_poll or self.clock()) + jittered(state.interval, self.rng)
        now = self.clock()
        if result.rejection is None and not result.handled:  # only the source's state changed
            self._states[state.url] = self._unsaved[state.url] = state
            self._unsaved_since = now if self._unsaved_since is None else self._unsaved_since
            self._count(result, Stored())
            if now - self._unsaved_since >= self.flush_after:
                self.flush()
            return
        kept = [s for url, s in self._unsaved.items() if url != state.url]  # stored with this poll
        submitted = time.perf_counter()
        ran: list[float] = []

        def job(pipeline: Pipeline) -> Stored:
            ran.append(time.perf_counter())
            return store_poll(pipeline, result, now, kept)

        try:
            stored = self.run_write(job)
        except UpgradeNeededError:  # another process moved the store to another annotator: stop
            raise
        except Exception as exc:  # e.g. another writer held the lease too long: nothing was stored
            # The poll is lost, not half-stored; the source is tried again after its interval.
            self._held[state.url] = now + state.interval
            self.totals.failed_commits += 1
            if self.on_error is not None:
                self.on_error(state.url, f"could not store this poll: {type(exc).__name__}: {exc}")
            return
        done = time.perf_counter()
        waited = (ran[0] if ran else done) - submitted  # the writer's queue and lease
        result.phases.add("writer wait", waited)
        result.phases.update(stored.phases)
        result.phases.add("after", done - submitted - waited - sum(stored.phases.spans.values()))
        self._states[state.url] = state  # only once stored: a lost poll is redone from the old state
        self._unsaved.clear()
        self._unsaved_since = None
        self._count(result, stored)

    def flush(self) -> None:
        """Store the states of polls that found nothing else (one writer lease for all);
        when that fails they stay kept, and go with the next write."""
        if not self._unsaved:
            return
        states = list(self._unsaved.values())
        try:
            self.run_write(lambda pipeline: store_states(pipeline, states))
        except UpgradeNeededError:
            raise
        except Exception as exc:
            if self.on_error is not None:
                self.on_error(states[0].url, f"could not store {len(states)} sources' state: {exc}")
            return
        self._unsaved.clear()
        self._unsaved_since = None

    def _count(self, result: PollResult, stored: Stored) -> None:
        self.totals.polls += 1
        self.totals.failed_polls += result.rejection is not None
        self.totals.new += len(stored.new_ids)
        self.totals.edited += len(stored.edited_ids)
        self.totals.rejected += stored.rejected
        self.totals.already_stored += stored.already_stored
        self.totals.story_ids |= stored.story_ids
        if self.on_poll is not None:
            self.on_poll(result, stored)

    def run(self, once: bool = False) -> WatchTotals:
        """Poll until `stop` is set (or, with `once`, every source exactly once)."""
        pending: dict[Future[PollResult], str] = {}
        done_once: set[str] = set()
        with ThreadPoolExecutor(max_workers=self.pollers, thread_name_prefix="watch") as pool:
            while not self.stop.is_set():
                busy = set(pending.values())
                if once:
                    due = [self._state(u) for u in self.urls if u not in busy and u not in done_once]
                else:
                    due = self._due(self.clock(), busy)
                for state in due[: max(0, self.pollers - len(pending))]:
                    seen = self.read_store.seen_entries(state.url)  # read here: the store is this thread's
                    pending[pool.submit(self._poll, state, seen)] = state.url
                    done_once.add(state.url)
                if self._unsaved_since is not None and self.clock() - self._unsaved_since >= self.flush_after:
                    self.flush()
                if not pending:
                    if once:
                        break
                    self.stop.wait(self._nap(busy))
                    continue
                # Wake when a poll ends, or when the next source is due and a poller is free.
                nap = self._nap(set(pending.values())) if len(pending) < self.pollers else MAX_NAP_S
                finished, _ = wait(list(pending), timeout=nap, return_when=FIRST_COMPLETED)
                for future in finished:
                    pending.pop(future)
                    self._commit(future.result())
            for future in pending:  # stopped: what is in flight is abandoned (re-polled on restart)
                future.cancel()
        self.flush()
        return self.totals

    def _nap(self, busy: set[str]) -> float:
        """Seconds until the next source not in flight is due (at most MAX_NAP_S)."""
        upcoming = [self._due_at(self._state(u)) for u in self.urls if u not in busy]
        if not upcoming:
            return MAX_NAP_S
        return max(0.05, min(MAX_NAP_S, min(upcoming) - self.clock()))
