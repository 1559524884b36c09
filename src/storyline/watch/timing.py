"""Where one poll's time went: its phases, timed on the poller's thread (the feed,
the entries' pages, extraction) and the writer's (waiting for the writer, storing,
annotating, grouping, the stories), logged with the poll's line by `storyline
watch` and `serve --watch` and read by `benchmarks/watch_latency.py`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

Progress = Callable[[str, int, int], None]


@dataclass
class Phases:
    """Seconds per named phase, in the order they were first timed."""

    spans: dict[str, float] = field(default_factory=dict)
    clock: Callable[[], float] = time.perf_counter

    def add(self, name: str, seconds: float) -> None:
        self.spans[name] = self.spans.get(name, 0.0) + max(0.0, seconds)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        started = self.clock()
        try:
            yield
        finally:
            self.add(name, self.clock() - started)

    def update(self, other: Phases) -> None:
        for name, seconds in other.spans.items():
            self.add(name, seconds)

    def line(self) -> str:
        """`times: feed 0.01 s, pages 1.02 s, ...` (empty when nothing was timed)."""
        if not self.spans:
            return ""
        return "times: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.spans.items())


class StepClock:
    """A pipeline progress callback that notes when each step ("annotate", "group",
    "stories") first reports, and passes every call on. A step's time is from its
    first report to the next step's (or the end): with several batches annotated
    while the first are grouped, "annotate" holds the grouping done meanwhile."""

    def __init__(self, inner: Progress, clock: Callable[[], float] = time.perf_counter) -> None:
        self.inner = inner
        self.clock = clock
        self.marks: list[tuple[str, float]] = []

    def __call__(self, step: str, done: int, total: int) -> None:
        if all(name != step for name, _ in self.marks):
            self.marks.append((step, self.clock()))
        self.inner(step, done, total)

    def into(self, phases: Phases, started: float, ended: float, before: str) -> None:
        """Add the steps' spans between `started` and `ended` to `phases`; the time
        before the first step is `before`."""
        bounds = [(before, started), *self.marks, ("", ended)]
        for (name, at), (_, following) in zip(bounds, bounds[1:], strict=False):
            phases.add(name, following - at)
