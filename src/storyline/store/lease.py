"""The writer lease: one writer per database, enforced by the database itself.

A writer (an ingest, the feed watcher, a recluster) takes the lease before it
writes and keeps renewing it; a second writer waits for it up to a timeout and
then gives up with one line naming the holder. A holder that died (SIGKILL, a
power cut) stops renewing, and its lease is taken over once it has expired.
Readers never touch it.

Every write transaction is fenced: it checks, under the database's write lock,
that the lease is still this writer's (or that nobody holds one), so a writer
whose lease was taken over cannot write a single row more.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.errors import StorylineError, WriterBusyError

if TYPE_CHECKING:
    from storyline.store.base import Store

# A lease lives this long without a heartbeat. Long enough that a writer stalled
# by a busy machine (2 cores, 8 processes) or a long transaction keeps it; short
# enough that a killed writer blocks the next one for half a minute at most.
DEFAULT_TTL = 30.0
# Heartbeats per lease lifetime: two may be missed before the lease expires.
HEARTBEATS_PER_TTL = 3
# How long a second writer waits for the lease by default: a CLI ingest queued
# behind another one usually wants to run after it rather than fail at once.
DEFAULT_WAIT = 300.0
# Polling interval while waiting (a lease row read is microseconds).
POLL = 0.25


@dataclass(frozen=True)
class Lease:
    """The lease row: who holds the database for writing, and until when."""

    token: str
    owner: str
    pid: int
    host: str
    acquired_at: float
    heartbeat_at: float
    expires_at: float

    def live(self, now: float) -> bool:
        return self.expires_at > now

    def describe(self, now: float) -> str:
        """The holder in one phrase, for the message a waiting writer ends with."""
        return (
            f"{self.owner} (pid {self.pid} on {self.host}, last heartbeat "
            f"{max(0.0, now - self.heartbeat_at):.0f} s ago, expires in "
            f"{max(0.0, self.expires_at - now):.0f} s)"
        )


def new_lease(owner: str, ttl: float, now: float) -> Lease:
    return Lease(
        token=uuid.uuid4().hex,
        owner=owner,
        pid=os.getpid(),
        host=socket.gethostname(),
        acquired_at=now,
        heartbeat_at=now,
        expires_at=now + ttl,
    )


class WriterLease:
    """Holds `store`'s writer lease between `acquire()` and `release()` (or a with-block).

    The heartbeat runs on a thread with its own connection, so it renews while the
    writer is busy outside the database (loading models, annotating); the store
    also renews inside its own write transactions.
    """

    def __init__(
        self, store: Store, owner: str, wait: float = DEFAULT_WAIT, ttl: float = DEFAULT_TTL
    ) -> None:
        if ttl <= 0:
            raise ValueError("lease ttl must be positive")
        self.store = store
        self.owner = owner
        self.wait = max(0.0, wait)
        self.ttl = ttl
        self.lease: Lease | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> Lease:
        deadline = time.monotonic() + self.wait
        while True:
            now = time.time()
            mine = new_lease(self.owner, self.ttl, now)
            held = self.store.try_acquire_lease(mine, now)
            if held.token == mine.token:
                break
            if time.monotonic() >= deadline:
                raise WriterBusyError(
                    f"database {self.store.location} is being written by {held.describe(time.time())}; "
                    f"gave up after waiting {self.wait:.0f} s (--wait / STORYLINE_WRITER_WAIT)"
                )
            time.sleep(min(POLL, max(0.0, deadline - time.monotonic())))
        self.lease = mine
        self.store.hold_lease(mine.token, self.ttl)
        self._thread = threading.Thread(target=self._beat, name="storyline-lease", daemon=True)
        self._thread.start()
        return mine

    def _beat(self) -> None:
        assert self.lease is not None
        token = self.lease.token
        interval = self.ttl / HEARTBEATS_PER_TTL
        beat_store = self.store.reopen()
        try:
            while not self._stop.wait(interval):
                try:
                    if not beat_store.renew_lease(token, time.time(), self.ttl):
                        return  # taken over: the writer's next transaction is refused
                except StorylineError:
                    continue  # the database was busy for longer than its timeout: next beat
        finally:
            beat_store.close()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.lease is not None:
            self.store.hold_lease(None, self.ttl)
            self.store.release_lease(self.lease.token)
            self.lease = None

    def __enter__(self) -> WriterLease:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
