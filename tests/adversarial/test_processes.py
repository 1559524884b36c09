"""Signals and process deaths: orphan workers, Ctrl-C, and a run killed mid-grouping."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.adversarial.conftest import wait_for
from tests.adversarial.helpers import GOOD_TEXTS, STORYLINE, check_database, run, succeeded, write_jsonl

# Seconds the workers get to notice their parent died ("within a few seconds").
ORPHAN_GRACE_S = 5.0
# Seconds to wait for a CLI run to reach a state (models loaded, pool started).
START_TIMEOUT_S = 120.0

PLACES = ("Бишкеке", "Оше", "Караколе", "Нарыне", "Таласе", "Джалал-Абаде", "Баткене", "Токмоке")


def many_articles(path: Path, count: int) -> Path:
    """`count` distinct articles, enough that `-w 2` starts a pool (over 32)."""
    records: list[dict[str, object]] = []
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        text = (
            f"{GOOD_TEXTS[i % 2]} В {place} {i + 1} января собрались {10 + i} жителей. Заседание номер {i}."
        )
        records.append({"id": f"m-{i}", "text": text, "published": f"2022-01-{1 + i % 28:02d}"})
    return write_jsonl(path, records)


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_workers_exit_when_the_parent_is_killed(inputs: Path, db: Path) -> None:
    source = many_articles(inputs / "many.jsonl", 96)
    proc = subprocess.Popen(
        [STORYLINE, "ingest", str(source), "--db", str(db), "-w", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        assert wait_for(lambda: len(children(proc.pid)) >= 2, START_TIMEOUT_S), "the pool never started"
        workers = children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert wait_for(lambda: not any(alive(w) for w in workers), ORPHAN_GRACE_S), [
            w for w in workers if alive(w)
        ]
    finally:
        if proc.poll() is None:
            proc.kill()
        for worker in workers:  # a failed run of this test must not leave them behind
            if alive(worker):
                os.kill(worker, signal.SIGKILL)
    check_database(db, processed=False)


def test_ctrl_c_says_interrupted_and_exits_130(inputs: Path, db: Path) -> None:
    source = many_articles(inputs / "many.jsonl", 96)
    proc = subprocess.Popen(
        [STORYLINE, "ingest", str(source), "--db", str(db), "-w", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: len(children(proc.pid)) >= 2, START_TIMEOUT_S), "the pool never started"
    workers = children(proc.pid)
    proc.send_signal(signal.SIGINT)
    for worker in workers:  # a terminal's Ctrl-C reaches the whole foreground group
        try:
            os.kill(worker, signal.SIGINT)
        except ProcessLookupError:
            pass
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, err)
    assert [line for line in err.splitlines() if line.strip()] == ["interrupted"], err
    assert wait_for(lambda: not any(alive(w) for w in workers), ORPHAN_GRACE_S)
    check_database(db, processed=False)
    # The next run finishes the work.
    succeeded(run("ingest", str(source), "--db", str(db), "-w", "1"))
    check_database(db)


KILL_DURING_GROUPING = textwrap.dedent(
    """
    import os, signal, sys
    from storyline.ingest import ingest
    from storyline.pipeline import process
    from storyline.store import open_store

    def progress(step, done, total):
        if step == "group" and done == 2:
            os.kill(os.getpid(), signal.SIGKILL)  # a real kill, between two grouping transactions

    with open_store(sys.argv[1]) as store:
        ingest(store, [sys.argv[2]])
        process(store, 1, progress)
    """
)


def test_no_false_upgrade_message_after_a_killed_run(inputs: Path, db: Path) -> None:
    source = many_articles(inputs / "some.jsonl", 6)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_DURING_GROUPING, str(db), str(source)], capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    out = succeeded(run("ingest", str(source), "--db", str(db), "-w", "1"))
    assert "newer annotator" not in out
    assert "0 accepted" in out and "6 duplicates" in out
    check_database(db)


def test_sigterm_says_terminated_and_exits_143(inputs: Path, db: Path) -> None:
    source = many_articles(inputs / "many.jsonl", 96)
    proc = subprocess.Popen(
        [STORYLINE, "ingest", str(source), "--db", str(db), "-w", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: len(children(proc.pid)) >= 2, START_TIMEOUT_S), "the pool never started"
    workers = children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, (proc.returncode, err)
    assert [line for line in err.splitlines() if line.strip()] == ["terminated"], err
    assert wait_for(lambda: not any(alive(w) for w in workers), ORPHAN_GRACE_S)
    check_database(db, processed=False)
