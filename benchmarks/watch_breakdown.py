"""Where an arrival's time went, for benchmarks/watch_latency.py's live phase.

Three clocks are put together, all wall time (`time.time()`, one machine):
- the outlets' own log of what they answered (`Served`): when the feed first answered
  200 after it gained the entry, and when the entry's page was asked for;
- the server's stderr, each line timestamped as it is read (`LogTap`): the poll's line
  (`storyline watch`'s "URL: ok, 1 new, ...; times: feed 0.01 s, ...") and its phases;
- the benchmark's checks of the story view (when the article was first seen there).
"""

from __future__ import annotations

import random
import re
import statistics
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import IO

# One phase in the poll's line: "annotate 0.41 s".
PHASE = re.compile(r"([a-z][a-z ]*?) (\d+\.\d+) s")
# The parts of an arrival measured from outside, in order.
PARTS = ("wait for the poll", "feed to page request", "page to poll stored", "stored to shown")


@dataclass
class Served:
    """(time, path, status) of every answer of one outlet."""

    log: list[tuple[float, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def first(self, path: str, after: float, status: int | None = 200) -> float | None:
        with self.lock:
            return next((t for t, p, s in self.log if p == path and t >= after and status in (None, s)), None)


def logged(handler: type[BaseHTTPRequestHandler], served: Served) -> type[BaseHTTPRequestHandler]:
    """The outlet's handler, noting each answer's time, path and status."""

    class Logged(handler):  # type: ignore[valid-type, misc]
        def send_response(self, code: int, message: str | None = None) -> None:
            with served.lock:
                served.log.append((time.time(), self.path, code))
            super().send_response(code, message)

    return Logged


class LogTap:
    """Reads a process's stderr on a thread, each line with the time it was read."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._lock:
                self.lines.append((time.time(), line.rstrip("\n")))

    def first(self, after: float, *needles: str) -> tuple[float, str] | None:
        with self._lock:
            return next(
                ((t, line) for t, line in self.lines if t >= after and all(n in line for n in needles)), None
            )


def phases(line: str) -> dict[str, float]:
    """The `times: ...` part of a poll's line, as {phase: seconds}."""
    _, found, rest = line.partition("times: ")
    return {name: float(seconds) for name, seconds in PHASE.findall(rest)} if found else {}


@dataclass
class Arrival:
    gained: float  # the feed gained the entry
    shown: float | None  # first seen in the story's view
    feed: float | None = None  # the feed's first 200 after it
    page: float | None = None  # the entry's page asked for
    stored: float | None = None  # the poll's line read from the server's stderr
    outlet: int = 0  # which outlet's feed gained it
    number: int = 0  # its page is /new/NUMBER.html
    inside: dict[str, float] = field(default_factory=dict)

    def follow(self, served: Served, tap: LogTap, feed_url: str, page: str) -> None:
        """Find the arrival's feed answer, page request and poll line in the logs."""
        self.feed = served.first("/rss.xml", self.gained)
        self.page = served.first(page, self.gained, status=None)
        line = tap.first(self.page or self.gained, f"{feed_url}: ok", "new")
        if line is not None:
            self.stored, self.inside = line[0], phases(line[1])

    def parts(self) -> dict[str, float]:
        marks = [self.gained, self.feed, self.page, self.stored, self.shown]
        if any(m is None for m in marks):
            return {}
        return {name: b - a for name, a, b in zip(PARTS, marks, marks[1:], strict=False)}  # type: ignore[operator]


def report(arrivals: Iterable[Arrival]) -> list[str]:
    """Lines: the means of the parts and of the poll's phases, and the slowest arrival's."""
    arrivals = list(arrivals)
    timed = [a for a in arrivals if a.parts() and a.shown is not None]
    missing = {
        name: sum(getattr(a, name) is None for a in arrivals) for name in ("feed", "page", "stored", "shown")
    }
    if not timed:
        return [f"breakdown: no arrival could be followed through the logs (marks missing: {missing})"]
    lines = [
        f"breakdown of {len(timed)} arrivals of {len(arrivals)} (marks missing: {missing}; mean, then the"
        " slowest arrival's), seconds:"
    ]
    slowest = max(timed, key=lambda a: (a.shown or 0) - a.gained)
    for name in PARTS:
        mean = statistics.fmean(a.parts()[name] for a in timed)
        lines.append(f"  {name:<22} {mean:6.2f}   {slowest.parts()[name]:6.2f}")
    names = list(dict.fromkeys(n for a in timed for n in a.inside))
    inside = ", ".join(f"{n} {statistics.fmean(a.inside.get(n, 0.0) for a in timed):.2f}" for n in names)
    lines.append(f"  the poll's phases (mean): {inside}")
    lines.append("  the slowest's: " + ", ".join(f"{n} {s:.2f}" for n, s in slowest.inside.items()))
    return lines


# Phases of the viewer's refresh tried per arrival (`viewer`).
VIEWER_PHASES = 200


def viewer(latencies: list[float], poll: int, seed: int = 16) -> str:
    """Entry to a viewer's story page: the page checks every `poll` s from whenever it
    was opened (htmx `every Ns`), so it shows an article at its first check after the
    story's view has it, uniform over the next `poll` s. Each arrival's latency with
    VIEWER_PHASES evenly spaced phases of that check (the seed picks their offset)."""
    if not latencies or poll <= 0:
        return f"viewer refreshing every {poll} s: -"
    offset = random.Random(seed).random()
    seen = sorted(
        late + poll * ((i + offset) / VIEWER_PHASES) for late in latencies for i in range(VIEWER_PHASES)
    )
    p50, p95 = seen[len(seen) // 2], seen[max(0, round(0.95 * len(seen)) - 1)]
    return f"entry to a viewer's page refreshing every {poll} s: p50 {p50:.1f} s, p95 {p95:.1f} s"
