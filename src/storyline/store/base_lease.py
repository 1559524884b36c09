"""The store contract, part one: opening and closing, transactions, the writer
lease that fences every write transaction, and the id counters.

A part of `Store` (`store/base.py`), which joins the parts; code above the store
imports `Store` from there, never a part.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from storyline.errors import LeaseLostError, WriterBusyError
from storyline.store.lease import DEFAULT_TTL, HEARTBEATS_PER_TTL, Lease

if TYPE_CHECKING:
    from storyline.store.base import Store


class LifecycleContract(ABC):
    """Transactions, the connection's life and the writer lease."""

    location: str  # what `open_store` was given: a path, or a URL without its password
    _lease_token: str | None = None
    _lease_ttl: float = DEFAULT_TTL
    _fenced_at: float = 0.0  # when the open transaction checked the lease (unix seconds)

    # ---- lifecycle
    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction. A nested one is a savepoint: an exception rolls back
        only its own writes, and the outer transaction goes on. Backends call
        `_fence()` first thing inside the outermost one and `_before_commit()`
        last."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def schema_version(self) -> int:
        """The migration the database is at (0 for a new one)."""

    @abstractmethod
    def reopen(self) -> Store:
        """Another connection to the same database (for another thread)."""

    # ---- the writer lease (readers never need it)
    @abstractmethod
    def try_acquire_lease(self, candidate: Lease, now: float) -> Lease:
        """Atomically install `candidate` unless another live lease is held; the lease
        held afterwards (the candidate itself when it won)."""

    @abstractmethod
    def renew_lease(self, token: str, now: float, ttl: float) -> bool:
        """Move the heartbeat and expiry of the lease `token`; False if it is not held."""

    @abstractmethod
    def release_lease(self, token: str) -> None: ...

    @abstractmethod
    def current_lease(self) -> Lease | None: ...

    def is_infrastructure_error(self, exc: BaseException) -> bool:
        """True when `exc` is the database failing (locked, full, damaged), not an
        item's fault: the pipeline stops on these instead of recording a failure."""
        return False

    def hold_lease(self, token: str | None, ttl: float = DEFAULT_TTL) -> None:
        """Write as the holder of lease `token` from now on (None: as no one)."""
        self._lease_token, self._lease_ttl = token, ttl

    def _fence(self) -> None:
        """Refuse a write transaction that is not the lease holder's; renew the lease
        of a holder whose heartbeat is due (the write lock is held already)."""
        now = time.time()
        lease = self.current_lease()
        if self._lease_token is None:
            if lease is not None and lease.live(now):
                raise WriterBusyError(f"database {self.location} is being written by {lease.describe(now)}")
            return
        if lease is None or lease.token != self._lease_token:
            holder = lease.describe(now) if lease is not None else "no one"
            raise LeaseLostError(
                f"this writer's lease on {self.location} expired and was taken over by {holder}; "
                "run again to continue"
            )
        if now - lease.heartbeat_at >= self._lease_ttl / HEARTBEATS_PER_TTL:
            self.renew_lease(self._lease_token, now, self._lease_ttl)
        self._fenced_at = now

    def _before_commit(self) -> None:
        """Renew the holder's lease in the commit of a transaction that ran long.

        While a transaction holds the write lock, the heartbeat cannot write, so a
        rebuild in one long transaction may outlive its lease; renewing inside that
        commit means the lease is live again the moment the lock is free, and a
        waiting writer cannot slip in between the commit and the next heartbeat."""
        if self._lease_token is None:
            return
        now = time.time()
        if now - self._fenced_at >= self._lease_ttl / HEARTBEATS_PER_TTL:
            self.renew_lease(self._lease_token, now, self._lease_ttl)

    @abstractmethod
    def next_id(self, counter: str) -> int:
        """The next number of a named id counter (1, 2, ...), inside the writer's
        transaction: a rolled-back transaction gives its numbers back."""
