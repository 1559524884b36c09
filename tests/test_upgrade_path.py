"""An annotator VERSION bump on a stored corpus, through the real `storyline` entry point.

A store annotated by another annotator version is made here from a current one by
setting its annotations' version (and the grouping's marker) to an older number: what
the stored rows of an older storyline look like, without needing that storyline.
`ingest` must refuse with one line and exit 4 and change nothing; `--no-process` only
stores; `--upgrade` redoes the annotations and the grouping, and a killed upgrade
goes on where it stopped. The watcher refuses to start, the API answers 409.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.annotate import VERSION
from storyline.pipeline import GROUPED_WITH
from storyline.web.app import create_app

STORYLINE = shutil.which("storyline") or "storyline"
OLD = "older-than-" + VERSION  # an annotator version this code never had
TOKEN = "upgrade-token-3c1e"
NEW_ARTICLE = {
    "id": "upgrade-new-1",
    "title": "Парламент Казахстана одобрил поправки в бюджет",
    "text": "Мажилис парламента Казахстана в среду одобрил поправки в республиканский бюджет на 2022 год. "
    "Расходы увеличены на 1,2 трлн тенге, сообщила пресс-служба палаты.",
    "published": "2022-02-02",
    "source": "example.kz",
}


def run(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([STORYLINE, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def current_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("upgrade") / "seeds.db"
    proc = run("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    return db


@pytest.fixture
def old_db(current_db: Path, tmp_path: Path) -> Path:
    """A copy whose annotations and grouping an older annotator made."""
    db = tmp_path / "old.db"
    shutil.copy(current_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE annotations SET version = ?", (OLD,))
        conn.execute("UPDATE state SET value = ? WHERE key = ?", (OLD.encode(), GROUPED_WITH))
    return db


@pytest.fixture
def new_file(tmp_path: Path) -> Path:
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(NEW_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _versions(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT version, COUNT(*) FROM annotations GROUP BY version").fetchall())


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def _marker(db: Path) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM state WHERE key = ?", (GROUPED_WITH,)).fetchone()
    return bytes(row[0]).decode() if row else None


def _refusal(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 4, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def test_ingest_refuses_with_one_line_and_changes_nothing(old_db: Path, new_file: Path) -> None:
    before = _dump(old_db)
    line = _refusal(run("ingest", str(new_file), "--db", str(old_db), "--workers", "1"))
    assert f"annotator version {OLD}" in line and f"this storyline's is {VERSION}" in line
    assert "5 articles to annotate again and 5 to regroup" in line
    assert re.search(r"about \d+(\.\d)? (s|min|h)", line)
    assert "--upgrade" in line and "--no-process" in line and "resumable" in line
    assert _versions(old_db) == {OLD: 5} and _count(old_db, "articles") == 5
    assert _dump(old_db) == before  # not a row changed


def test_no_process_only_stores_the_new_articles(old_db: Path, new_file: Path) -> None:
    proc = run("ingest", str(new_file), "--db", str(old_db), "--no-process")
    assert proc.returncode == 0, proc.stderr
    assert "1 accepted" in proc.stdout
    assert _count(old_db, "articles") == 6 and _versions(old_db) == {OLD: 5}
    # the new article is counted as pending, not as an annotation to redo
    line = _refusal(run("ingest", str(new_file), "--db", str(old_db)))
    assert "5 articles to annotate again" in line


def test_upgrade_redoes_annotations_and_grouping_then_ingest_goes_on(old_db: Path, new_file: Path) -> None:
    proc = run("ingest", str(new_file), "--db", str(old_db), "--upgrade", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "1 accepted" in proc.stdout
    assert f"6 articles annotated by annotator version {VERSION}" in proc.stdout
    assert "threads, stories and entities rebuilt" in proc.stdout
    assert _versions(old_db) == {VERSION: 6} and _marker(old_db) == VERSION
    assert _count(old_db, "assignments") == 6
    again = run("ingest", str(new_file), "--db", str(old_db))  # current now: no refusal
    assert again.returncode == 0, again.stderr


def test_upgrade_alone_needs_no_input_and_says_when_there_is_nothing_to_do(old_db: Path) -> None:
    proc = run("ingest", "--upgrade", "--db", str(old_db), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert f"5 articles annotated by annotator version {VERSION}" in proc.stdout
    proc = run("ingest", "--upgrade", "--db", str(old_db))
    assert proc.returncode == 0 and "nothing to upgrade" in proc.stdout


def test_contradictory_or_missing_arguments_are_one_line(old_db: Path, new_file: Path) -> None:
    missing = old_db.parent / "missing.db"
    proc = run("ingest", "--upgrade", "--db", str(missing))
    assert proc.returncode == 2 and "no database at" in proc.stderr and not missing.exists()
    for args in (("--upgrade", "--no-process", str(new_file)), ()):
        proc = run("ingest", *args, "--db", str(old_db))
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("error: ")


def test_an_upgrade_killed_after_some_batches_goes_on_from_there(old_db: Path) -> None:
    """What a killed `--upgrade` leaves (annotation batches commit one by one): some
    annotations redone, the rest old, the grouping not rebuilt. The refusal counts only
    the rest, and `--upgrade` annotates only those."""
    with sqlite3.connect(old_db) as conn:
        done = [r[0] for r in conn.execute("SELECT article_id FROM annotations ORDER BY article_id LIMIT 3")]
    # the three are annotated by the current code (as the killed run had done)
    with sqlite3.connect(old_db) as conn:
        conn.executemany(
            "UPDATE annotations SET version = ? WHERE article_id = ?", [(VERSION, i) for i in done]
        )
    new = old_db.parent / "none.jsonl"
    new.write_text("", encoding="utf-8")
    assert "2 articles to annotate again" in _refusal(run("ingest", str(new), "--db", str(old_db)))
    proc = run("ingest", "--upgrade", "--db", str(old_db), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert f"2 articles annotated by annotator version {VERSION}" in proc.stdout


def test_regrouping_left_by_a_kill_is_refused_too(old_db: Path, new_file: Path) -> None:
    with sqlite3.connect(old_db) as conn:
        conn.execute("UPDATE annotations SET version = ?", (VERSION,))
    line = _refusal(run("ingest", str(new_file), "--db", str(old_db)))
    assert "0 articles to annotate again and 5 to regroup" in line
    proc = run("ingest", "--upgrade", "--db", str(old_db), "--workers", "1")
    assert proc.returncode == 0 and "rebuilt" in proc.stdout, proc.stderr
    assert _marker(old_db) == VERSION


def test_watch_refuses_to_start(old_db: Path, tmp_path: Path) -> None:
    sources = tmp_path / "feeds.txt"
    sources.write_text("https://example.org/rss\n", encoding="utf-8")
    line = _refusal(run("watch", str(sources), "--once", "--db", str(old_db)))
    assert "storyline ingest --upgrade" in line
    assert _count(old_db, "watch_sources") == 0


def test_post_api_articles_is_a_409_and_stores_nothing(old_db: Path) -> None:
    with TestClient(create_app(old_db, token=TOKEN), raise_server_exceptions=False) as client:
        answer = client.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 409, answer.text
    assert "storyline ingest --upgrade" in answer.json()["error"]
    assert _count(old_db, "articles") == 5


@pytest.mark.slow
def test_a_real_kill_of_upgrade_resumes(corpora: Path, tmp_path: Path) -> None:
    """SIGKILL an `--upgrade` once its first batch of annotations is committed; the next
    `--upgrade` annotates only what was left, and ends with the grouping rebuilt."""
    source = tmp_path / "some.jsonl"
    with (corpora / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        source.write_text("".join(next(lines) for _ in range(100)), encoding="utf-8")
    db = tmp_path / "kill.db"
    assert run("ingest", str(source), "--db", str(db), "--workers", "1").returncode == 0
    total = sum(_versions(db).values())
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE annotations SET version = ?", (OLD,))
        conn.execute("UPDATE state SET value = ? WHERE key = ?", (OLD.encode(), GROUPED_WITH))
    proc = subprocess.Popen([STORYLINE, "ingest", "--upgrade", "--db", str(db), "--workers", "1"])
    deadline = time.monotonic() + 600
    while _versions(db).get(VERSION, 0) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _versions(db).get(VERSION, 0)
    assert 0 < done < total, (done, total)
    assert _marker(db) == OLD
    resumed = run("ingest", "--upgrade", "--db", str(db), "--workers", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{total - done} articles annotated" in resumed.stdout
    assert _versions(db) == {VERSION: total} and _marker(db) == VERSION


def test_a_running_watcher_stops_when_its_store_is_moved_to_another_version(old_db: Path) -> None:
    """A watcher's poll on a store another storyline upgraded (or annotated) meanwhile:
    nothing of the poll is stored, and the error reaches the watcher's run (it stops)."""
    from storyline.errors import UpgradeNeededError
    from storyline.model import Rejection, SourceState
    from storyline.pipeline import Pipeline
    from storyline.store import open_store
    from storyline.watch.commit import store_poll
    from storyline.watch.poll import PollResult

    state = SourceState(url="https://example.org/rss", interval=600.0)
    result = PollResult(state, rejection=Rejection("watch https://example.org/rss", "HTTP 500"))
    with open_store(old_db) as store:
        pipeline = Pipeline(store, workers=1, owner="test watcher", refuse_upgrade=True)
        with pytest.raises(UpgradeNeededError, match="storyline ingest --upgrade"), pipeline:
            store_poll(pipeline, result, time.time())
    assert _count(old_db, "rejections") == 0 and _count(old_db, "watch_sources") == 0
