"""Long-polled live pages: a page's check for new articles waits on the server
until the store's write generation moves, instead of coming back every few seconds.

A live page (the story list, a story) holds a marker of what it shows
(`Catalog.list_marker`, `PageCache.marker`). Its check (`?live=MARKER&wait=S`)
is answered at once when the marker differs; otherwise the request waits here for
the store's next write generation (`Catalog.generation`: any commit by any
process, this server's writer, `storyline watch`, a CLI ingest), checks the marker
again and goes on waiting, for at most `wait` seconds (LIVE_WAIT_S at most). So a
page learns of an article as soon as the write that shows it commits, plus at most
one GENERATION_CHECK_S, where an interval poll of N s added up to N s.

The generation is read on the event loop's thread only (`Connections.generation`
counts a change on every new thread's first call), by one task that runs while any
request waits and wakes them all when it moves: a check is one `PRAGMA
data_version`, a few microseconds, whatever the number of waiting pages.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

# Seconds a check waits at most before it is answered "unchanged" and the page asks
# again: under the 30-60 s idle timeouts of common proxies (nginx's proxy_read_timeout
# is 60 s), so a proxied page keeps its check open; each renewal is one small answer.
LIVE_WAIT_S = 25
# Seconds between the waiting task's looks at the write generation: what a page
# waits past the commit at most (against the 2.6 s mean wait for a feed's poll at
# --interval 5, benchmarks.md "Session 16: watch"); 4 pragmas a second while any page waits.
GENERATION_CHECK_S = 0.25
# The query parameter that makes a live check wait (its value: seconds).
WAIT_PARAM = "wait"


class GenerationWaiter:
    """Lets requests wait for the store's write generation to pass the one they saw.

    Lives on the event loop (no locks): `wait_past` is awaited by request handlers,
    the one polling task is started by the first waiter and ends with the last.
    """

    def __init__(self, generation: Callable[[], int], check_s: float = GENERATION_CHECK_S) -> None:
        self.generation = generation
        self.check_s = check_s
        self._moved = asyncio.Event()
        self._waiting = 0
        self._task: asyncio.Task[None] | None = None
        self.checks = 0  # generation looks taken (a test and a benchmark read it)
        self.stopping = False

    def stop(self) -> None:
        """End every wait now and any later one at once (the server is stopping)."""
        self.stopping = True
        self._moved.set()

    def stop_on_exit_signals(self) -> None:
        """Chain `stop` before the SIGINT and SIGTERM handlers in place (uvicorn's,
        set before the app starts): uvicorn then waits for open requests to end
        before it stops, and a page's check would hold a Ctrl-C up to its wait.
        Only on the main thread (where signals are handled; not under TestClient)."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(sig)
            if not callable(previous):
                continue

            def handler(
                signum: int, frame: FrameType | None, previous: Callable[..., object] = previous
            ) -> None:
                loop.call_soon_threadsafe(self.stop)
                previous(signum, frame)

            signal.signal(sig, handler)

    def current(self) -> int:
        return self.generation()

    async def wait_past(self, seen: int, timeout: float) -> int:
        """The generation once it is past `seen`, or the current one after `timeout` s."""
        deadline = time.monotonic() + timeout
        current = self.generation()
        self._waiting += 1
        try:
            while current == seen and not self.stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                if self._task is None or self._task.done():
                    # from the generation this waiter saw, not the task's own first look: a
                    # commit counted between the two (by another request's read on the loop)
                    # would otherwise be the task's starting point, and this wait miss it
                    self._task = asyncio.get_running_loop().create_task(self._watch(current))
                moved = self._moved
                try:
                    await asyncio.wait_for(moved.wait(), remaining)
                except TimeoutError:
                    pass
                current = self.generation()
        finally:
            self._waiting -= 1
        return current

    async def _watch(self, last: int) -> None:
        while self._waiting > 0:
            await asyncio.sleep(self.check_s)
            self.checks += 1
            now = self.generation()
            if now != last:
                last = now
                moved, self._moved = self._moved, asyncio.Event()
                moved.set()  # every waiter looks again; later waiters wait on the new event
