"""Issue #14: a server, a watcher and an ingest writing and reading one PostgreSQL
database at once, all through the real `storyline` entry point on 127.0.0.1.

`storyline serve --db postgresql://...` runs on real uvicorn; while
`storyline watch --once` polls a local feed server and `storyline ingest` loads a
JSONL file, the server's own writer takes posted articles and a reader keeps
asking pages. Afterwards nothing is lost or duplicated: every article of every
writer is stored once and assigned once, `storyline doctor` finds the store
consistent, and every page answered throughout.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

from tests.pg import Cluster
from tests.test_writers import STORYLINE, bsnlp, write_jsonl
from tests.watch.site import Entry, Site, article_page, rss, start_site
from tests.web.conftest import LIVE_TOKEN, START_TIMEOUT_S, _free_port

# Articles each writer brings (bsnlp-ru texts, each writer its own): enough that
# their batches interleave, few enough to annotate in a minute on a loaded machine.
PER_WRITER = 4
POSTS = 2
# Pages the reader asks in turn while the writers run.
READS = [
    "/",
    "/api/stories",
    "/api/stories?sort=activity",
    f"/api/search?q={quote('Брексит')}",
    "/rejections",
]
# Seconds the writers may take (annotation under a load of 10-25).
WRITERS_TIMEOUT_S = 600


@pytest.fixture
def site() -> Iterator[Site]:
    news, httpd = start_site()
    yield news
    news.stopping.set()
    httpd.shutdown()
    httpd.server_close()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([STORYLINE, *args], capture_output=True, text=True, timeout=WRITERS_TIMEOUT_S)


def _start_server(url: str, tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    token = tmp_path / "token"
    token.write_text(LIVE_TOKEN)
    proc = subprocess.Popen(
        [STORYLINE, "serve", "--db", url, "--port", str(port), "--token-file", str(token), "--cache", "64"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/stories")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "serve exited") from None
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("storyline serve did not answer")


def _reader(port: int, stop: threading.Event, seen: list[tuple[str, int]]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    n = 0
    while not stop.is_set():
        path = READS[n % len(READS)]
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        seen.append((path, response.status))
        n += 1
        time.sleep(0.05)
    conn.close()


def _post(port: int, record: dict[str, object]) -> tuple[int, dict[str, object]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WRITERS_TIMEOUT_S)
    body = json.dumps(record, ensure_ascii=False).encode()
    headers = {"Authorization": f"Bearer {LIVE_TOKEN}", "Content-Type": "application/json"}
    conn.request("POST", "/api/articles", body=body, headers=headers)
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def test_server_watcher_and_ingest_at_once_lose_and_duplicate_nothing(
    pg_cluster: Cluster, seeds_dir: Path, corpora: Path, site: Site, tmp_path: Path
) -> None:
    url = pg_cluster.new_database("together")
    assert _run("ingest", str(seeds_dir), "--db", url, "--workers", "1").returncode == 0
    records = [r for _, topic in sorted(bsnlp(corpora).items()) for r in topic[:3]]
    watched, ingested, posted = (
        records[:PER_WRITER],
        records[PER_WRITER : 2 * PER_WRITER],
        records[2 * PER_WRITER : 2 * PER_WRITER + POSTS],
    )
    entries = []
    for i, record in enumerate(watched):
        link = site.set(
            f"/news/{i}.html",
            article_page(record.get("title") or f"Новость {i}", record["text"], "2019-01-10"),
        )
        entries.append(Entry(f"urn:news:{i}", record.get("title") or f"Новость {i}", link))
    site.set("/rss", rss(entries), content_type="application/rss+xml")
    sources = tmp_path / "sources.txt"
    sources.write_text(site.url("/rss") + "\n", encoding="utf-8")
    jsonl = write_jsonl(tmp_path / "more.jsonl", [{**r, "id": f"ingested-{r['id']}"} for r in ingested])

    server, port = _start_server(url, tmp_path)
    stop, seen = threading.Event(), []  # type: ignore[var-annotated]
    reader = threading.Thread(target=_reader, args=(port, stop, seen))
    try:
        reader.start()
        common = ["--db", url]
        watcher = subprocess.Popen(
            [STORYLINE, "watch", str(sources), *common, "--once", "--allow-private", "--host-delay", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        ingest = subprocess.Popen(
            [STORYLINE, "ingest", str(jsonl), *common, "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        fields = ("title", "text", "published", "source", "url")
        answers = [
            _post(port, {"id": f"posted-{r['id']}", **{k: r[k] for k in fields if r.get(k)}}) for r in posted
        ]
        watch_out, watch_err = watcher.communicate(timeout=WRITERS_TIMEOUT_S)
        ingest_out, ingest_err = ingest.communicate(timeout=WRITERS_TIMEOUT_S)
        time.sleep(1)  # a few reads after the last write
    finally:
        stop.set()
        reader.join(timeout=120)
        server.terminate()
        server.wait(timeout=30)
    assert watcher.returncode == 0, watch_err
    assert f"{PER_WRITER} new articles" in watch_out, watch_out
    assert ingest.returncode == 0, ingest_err
    assert f"{PER_WRITER} accepted, 0 rejected" in ingest_out, ingest_out
    assert [status for status, _ in answers] == [201] * POSTS, answers
    assert all(body["story_id"] for _, body in answers)

    assert len(seen) >= len(READS) and all(status == 200 for _, status in seen), [
        s for s in seen if s[1] != 200
    ]
    total = 5 + 2 * PER_WRITER + POSTS
    with psycopg.connect(url) as db:
        articles = _row(db, "SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles")
        placed = _row(db, "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM assignments")
        pending = _row(
            db,
            "SELECT COUNT(*) FROM articles a LEFT JOIN annotations n ON n.article_id = a.id WHERE n.article_id IS NULL",
        )[0]
        ids = {r[0] for r in db.execute("SELECT id FROM articles")}
    assert articles == (total, total)
    assert placed == (total, total) and pending == 0
    assert {f"ingested-{r['id']}" for r in ingested} | {f"posted-{r['id']}" for r in posted} <= ids
    doctor = _run("doctor", "--db", url)
    assert doctor.returncode == 0 and doctor.stdout.startswith(
        f"ok: {url} is consistent ({total} articles"
    ), doctor.stdout + doctor.stderr


def test_serve_watch_on_postgresql_writes_through_the_servers_writer(
    pg_cluster: Cluster, site: Site, tmp_path: Path
) -> None:
    """`serve --watch` on PostgreSQL: the server's writer thread, on its lease, stores
    what the watcher finds, and the story page shows a new entry without a restart."""
    from tests.watch.test_serve_watch import ARRIVAL_TIMEOUT_S, _page
    from tests.watch.test_watch_cli import listing, pages, watch

    url = pg_cluster.new_database("watch")
    entries = pages(site, range(3))
    site.set("/rss", rss(entries[:2]), content_type="application/rss+xml")
    sources = listing(tmp_path, site.url("/rss"))
    assert watch(url, sources).returncode == 0  # type: ignore[arg-type]
    with psycopg.connect(url) as db:
        (story_id,) = _row(db, "SELECT id FROM stories")
    port = _free_port()
    command = [STORYLINE, "serve", "--db", url, "--port", str(port)]
    command += ["--watch", str(sources), "--watch-interval", "1", "--allow-private"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    page = f"http://127.0.0.1:{port}/stories/{story_id}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and "Новость номер 1" not in _page(page):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
            time.sleep(0.3)
        assert "Новость номер 2" not in _page(page)
        site.set("/rss", rss(entries), content_type="application/rss+xml")
        gained = time.monotonic()
        while time.monotonic() < gained + ARRIVAL_TIMEOUT_S and "Новость номер 2" not in _page(page):
            time.sleep(0.3)
        assert "Новость номер 2" in _page(page)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    with psycopg.connect(url) as db:
        assert _row(db, "SELECT COUNT(*) FROM articles")[0] == 3
        assert _row(db, "SELECT COUNT(*) FROM writer_lease")[0] <= 1
    assert _run("doctor", "--db", url).returncode == 0


def _row(db: psycopg.Connection[tuple[Any, ...]], sql: str) -> tuple[Any, ...]:
    """The one row a query must give."""
    row = db.execute(sql).fetchone()  # type: ignore[call-overload]  # plain SQL text
    assert row is not None, sql
    return row
