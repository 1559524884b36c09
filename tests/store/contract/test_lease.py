"""The writer lease: one live holder; takeover only after expiry; writes fenced."""

from __future__ import annotations

import threading
import time

import pytest

from storyline.errors import LeaseLostError, WriterBusyError
from storyline.store import Store
from storyline.store.lease import WriterLease, new_lease
from tests.store.contract.helpers import article

# A lease short enough to expire within a test, long enough to survive a loaded machine.
SHORT_TTL = 2.0


def test_one_live_holder_at_a_time(backend) -> None:  # type: ignore[no-untyped-def]
    a, b = backend(), backend()
    now = time.time()
    first = new_lease("ingest A", 30, now)
    assert a.try_acquire_lease(first, now) == first
    held = b.try_acquire_lease(new_lease("ingest B", 30, now), now)
    assert held.token == first.token and held.owner == "ingest A"
    assert b.current_lease() == first


def test_an_expired_lease_is_taken_over(store: Store) -> None:
    now = time.time()
    dead = new_lease("killed", 1, now - 10)
    store.try_acquire_lease(dead, now - 10)
    fresh = new_lease("next", 30, now)
    assert store.try_acquire_lease(fresh, now) == fresh


def test_renew_and_release(store: Store) -> None:
    now = time.time()
    lease = new_lease("w", 5, now)
    store.try_acquire_lease(lease, now)
    assert store.renew_lease(lease.token, now + 3, 5)
    current = store.current_lease()
    assert current is not None and current.expires_at == pytest.approx(now + 8)
    assert not store.renew_lease("someone else", now, 5)
    store.release_lease(lease.token)
    assert store.current_lease() is None


def test_writes_are_fenced(backend) -> None:  # type: ignore[no-untyped-def]
    holder, intruder = backend(), backend()
    with WriterLease(holder, "ingest A", wait=0, ttl=30):
        with holder.transaction():
            holder.add_article(article(1))
        with pytest.raises(WriterBusyError, match="ingest A"), intruder.transaction():
            intruder.add_article(article(2))
    with intruder.transaction():  # released: anyone may write again
        intruder.add_article(article(2))
    assert intruder.article_ids() == ["a1", "a2"]


def test_a_writer_whose_lease_was_taken_over_cannot_write(backend) -> None:  # type: ignore[no-untyped-def]
    slow, other = backend(), backend()
    now = time.time()
    stale = new_lease("stalled", 1, now - 5)
    slow.try_acquire_lease(stale, now - 5)
    slow.hold_lease(stale.token, 1)
    other.try_acquire_lease(new_lease("successor", 30, now), now)
    with pytest.raises(LeaseLostError, match="successor"), slow.transaction():
        slow.add_article(article(1))
    assert other.count_articles() == 0


def test_a_waiting_writer_gives_up_naming_the_holder(backend) -> None:  # type: ignore[no-untyped-def]
    with WriterLease(backend(), "storyline ingest", wait=0, ttl=30):
        started = time.monotonic()
        with pytest.raises(WriterBusyError) as caught:
            WriterLease(backend(), "storyline recluster", wait=0.6, ttl=30).acquire()
        assert time.monotonic() - started >= 0.6
    message = str(caught.value)
    assert "storyline ingest (pid" in message and "gave up after waiting" in message and "\n" not in message


def test_the_heartbeat_keeps_a_short_lease_alive(backend) -> None:  # type: ignore[no-untyped-def]
    holder = backend()
    # Lifetimes of seconds, not tenths: on a loaded machine a heartbeat thread can be
    # kept off the CPU for longer than a very short lease.
    with WriterLease(holder, "busy writer", wait=0, ttl=SHORT_TTL) as lease:
        time.sleep(2.5 * SHORT_TTL)  # over two lifetimes without a transaction of its own
        current = backend().current_lease()
        assert current is not None and lease.lease is not None and current.token == lease.lease.token
        assert current.live(time.time())
        with holder.transaction():
            holder.add_article(article(1))


def test_a_waiting_writer_gets_the_lease_when_it_is_released(backend) -> None:  # type: ignore[no-untyped-def]
    backend().close()
    holding = threading.Event()

    def hold_briefly() -> None:
        store = backend()
        with WriterLease(store, "first", wait=0, ttl=30):
            holding.set()
            time.sleep(0.5)
        store.close()

    thread = threading.Thread(target=hold_briefly)
    thread.start()
    holding.wait(5)
    second = WriterLease(backend(), "second", wait=10, ttl=30)
    second.acquire()
    thread.join()
    current = backend().current_lease()
    assert current is not None and current.owner == "second"
    second.release()


def test_a_transaction_longer_than_the_lease_renews_it_in_its_commit(backend) -> None:  # type: ignore[no-untyped-def]
    holder, watcher = backend(), backend()
    now = time.time()
    lease = new_lease("one long rebuild", SHORT_TTL, now)  # no heartbeat thread: only the commit can renew
    holder.try_acquire_lease(lease, now)
    holder.hold_lease(lease.token, SHORT_TTL)
    with holder.transaction():
        holder.add_article(article(1))
        time.sleep(1.5 * SHORT_TTL)  # longer than the lease
    current = watcher.current_lease()
    assert current is not None and current.token == lease.token
    assert current.live(time.time())  # renewed by the commit: nobody could slip in
