"""The writer lease on PostgreSQL: the lease row, held by a session advisory lock.

The row (`writer_lease`) says who holds the lease, as on SQLite: owner, pid,
host, heartbeat and expiry, for the one line a waiting writer ends with. On
PostgreSQL the holder's connection also takes a session-level advisory lock
named after the lease's token, and keeps it until it releases the lease or its
connection ends. A live row whose lock nobody holds belongs to a writer that
died (killed, its host gone): it is taken over at once instead of after its
expiry. A row past its expiry is taken over as on SQLite (the holder stalled),
and the fence then refuses the stalled writer's next transaction.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from storyline.store.lease import Lease

if TYPE_CHECKING:
    from storyline.store.dialect import Connection

# The advisory-lock space of leases: "STLN" + 1 (postgres.LOCK_SPACE holds the
# store's own write and migration locks).
LEASE_SPACE = 0x53544C4F
# Lease keys are kept below 2**31: PostgreSQL shows the key as an unsigned oid in
# pg_locks, and a non-negative int4 reads back the same.
KEY_MASK = 0x7FFFFFFF


def lease_key(token: str) -> int:
    """The advisory-lock key of a lease token (31 bits of its SHA-1)."""
    return int.from_bytes(hashlib.sha1(token.encode()).digest()[:4], "big") & KEY_MASK


class AdvisoryLease:
    """Overrides the lease methods of `RuntimeTables` for PostgreSQL."""

    _db: Connection
    _locked_token: str | None = None  # the lease whose advisory lock this session holds

    if TYPE_CHECKING:

        def current_lease(self) -> Lease | None: ...  # RuntimeTables'

    def _holder_connected(self, token: str) -> bool:
        """True while some session (this one too) holds the advisory lock of `token`."""
        row = self._db.execute(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = ? AND objid = ? AND objsubid = 2",
            (LEASE_SPACE, lease_key(token)),
        ).fetchone()
        return row is not None

    def _drop_lock(self) -> None:
        if self._locked_token is not None:
            self._db.execute("SELECT pg_advisory_unlock(?, ?)", (LEASE_SPACE, lease_key(self._locked_token)))
            self._locked_token = None

    def try_acquire_lease(self, candidate: Lease, now: float) -> Lease:
        with self._unfenced():  # type: ignore[attr-defined]
            held = self.current_lease()
            if held is not None and held.live(now) and self._holder_connected(held.token):
                return held
            self._drop_lock()
            self._db.execute("SELECT pg_advisory_lock(?, ?)", (LEASE_SPACE, lease_key(candidate.token)))
            self._locked_token = candidate.token
            self._put_lease(candidate)  # type: ignore[attr-defined]
            return candidate

    def release_lease(self, token: str) -> None:
        with self._unfenced():  # type: ignore[attr-defined]
            self._db.execute("DELETE FROM writer_lease WHERE token=?", (token,))
        if self._locked_token == token:
            self._drop_lock()
