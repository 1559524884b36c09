"""One writer per database, through the real `storyline` command: concurrent
ingests queue behind the writer lease, a killed writer's lease is taken over
after it expires, and nothing is lost or assigned twice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.store import Store, open_store
from storyline.store.lease import WriterLease

STORYLINE = shutil.which("storyline") or "storyline"


def bsnlp(corpora: Path) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    by_topic: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    with open(corpora / "bsnlp-ru" / "articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            by_topic.setdefault(record["topic"], []).append(record)
    return by_topic


def write_jsonl(path: Path, records: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def fresh_db(path: Path) -> Path:
    open_store(path).close()  # created up front: the race under test is writing, not creating
    return path


def ingest(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [STORYLINE, "ingest", *args, "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def finish(proc: subprocess.Popen[str]) -> tuple[str, str]:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return out, err


def check_grouping(store: Store, topic_of: dict[str, str]) -> None:
    """Every article stored once and assigned once; thread and story ids unique; threads partition."""
    ids = store.article_ids()
    assert sorted(ids) == sorted(topic_of) and len(ids) == len(set(ids))
    assert set(store.assignments()) == set(ids) and store.ids_without_assignment() == []
    threads = store.threads()
    assert len({t.id for t in threads}) == len(threads)
    members = [a for t in threads for a in t.article_ids]
    assert sorted(members) == sorted(ids)
    stories = store.stories()
    assert len({s.id for s in stories}) == len(stories)
    assert sorted(a for s in stories for a in s.article_ids) == sorted(ids)
    assert store.failures() == []


def test_two_ingests_at_once_queue_and_lose_nothing(tmp_path: Path, corpora: Path) -> None:
    topics = bsnlp(corpora)
    shared = topics["nord_stream"][:6]
    first = write_jsonl(tmp_path / "a.jsonl", topics["asia_bibi"][:8] + shared)
    second = write_jsonl(tmp_path / "b.jsonl", shared + topics["covid-19"][:8])
    db = fresh_db(tmp_path / "both.db")
    procs = [ingest(str(first), "--db", str(db)), ingest(str(second), "--db", str(db))]
    outputs = [finish(p)[0] for p in procs]
    accepted = [int(o.split(" accepted")[0].split()[-1]) for o in outputs]
    assert sum(accepted) == 22  # the six shared articles were stored by whichever ran first
    topic_of = {r["id"]: r["topic"] for r in topics["asia_bibi"][:8] + shared + topics["covid-19"][:8]}
    with open_store(db) as store:
        check_grouping(store, topic_of)
        assert store.current_lease() is None  # both released it
        for thread in store.threads():
            found = {topic_of[a] for a in thread.article_ids}
            assert not {"asia_bibi", "covid-19"} <= found, (thread.id, found)


def test_a_second_writer_gives_up_with_one_line_naming_the_holder(tmp_path: Path, seeds_dir: Path) -> None:
    db = fresh_db(tmp_path / "held.db")
    with open_store(db) as store, WriterLease(store, "a test holding the lease", wait=0, ttl=30):
        proc = subprocess.run(
            [STORYLINE, "ingest", str(seeds_dir), "--db", str(db), "--wait", "1"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: database ")
    assert f"a test holding the lease (pid {os.getpid()}" in proc.stderr and "waiting 1 s" in proc.stderr
    with open_store(db) as store:
        assert store.count_articles() == 0


def _wait_for(db: Path, sql: str, deadline: float) -> None:
    import sqlite3

    while time.monotonic() < deadline:
        with sqlite3.connect(db) as conn:
            if conn.execute(sql).fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {sql}")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_writer_is_taken_over_after_expiry(tmp_path: Path, corpora: Path) -> None:
    topics = bsnlp(corpora)
    records = topics["brexit"][:20] + topics["us_election_2020"][:20]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    db = fresh_db(tmp_path / "killed.db")
    ttl = {"STORYLINE_LEASE_TTL": "3"}
    victim = ingest(str(source), "--db", str(db), env=ttl)
    # Killed in the middle of grouping: some articles assigned, the lease held.
    _wait_for(db, "SELECT COUNT(*) FROM assignments", time.monotonic() + 300)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    with open_store(db) as store:
        lease = store.current_lease()
        assert lease is not None and lease.pid == victim.pid  # still held by the dead writer
        assert 0 < store.count_assignments()
    killed_at = time.time()
    successor = ingest(str(source), "--db", str(db), "--wait", "60", env=ttl)
    out, _ = finish(successor)
    assert time.time() >= lease.expires_at and time.time() - killed_at < 60
    assert " accepted" in out
    with open_store(db) as store:
        check_grouping(store, {r["id"]: r["topic"] for r in records})
        assert all(story.summary for story in store.stories())
        assert store.current_lease() is None


def _outside_reader(db: Path, sql: str) -> int:
    """`sql`'s count from another process through a read-write connection (as the killed-
    writer test's `_wait_for` reads), closed when done: the close is what could checkpoint."""
    code = f"import sqlite3; c = sqlite3.connect({str(db)!r}); print(c.execute({sql!r}).fetchone()[0]); c.close()"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return int(proc.stdout)


def test_opening_a_second_store_keeps_the_writers_locks(tmp_path: Path) -> None:
    """Opening another store on the same file in a writer's process (the lease heartbeat
    does) must not drop the writer's locks on it. It once read the file's header with a
    plain open()/close(), which releases every POSIX lock the process holds on the file;
    an outside connection closing next took itself for the last one and checkpointed and
    deleted the WAL under the writer, whose later commits no other process saw (and a
    checkpoint racing them left "database disk image is malformed")."""
    db = fresh_db(tmp_path / "locks.db")
    count = "SELECT COUNT(*) FROM state WHERE key LIKE 'test/%'"
    with open_store(db) as store:
        with store.transaction():
            store.set_state("test/first", b"1")
        second = store.reopen()
        try:
            assert _outside_reader(db, count) == 1
            assert db.with_name(db.name + "-wal").exists()  # still the writer's
            with store.transaction():
                store.set_state("test/second", b"2")
            assert _outside_reader(db, count) == 2  # the later commit is seen
        finally:
            second.close()
