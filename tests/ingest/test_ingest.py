from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storyline.ingest import ingest
from storyline.store import Store, open_store
from tests.ingest.helpers import distinct_text, page_html, rss, sentences, write_jsonl


def test_mixed_directory_is_deterministic(tmp_path: Path, inputs: Path, seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    (inputs / "b").mkdir()
    (inputs / "b" / "z.txt").write_text(text, encoding="utf-8")
    (inputs / "b" / "page.html").write_text(
        page_html("Страница", sentences(distinct_text(3, 200))), encoding="utf-8"
    )
    write_jsonl(
        inputs / "a.jsonl", [{"id": "j", "text": distinct_text(1)}, {"id": "k", "text": distinct_text(2)}]
    )
    (inputs / "c.xml").write_text(
        rss([{"title": "Т", "link": "", "summary": distinct_text(4, 150)}]), encoding="utf-8"
    )
    (inputs / ".hidden.jsonl").write_text('{"text": "скрытый"}', encoding="utf-8")
    orders = []
    for run in range(2):
        with open_store(tmp_path / f"run{run}.db") as store:
            report = ingest(store, [str(inputs)])
            assert (report.accepted, report.rejected) == (5, 0), store.rejections()
            orders.append([(a.id, a.content_hash) for a in store.iter_articles()])
    assert orders[0] == orders[1]
    assert [i for i, _ in orders[0]][:3] == ["j", "k", orders[0][2][0]]  # a.jsonl, then b/page.html
    assert orders[0][3][0] == "z"


def test_idempotent(store: Store, inputs: Path, seeds_dir: Path) -> None:
    rows = [{"id": f"i{i}", "text": distinct_text(i)} for i in range(30)] + [{"id": "bad"}, "junk"]
    sources = [str(write_jsonl(inputs / "a.jsonl", rows)), str(seeds_dir), str(inputs / "missing.jsonl")]
    first = ingest(store, sources, batch_size=8)
    assert (first.accepted, first.rejected, first.duplicates, first.read_any) == (35, 3, 0, True)
    counts = (store.count_articles(), len(store.rejections()), store.count_duplicates())
    second = ingest(store, sources, batch_size=8)
    assert (second.accepted, second.rejected, second.duplicates, second.new_ids) == (0, 3, 35, [])
    assert (store.count_articles(), len(store.rejections()), store.count_duplicates()) == counts


def test_read_any_and_progress(store: Store, inputs: Path) -> None:
    nothing = ingest(store, [str(inputs / "nope.jsonl"), str(inputs / "nope")])
    assert (nothing.read_any, nothing.rejected) == (False, 2)
    assert ingest(store, []).read_any is False
    (inputs / "all_bad.jsonl").write_text("{bad\n[]\n", encoding="utf-8")
    assert ingest(store, [str(inputs / "all_bad.jsonl")]).read_any is True  # lines were read, all rejected
    seen: list[int] = []
    rows = [{"text": distinct_text(i)} for i in range(25)]
    ingest(store, [str(write_jsonl(inputs / "p.jsonl", rows))], batch_size=10, on_progress=seen.append)
    assert seen == [10, 20, 25]


def test_failed_batch_lands_nothing(store: Store, inputs: Path) -> None:
    rows = [{"id": f"f{i}", "text": distinct_text(i)} for i in range(10)]
    path = str(write_jsonl(inputs / "a.jsonl", rows))
    original = store.add_article
    calls = 0

    def flaky(article):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 7:
            raise sqlite3.OperationalError("disk I/O error")
        return original(article)

    store.add_article = flaky  # type: ignore[method-assign]
    try:
        ingest(store, [path], batch_size=5)
    except sqlite3.OperationalError:
        pass
    store.add_article = original  # type: ignore[method-assign]
    assert [a.id for a in store.iter_articles()] == [f"f{i}" for i in range(5)]  # first batch only
    report = ingest(store, [path], batch_size=5)
    assert (report.accepted, report.duplicates) == (5, 5) and store.count_articles() == 10


KILLED_RUN = """
import sys, time
from storyline.store import open_store
from storyline.ingest import ingest
store = open_store(sys.argv[1])
# A pause per batch stands in for slow sources so the parent can kill mid-run.
ingest(store, [sys.argv[2]], batch_size=25, on_progress=lambda n: time.sleep(0.01))
"""


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet


def test_killed_ingest_reruns_to_exactly_once(tmp_path: Path) -> None:
    total = 3000
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(total):
            out.write(
                "{broken json\n"
                if i % 100 == 99
                else json.dumps({"id": f"k{i}", "text": distinct_text(i, 60)}) + "\n"
            )
    good = total - total // 100
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(db), str(path)], env=env)
    deadline = time.monotonic() + 120
    try:
        while stored_count(db) < 300:
            assert proc.poll() is None, "ingest ended before it could be killed"
            assert time.monotonic() < deadline, "ingest stored nothing in time"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    before = stored_count(db)
    assert 0 < before < good, before

    with open_store(db) as store:
        report = ingest(store, [str(path)])
        assert report.accepted == good - before and report.duplicates == before
        assert store.count_articles() == good
        ids = [a.id for a in store.iter_articles(with_annotation=False)]
        assert sorted(ids) == sorted(f"k{i}" for i in range(total) if i % 100 != 99)
        assert len(store.rejections()) == total // 100
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (
            conn.execute("SELECT COUNT(*) FROM minhash").fetchone()[0] == good
        )  # signatures stored with rows
        assert conn.execute("SELECT COUNT(DISTINCT article_id) FROM minhash_bands").fetchone()[0] == good


def test_symlink_loop_and_hidden(store: Store, inputs: Path) -> None:
    write_jsonl(inputs / "a.jsonl", [{"id": "only", "text": distinct_text(1)}])
    (inputs / "loop").symlink_to(inputs, target_is_directory=True)
    (inputs / ".git").mkdir()
    write_jsonl(inputs / ".git" / "b.jsonl", [{"id": "hidden", "text": distinct_text(2)}])
    report = ingest(store, [str(inputs)])
    assert (
        report.accepted == 1 and report.duplicates == 0 and [a.id for a in store.iter_articles()] == ["only"]
    )
